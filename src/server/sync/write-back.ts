import { eq, inArray } from "drizzle-orm";
import { ChannelError } from "@/server/channels/errors";
import { loadAdapter } from "@/server/channels/registry";
import { channelConnections, messages } from "@/server/db/schema";
import { withService } from "@/server/db/with-rls";
import { QUEUES, getJobQueue } from "@/server/jobs/queue";
import { applyRemoteState, connectionSecrets, loadConnection } from "./run-sync";

// Reading, starring and archiving in Aiva are written back to the provider in the
// background. The job carries message ids only and sends their *current* state, so
// retries, reordering and repeated clicks all converge on what the person last chose.

export type PushStateJob = { connectionId: string; messageIds: string[] };

/** Queues a write-back for these messages, one job per connection that supports it. */
export async function queueStateWriteBack(messageIds: string[]): Promise<void> {
  if (messageIds.length === 0) return;
  const rows = await withService({ userId: "write-back", reason: "find connections to write back to" }, (tx) =>
    tx
      .select({ id: messages.id, connectionId: messages.connectionId, provider: channelConnections.provider })
      .from(messages)
      .innerJoin(channelConnections, eq(channelConnections.id, messages.connectionId))
      .where(inArray(messages.id, messageIds)),
  );
  const byConnection = new Map<string, string[]>();
  for (const row of rows) {
    if (row.provider === "import") continue;
    const adapter = await loadAdapter(row.provider).catch(() => null);
    if (!adapter?.pushState) continue;
    byConnection.set(row.connectionId, [...(byConnection.get(row.connectionId) ?? []), row.id]);
  }
  if (byConnection.size === 0) return;
  const queue = await getJobQueue();
  for (const [connectionId, ids] of byConnection) {
    await queue.send(QUEUES.pushState, { connectionId, messageIds: ids } satisfies PushStateJob);
  }
}

/** Runs one write-back job: pushes the messages' current state, records where they moved. */
export async function runStateWriteBack(job: PushStateJob, signal: AbortSignal): Promise<void> {
  const connection = await loadConnection(job.connectionId);
  if (!connection) return;
  const adapter = await loadAdapter(connection.provider);
  if (!adapter.pushState) return;
  const current = await withService({ connectionId: connection.id, reason: "write back state" }, (tx) =>
    tx
      .select({
        providerMessageId: messages.providerMessageId,
        providerMeta: messages.providerMeta,
        isRead: messages.isRead,
        isStarred: messages.isStarred,
        isArchived: messages.isArchived,
      })
      .from(messages)
      .where(inArray(messages.id, job.messageIds)),
  );
  try {
    const moved = await adapter.pushState({ connection, secrets: connectionSecrets(connection), signal }, current);
    await applyRemoteState(connection.id, moved);
  } catch (error) {
    // Credentials problems surface on the connection; the job retries only transient ones.
    if (error instanceof ChannelError && error.kind !== "transient") {
      await withService({ connectionId: connection.id, reason: "write-back failed" }, (tx) =>
        tx
          .update(channelConnections)
          .set({ status: error.kind === "auth" ? "reauth_required" : "error", lastError: error.message })
          .where(eq(channelConnections.id, connection.id)),
      );
      return;
    }
    throw error;
  }
}
