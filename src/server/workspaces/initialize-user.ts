import { sql } from "drizzle-orm";
import type { SessionUser } from "@/server/auth/local-sessions";
import { resultRows, withService } from "@/server/db/with-rls";

/**
 * The database creates a profile and personal workspace when a user row is inserted
 * (trigger on auth.users). Users that existed before Aiva's migrations ran on a Supabase
 * project have none yet; this creates them, exactly once (the profile insert is the gate).
 * Returns the new personal workspace, or null when the user already had a profile.
 */
export async function ensureUserInitialized(user: SessionUser): Promise<string | null> {
  return withService({ userId: user.id, reason: "initialize user" }, async (tx) => {
    const result = await tx.execute(
      sql`select private.initialize_user(${user.id}::uuid, ${user.email}, null) as workspace_id`,
    );
    return resultRows<{ workspace_id: string | null }>(result)[0]?.workspace_id ?? null;
  });
}
