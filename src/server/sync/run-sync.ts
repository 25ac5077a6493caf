import { and, eq, inArray, sql } from "drizzle-orm";
import { syncGoogleCalendars } from "@/server/calendar/google/sync";
import { ChannelError } from "@/server/channels/errors";
import { loadAdapter } from "@/server/channels/registry";
import type { KnownMessage, RemoteStateChange, SecretAccess, StoredConnection, SyncLimits, SyncSession } from "@/server/channels/types";
import { channelConnections, messages } from "@/server/db/schema";
import { withService } from "@/server/db/with-rls";
import { getSecret, putSecret } from "@/server/secrets/secret-store";
import { ingestMessages } from "./ingest";
import { finishSyncRun, reportSyncProgress, startSyncRun } from "./sync-runs";

// Runs one sync of one connection: the adapter fetches, the session stores. The
// connection's status tells people how it went, in words they can act on.

export type SyncOutcome = { imported: number; duplicates: number; processed: number; total: number };

export function syncLimits(): SyncLimits {
  return {
    initialDays: Number(process.env.AIVA_SYNC_INITIAL_DAYS) || 90,
    initialMaxMessages: Number(process.env.AIVA_SYNC_INITIAL_MAX_MESSAGES) || 5000,
  };
}

export async function loadConnection(connectionId: string): Promise<StoredConnection | null> {
  const [row] = await withService({ connectionId, reason: "load connection" }, (tx) =>
    tx.select().from(channelConnections).where(eq(channelConnections.id, connectionId)),
  );
  if (!row) return null;
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    userId: row.userId,
    provider: row.provider as StoredConnection["provider"],
    providerAccountId: row.providerAccountId,
    displayName: row.displayName,
    metadata: row.metadata,
    syncCursor: row.syncCursor ?? null,
  };
}

export function connectionSecrets(connection: Pick<StoredConnection, "id" | "workspaceId">): SecretAccess {
  const owner = { workspaceId: connection.workspaceId, ownerKind: "channel_connection" as const, ownerId: connection.id };
  return {
    get: (name) => withService({ connectionId: connection.id, reason: "read credential" }, (tx) => getSecret(tx, owner, name)),
    set: (name, value) => withService({ connectionId: connection.id, reason: "store credential" }, (tx) => putSecret(tx, owner, name, value)),
  };
}

/** Applies state that changed at the provider to messages Aiva already has. */
export async function applyRemoteState(connectionId: string, changes: RemoteStateChange[]): Promise<void> {
  if (changes.length === 0) return;
  await withService({ connectionId, reason: "apply remote state" }, async (tx) => {
    for (const change of changes) {
      const set: Partial<typeof messages.$inferInsert> = {};
      if (change.isRead !== undefined) set.isRead = change.isRead;
      if (change.isStarred !== undefined) set.isStarred = change.isStarred;
      if (change.isArchived !== undefined) set.isArchived = change.isArchived;
      if (change.deleted) set.isArchived = true;
      if (change.providerMeta) set.providerMeta = change.providerMeta;
      if (Object.keys(set).length === 0) continue;
      await tx
        .update(messages)
        .set(set)
        .where(and(eq(messages.connectionId, connectionId), eq(messages.providerMessageId, change.providerMessageId)));
    }
  });
}

async function knownMessages(connectionId: string, locator: Record<string, string | number>): Promise<KnownMessage[]> {
  return withService({ connectionId, reason: "list known messages" }, (tx) =>
    tx
      .select({
        providerMessageId: messages.providerMessageId,
        providerMeta: messages.providerMeta,
        isRead: messages.isRead,
        isStarred: messages.isStarred,
        isArchived: messages.isArchived,
      })
      .from(messages)
      .where(and(eq(messages.connectionId, connectionId), sql`${messages.providerMeta} @> ${JSON.stringify(locator)}::jsonb`)),
  );
}

async function setConnectionState(connectionId: string, state: Partial<typeof channelConnections.$inferInsert>): Promise<void> {
  await withService({ connectionId, reason: "connection status" }, (tx) =>
    tx.update(channelConnections).set(state).where(eq(channelConnections.id, connectionId)),
  );
}

