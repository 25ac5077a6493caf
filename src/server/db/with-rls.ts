import { sql } from "drizzle-orm";
import { type AppDatabase, getDatabase } from "./client";

// The two ways to reach data. `withUser` is the only one product code uses: the work runs
// inside one transaction as the `authenticated` role with the user's claims set, exactly
// as PostgREST does on Supabase, so Postgres itself refuses other workspaces' rows.
// `withService` is for background work (sync, webhooks, cron, sign-in) and must say
// which workspace, connection or user it acts for.
//
// Never hold these transactions open across network or LLM calls: fetch, then write.

export type Tx = Parameters<Parameters<AppDatabase["transaction"]>[0]>[0];

export async function withUser<T>(userId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (!userId) throw new Error("withUser needs a user id");
  const { db } = await getDatabase();
  const claims = JSON.stringify({ sub: userId, role: "authenticated" });
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${claims}, true)`,
    );
    return work(tx);
  });
}

export type ServiceScope =
  | { workspaceId: string; reason: string }
  | { connectionId: string; reason: string }
  | { userId: string; reason: string };

export async function withService<T>(scope: ServiceScope, work: (tx: Tx) => Promise<T>): Promise<T> {
  const named = "workspaceId" in scope ? scope.workspaceId : "connectionId" in scope ? scope.connectionId : scope.userId;
  if (!named || !scope.reason) throw new Error("withService must name its workspace, connection or user and a reason");
  const { db } = await getDatabase();
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('role', 'service_role', true), set_config('request.jwt.claims', ${JSON.stringify({ role: "service_role", scope })}, true)`,
    );
    return work(tx);
  });
}

/** The SQLSTATE of a database error, looking through Drizzle's wrapper. */
export function pgErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Rows of a raw `tx.execute` result, which PGlite and postgres.js shape differently. */
export function resultRows<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
