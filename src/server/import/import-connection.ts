import { and, eq, sql } from "drizzle-orm";
import { SafeError } from "@/lib/errors";
import { channelConnections } from "@/server/db/schema";
import { resultRows, withService } from "@/server/db/with-rls";

// Messages brought in from .mbox/.eml files belong to one "Imported mail" connection per
// workspace, so dedup (connection, provider message id) spans every file imported there.

export const IMPORT_PROVIDER = "import" as const;
export const IMPORT_ACCOUNT_ID = "files";
export const IMPORT_DISPLAY_NAME = "Imported mail";

/** Where imported messages say they came from: files by default, the demo's sample mail. */
export type ImportSource = { accountId: string; displayName: string };
const FILES: ImportSource = { accountId: IMPORT_ACCOUNT_ID, displayName: IMPORT_DISPLAY_NAME };

/** The workspace's import connection, created on first use. Safe to call concurrently. */
export async function ensureImportConnection(workspaceId: string, userId: string, source: ImportSource = FILES): Promise<string> {
  return withService({ workspaceId, reason: "ensure import connection" }, async (tx) => {
    const where = and(
      eq(channelConnections.workspaceId, workspaceId),
      eq(channelConnections.provider, IMPORT_PROVIDER),
      eq(channelConnections.providerAccountId, source.accountId),
    );
    const [existing] = await tx.select({ id: channelConnections.id }).from(channelConnections).where(where);
    if (existing) return existing.id;
    // A concurrent caller may insert between the select and here: the unique index
    // (workspace, provider, account) turns the loser's insert into a no-op.
    await tx
      .insert(channelConnections)
      .values({
        workspaceId,
        userId,
        provider: IMPORT_PROVIDER,
        providerAccountId: source.accountId,
        displayName: source.displayName,
        status: "active",
      })
      .onConflictDoNothing({
        target: [channelConnections.workspaceId, channelConnections.provider, channelConnections.providerAccountId],
      });
    const [row] = await tx.select({ id: channelConnections.id }).from(channelConnections).where(where);
    if (!row) throw new Error(`import connection for workspace ${workspaceId} was neither found nor created`);
    return row.id;
  });
}

export type ImportTarget = { userId: string; userEmail: string; workspaceId: string; workspaceName: string };

/**
 * Where an admin's import goes: the account with this email, and the workspace of theirs
 * with this name (or id), their personal workspace when no name is given.
 */
export async function resolveImportTarget(email: string, workspace?: string | null): Promise<ImportTarget> {
  const wanted = email.trim();
  if (!wanted) throw new SafeError("Pass the account to import for: --user <email>.");
  return withService({ userId: `import:${wanted.toLowerCase()}`, reason: "resolve import target" }, async (tx) => {
    const [user] = resultRows<{ id: string; email: string }>(
      await tx.execute(sql`select id::text as id, email from public.profiles where lower(email) = lower(${wanted})`),
    );
    if (!user) throw new SafeError(`No account with the email ${wanted}. Create it first: npm run aiva -- user add ${wanted} --password-stdin`);

    const memberships = resultRows<{ id: string; name: string; is_personal: boolean; created_by: string | null }>(
      await tx.execute(sql`
        select w.id::text as id, w.name, w.is_personal, w.created_by::text as created_by
        from public.workspace_members m join public.workspaces w on w.id = m.workspace_id
        where m.user_id = ${user.id}::uuid
        order by w.created_at`),
    );
    const done = (w: { id: string; name: string }): ImportTarget => ({
      userId: user.id,
      userEmail: user.email,
      workspaceId: w.id,
      workspaceName: w.name,
    });

    const name = workspace?.trim();
    if (!name) {
      const personal = memberships.find((w) => w.is_personal && w.created_by === user.id) ?? memberships.find((w) => w.is_personal);
      if (!personal) throw new SafeError(`${user.email} has no personal workspace; name one with --workspace <name>.`);
      return done(personal);
    }
    const byId = memberships.find((w) => w.id === name.toLowerCase());
    if (byId) return done(byId);
    const matches = memberships.filter((w) => w.name.toLowerCase() === name.toLowerCase());
    if (matches.length === 1) return done(matches[0]!);
    if (matches.length > 1) {
      throw new SafeError(
        `${user.email} has ${matches.length} workspaces named "${name}"; pass one by id instead: --workspace ${matches.map((w) => w.id).join(" | ")}`,
      );
    }
    const names = memberships.map((w) => `"${w.name}"`).join(", ");
    throw new SafeError(`${user.email} is not a member of a workspace named "${name}". Their workspaces: ${names || "none"}.`);
  });
}
