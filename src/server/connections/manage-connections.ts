import { and, asc, desc, eq, ne } from "drizzle-orm";
import { SafeError } from "@/lib/errors";
import { removeCalendarsOfGrant } from "@/server/calendar/google/connections";
import { channelConnections, syncRuns } from "@/server/db/schema";
import { withService, withUser } from "@/server/db/with-rls";
import { deleteSecrets } from "@/server/secrets/secret-store";
import { requestSync } from "@/server/sync/request-sync";
import { loadConnection } from "@/server/sync/run-sync";

export type ConnectionSummary = {
  id: string;
  provider: string;
  account: string;
  displayName: string | null;
  status: string;
  lastSyncAt: Date | null;
  lastError: string | null;
  metadata: Record<string, unknown>;
  latestRun: { status: string; processed: number; total: number | null; imported: number; error: string | null; createdAt: Date } | null;
};

/** Live connections of a workspace (file imports are listed with the import history). */
export async function listConnections(userId: string, workspaceId: string): Promise<ConnectionSummary[]> {
  return withUser(userId, async (tx) => {
    const rows = await tx
      .select()
      .from(channelConnections)
      .where(and(eq(channelConnections.workspaceId, workspaceId), ne(channelConnections.provider, "import")))
      .orderBy(asc(channelConnections.createdAt));
    const result: ConnectionSummary[] = [];
    for (const row of rows) {
      const [run] = await tx
        .select()
        .from(syncRuns)
        .where(eq(syncRuns.connectionId, row.id))
        .orderBy(desc(syncRuns.createdAt))
        .limit(1);
      result.push({
        id: row.id,
        provider: row.provider,
        account: row.providerAccountId,
        displayName: row.displayName,
        status: row.status,
        lastSyncAt: row.lastSyncAt,
        lastError: row.lastError,
        metadata: row.metadata,
        latestRun: run
          ? { status: run.status, processed: run.processed, total: run.total, imported: run.imported, error: run.error, createdAt: run.createdAt }
          : null,
      });
    }
    return result;
  });
}

async function requireConnection(userId: string, workspaceId: string, connectionId: string) {
  const [row] = await withUser(userId, (tx) =>
    tx
      .select({ id: channelConnections.id, workspaceId: channelConnections.workspaceId, provider: channelConnections.provider })
      .from(channelConnections)
      .where(and(eq(channelConnections.id, connectionId), eq(channelConnections.workspaceId, workspaceId))),
  );
  if (!row || row.provider === "import") throw new SafeError("That connection doesn't exist in this workspace.", "not_found");
  return row;
}

export async function syncNow(userId: string, workspaceId: string, connectionId: string) {
  const connection = await requireConnection(userId, workspaceId, connectionId);
  return requestSync(connection, "manual");
}

/**
 * Removes the connection and, with it, its messages in Aiva, and for a Google account its
 * calendars (their events go with them). No mail changes on the server; a Gmail account's
 * push notifications are stopped (users.stop, best effort: see stopGmailWatch).
 */
export async function disconnect(userId: string, workspaceId: string, connectionId: string): Promise<void> {
  const { provider } = await requireConnection(userId, workspaceId, connectionId);
  // Read before the row goes: users.stop needs the account and its credentials.
  const stored = provider === "gmail" ? await loadConnection(connectionId) : null;
  const removed = await withUser(userId, (tx) =>
    tx.delete(channelConnections).where(eq(channelConnections.id, connectionId)).returning({ id: channelConnections.id }),
  );
  if (removed.length === 0) {
    throw new SafeError("Only the person who connected this account, or an admin, can disconnect it.", "forbidden");
  }
  if (stored) {
    const { stopGmailWatch } = await import("@/server/channels/gmail/watch");
    await stopGmailWatch(stored);
  }
  // The calendars used this account's Google grant, which is gone now.
  await removeCalendarsOfGrant(connectionId);
  // Its password or tokens go with it: nothing is kept for an account that is gone.
  await withService({ workspaceId, reason: "forget a disconnected account's credentials" }, (tx) =>
    deleteSecrets(tx, { workspaceId, ownerKind: "channel_connection", ownerId: connectionId }),
  );
}
