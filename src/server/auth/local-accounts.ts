import crypto from "node:crypto";
import { and, count, eq, gt, min, sql } from "drizzle-orm";
import { SafeError } from "@/lib/errors";
import { authUsers, loginFailures, profiles } from "@/server/db/schema";
import { pgErrorCode, withService } from "@/server/db/with-rls";
import { signupAllowed } from "./config";
import { type SignInInput, type SignUpInput, signInSchema, signUpSchema } from "./credentials";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./password";

// Local accounts live in auth.users, the same table Supabase Auth uses, so everything
// downstream (profiles, RLS) is identical. The insert fires the database trigger that
// creates the profile and personal workspace.

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 30;

export type LocalUser = { id: string; email: string; personalWorkspaceId: string | null };

/** Self-service sign-up from the browser, subject to AIVA_ALLOW_SIGNUP. */
export async function signUpLocal(input: SignUpInput): Promise<LocalUser> {
  if (!signupAllowed()) {
    throw new SafeError("New accounts are turned off on this Aiva. Ask its administrator for an account.", "signup_closed");
  }
  return createLocalAccount(input);
}

/** Creates a local account and, through the database trigger, its personal workspace. */
export async function createLocalAccount(input: SignUpInput): Promise<LocalUser> {
  const { name, email, password } = signUpSchema.parse(input);
  const passwordHash = await hashPassword(password);
  const id = crypto.randomUUID();
  try {
    return await withService({ userId: id, reason: "sign up" }, async (tx) => {
      await tx.execute(sql`
        insert into auth.users (id, email, encrypted_password, email_confirmed_at, raw_user_meta_data)
        values (${id}, ${email}, ${passwordHash}, now(), ${JSON.stringify(name ? { name } : {})}::jsonb)`);
      const [profile] = await tx
        .select({ workspaceId: profiles.lastWorkspaceId })
        .from(profiles)
        .where(eq(profiles.id, id));
      return { id, email, personalWorkspaceId: profile?.workspaceId ?? null };
    });
  } catch (error) {
    if (pgErrorCode(error) === "23505") {
      throw new SafeError("An account with this email already exists. Sign in instead.", "email_taken");
    }
    throw error;
  }
}

function minutesUntil(date: Date): number {
  return Math.max(1, Math.ceil((date.getTime() - Date.now()) / 60_000));
}

async function assertNotThrottled(email: string, clientIp: string | null): Promise<void> {
  const since = new Date(Date.now() - THROTTLE_WINDOW_MS);
  const [byEmail, byIp] = await withService({ userId: "sign-in", reason: "throttle sign-in" }, (tx) =>
    Promise.all([
      tx
        .select({ n: count(), first: min(loginFailures.failedAt) })
        .from(loginFailures)
        .where(and(eq(loginFailures.email, email), gt(loginFailures.failedAt, since))),
      clientIp
        ? tx
            .select({ n: count(), first: min(loginFailures.failedAt) })
            .from(loginFailures)
            .where(and(eq(loginFailures.clientIp, clientIp), gt(loginFailures.failedAt, since)))
        : Promise.resolve([{ n: 0, first: null }]),
    ]),
  );
  for (const [row, limit] of [
    [byEmail[0], MAX_FAILURES_PER_EMAIL],
    [byIp[0], MAX_FAILURES_PER_IP],
  ] as const) {
    if (row && row.n >= limit && row.first) {
      const retryAt = new Date(new Date(row.first).getTime() + THROTTLE_WINDOW_MS);
      const minutes = minutesUntil(retryAt);
      throw new SafeError(
        `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
        "throttled",
      );
    }
  }
}

/** Checks a local account's password; throws a SafeError meant for the person signing in. */
export async function verifyLocalCredentials(input: SignInInput, clientIp: string | null): Promise<{ id: string; email: string }> {
  const { email, password } = signInSchema.parse(input);
  await assertNotThrottled(email, clientIp);

  const [user] = await withService({ userId: "sign-in", reason: "look up account" }, (tx) =>
    tx
      .select({ id: authUsers.id, email: authUsers.email, hash: sql<string | null>`encrypted_password` })
      .from(authUsers)
      .where(sql`lower(${authUsers.email}) = ${email}`),
  );
  const valid = await verifyPassword(user?.hash ?? (await dummyPasswordHash()), password);
  if (!user || !user.hash || !valid) {
    await withService({ userId: "sign-in", reason: "record failed sign-in" }, (tx) =>
      tx.insert(loginFailures).values({ email, clientIp }),
    );
    throw new SafeError("That email and password don't match an account.", "bad_credentials");
  }

  await withService({ userId: user.id, reason: "sign in" }, async (tx) => {
    await tx.delete(loginFailures).where(eq(loginFailures.email, email));
    await tx.execute(sql`update auth.users set last_sign_in_at = now() where id = ${user.id}`);
  });
  return { id: user.id, email: user.email ?? email };
}

/** Sets a local account's password (the admin CLI's `user add`, password resets). */
export async function setLocalPassword(userId: string, password: string): Promise<void> {
  const hashed = await hashPassword(password);
  await withService({ userId, reason: "set password" }, (tx) =>
    tx.execute(sql`update auth.users set encrypted_password = ${hashed}, updated_at = now() where id = ${userId}`),
  );
}