/**
 * Syncs a connection. Errors the person must act on (bad password, wrong host) end the
 * run without retry; transient ones are rethrown so the job queue retries with backoff.
 * Whatever was stored before a failure stays stored, and the cursor only ever reflects
 * stored messages, so the next run resumes where this one stopped.
 */
export async function runSync(input: { connectionId: string; runId?: string; signal?: AbortSignal }): Promise<SyncOutcome> {
  const connection = await loadConnection(input.connectionId);
  if (!connection) throw new ChannelError("This connection no longer exists.", "config");
  const adapter = await loadAdapter(connection.provider);
  const outcome: SyncOutcome = { imported: 0, duplicates: 0, processed: 0, total: 0 };
  const signal = input.signal ?? new AbortController().signal;
  const report = async () => {
    if (input.runId) await reportSyncProgress(input.runId, connection.id, { ...outcome, total: outcome.total || null });
  };

  if (input.runId) await startSyncRun(input.runId, connection.id);
  await setConnectionState(connection.id, { status: "syncing" });

  const session: SyncSession = {
    connection,
    secrets: connectionSecrets(connection),
    limits: syncLimits(),
    signal,
    async ingest(batch) {
      const result = await ingestMessages({ workspaceId: connection.workspaceId, connectionId: connection.id }, batch);
      outcome.imported += result.inserted.length;
      outcome.duplicates += result.duplicates;
      return result;
    },
    applyRemoteState: (changes) => applyRemoteState(connection.id, changes),
    knownMessages: (locator) => knownMessages(connection.id, locator),
    async saveCursor(cursor) {
      await setConnectionState(connection.id, { syncCursor: cursor });
    },
    async compareAndSaveCursor(expected, next) {
      const rows = await withService({ connectionId: connection.id, reason: "move the sync cursor" }, (tx) =>
        tx
          .update(channelConnections)
          .set({ syncCursor: next })
          .where(
            and(
              eq(channelConnections.id, connection.id),
              expected === null
                ? sql`${channelConnections.syncCursor} is null`
                : sql`${channelConnections.syncCursor} = ${JSON.stringify(expected)}::jsonb`,
            ),
          )
          .returning({ id: channelConnections.id }),
      );
      return rows.length > 0;
    },
    async storedCursor() {
      return (await loadConnection(connection.id))?.syncCursor ?? null;
    },
    async progress({ processed, total }) {
      outcome.processed = processed;
      outcome.total = total ?? outcome.total;
      await report();
    },
  };

  try {
    await adapter.sync(session);
  } catch (error) {
    const known = error instanceof ChannelError ? error : null;
    if (!known) console.error(`[sync ${connection.id}]`, error);
    const message = known?.message ?? "The sync failed unexpectedly. Aiva will try again.";
    await setConnectionState(connection.id, {
      status: known?.kind === "auth" ? "reauth_required" : "error",
      lastError: message,
    });
    if (input.runId) await finishSyncRun(input.runId, connection.id, { ...outcome, total: outcome.total || null, error: message });
    await syncCalendarsOf(connection, signal);
    if (known && known.kind !== "transient") return outcome;
    throw error;
  }

  await setConnectionState(connection.id, { status: "active", lastSyncAt: new Date(), lastError: null });
  if (input.runId) await finishSyncRun(input.runId, connection.id, { ...outcome, total: outcome.total || null });
  await syncCalendarsOf(connection, signal);
  return outcome;
}

/**
 * A Google account's calendars sync right after its mail, on the same grant. Their
 * outcome is recorded on each calendar connection and never changes the mail sync's.
 */
async function syncCalendarsOf(connection: StoredConnection, signal: AbortSignal): Promise<void> {
  if (connection.provider !== "gmail" || signal.aborted) return;
  await syncGoogleCalendars(connection, signal).catch((error) => console.error(`[sync ${connection.id}] calendar sync failed`, error));
}

export async function connectionsToSync(): Promise<string[]> {
  const rows = await withService({ userId: "scheduler", reason: "list connections to sync" }, (tx) =>
    tx
      .select({ id: channelConnections.id })
      .from(channelConnections)
      .where(inArray(channelConnections.status, ["active", "syncing", "error"])),
  );
  return rows.map((r) => r.id);
}
