import crypto from "node:crypto";
import { and, eq, gt, lt } from "drizzle-orm";
import { authUsers, localSessions } from "@/server/db/schema";
import { withService } from "@/server/db/with-rls";

// Database-backed sessions for local accounts. The cookie holds a random token; the
// database holds only its SHA-256, so a leaked table cannot be replayed.

import { SESSION_TTL_MS } from "./session-cookie";
const RENEW_AFTER_MS = 24 * 60 * 60 * 1000;

export type SessionUser = { id: string; email: string };

const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

export async function createSession(userId: string, userAgent?: string | null): Promise<string> {
  const token = crypto.randomBytes(32).toString("base64url");
  await withService({ userId, reason: "sign in" }, (tx) =>
    tx.insert(localSessions).values({
      tokenHash: hashToken(token),
      userId,
      userAgent: userAgent?.slice(0, 300) ?? null,
      expiresAt: new Date(Date.now() + SESSION_TTL_MS),
    }),
  );
  return token;
}

/** The user a session token belongs to, or null when it is unknown or expired. */
export async function resolveSession(token: string | undefined): Promise<SessionUser | null> {
  if (!token || token.length > 100) return null;
  const tokenHash = hashToken(token);
  return withService({ userId: "session-lookup", reason: "resolve session" }, async (tx) => {
    const [row] = await tx
      .select({ id: authUsers.id, email: authUsers.email, lastSeenAt: localSessions.lastSeenAt })
      .from(localSessions)
      .innerJoin(authUsers, eq(authUsers.id, localSessions.userId))
      .where(and(eq(localSessions.tokenHash, tokenHash), gt(localSessions.expiresAt, new Date())));
    if (!row) return null;
    if (Date.now() - row.lastSeenAt.getTime() > RENEW_AFTER_MS) {
      await tx
        .update(localSessions)
        .set({ lastSeenAt: new Date(), expiresAt: new Date(Date.now() + SESSION_TTL_MS) })
        .where(eq(localSessions.tokenHash, tokenHash));
    }
    return { id: row.id, email: row.email ?? "" };
  });
}

export async function deleteSession(token: string | undefined): Promise<void> {
  if (!token) return;
  await withService({ userId: "session-lookup", reason: "sign out" }, (tx) =>
    tx.delete(localSessions).where(eq(localSessions.tokenHash, hashToken(token))),
  );
}

export async function deleteExpiredSessions(): Promise<void> {
  await withService({ userId: "system", reason: "expire sessions" }, (tx) =>
    tx.delete(localSessions).where(lt(localSessions.expiresAt, new Date())),
  );
}
