import type { PgBoss } from "pg-boss";
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { z } from "zod";
import { SafeError } from "@/lib/errors";
import { ChannelError } from "@/server/channels/errors";
import { loadAdapter } from "@/server/channels/registry";
import type { TrashTarget } from "@/server/channels/types";
import { channelConnections, messages } from "@/server/db/schema";
import { withService, withUser } from "@/server/db/with-rls";
import { QUEUES, getJobQueue } from "@/server/jobs/queue";
import { connectionSecrets, loadConnection } from "@/server/sync/run-sync";
import { hideMessages, purgeMessages, restoreMessages } from "./trash-messages";

// Delete, built like undo-send (src/server/outbox/outbox.ts): the messages are hidden at
// once and a pg-boss job starts after the undo window. Undo cancels the job while it
// waits and shows the messages again. The job asks each account's provider to move them to
// its Trash (Gmail users.messages.trash, IMAP the \Trash folder), then deletes the rows;
// imported mail has no provider and is deleted in Aiva only. A provider that refuses gets
// its messages back in the inbox, and the job's output says why, for the toast to show.
// Nothing is retried on its own: the person sees the message come back and decides.

export const UNDO_DELETE_DEFAULT_SECONDS = 5;

/** Seconds a deletion can be taken back: AIVA_UNDO_DELETE_SECONDS (0 to 30, default 5). */
export function undoDeleteSeconds(): number {
  const raw = process.env.AIVA_UNDO_DELETE_SECONDS?.trim();
  const value = raw ? Number(raw) : UNDO_DELETE_DEFAULT_SECONDS;
  return Number.isInteger(value) && value >= 0 && value <= 30 ? value : UNDO_DELETE_DEFAULT_SECONDS;
}

/** Undo is refused this close to the moment the job may start, so it never races a worker. */
const UNDO_MARGIN_MS = 300;
/** How long one account's provider call may take. */
const PROVIDER_TIMEOUT_MS = 60_000;

export type TrashJob = { userId: string; workspaceId: string; messageIds: string[] };

type TrashOutput = { deleted: number; error?: undefined } | { deleted: number; error: string; restored: string[] };

export type TrashStatus =
  | { state: "waiting"; deleteAt: string }
  | { state: "deleting" }
  | { state: "deleted" }
  | { state: "failed"; error: string; restored: string[] }
  | { state: "undone" };

export const trashRefSchema = z.object({ workspaceId: z.uuid(), trashId: z.uuid() });

export type QueuedTrash = { trashId: string; messageIds: string[]; deleteAt: string; undoSeconds: number };

/** Hides the messages now and queues their deletion for after the undo window. */
export async function trashMessages(userId: string, workspaceId: string, messageIds: string[]): Promise<QueuedTrash> {
  const hidden = await hideMessages(userId, workspaceId, messageIds);
  if (hidden.length === 0) throw new SafeError("That message is no longer in this workspace.", "not_found");
  const ids = hidden.map((m) => m.id);
  const seconds = undoDeleteSeconds();
  try {
    const queue = await getJobQueue();
    // The window starts once the queue is up (starting it can take a moment).
    const deleteAt = new Date(Date.now() + seconds * 1000);
    const id = await queue.send(QUEUES.trash, { userId, workspaceId, messageIds: ids } satisfies TrashJob, { startAfter: deleteAt, retryLimit: 0 });
    if (!id) throw new Error("the job queue refused the delete job");
    return { trashId: id, messageIds: ids, deleteAt: deleteAt.toISOString(), undoSeconds: seconds };
  } catch (error) {
    // Nothing would ever delete them: show them again rather than leave them hidden.
    await withUser(userId, (tx) => restoreMessages(tx, workspaceId, ids));
    throw error;
  }
}

async function ownJob(queue: PgBoss, userId: string, workspaceId: string, trashId: string) {
  const job = await queue.getJobById<TrashJob>(QUEUES.trash, trashId);
  // Another user's deletion, or one that is gone, reads the same: not here.
  if (!job || job.data.userId !== userId || job.data.workspaceId !== workspaceId) {
    throw new SafeError("There's no deletion to undo.", "not_found");
  }
  return job;
}

/** Takes a deletion back while it waits; refused once the provider is being asked. */
export async function undoTrash(userId: string, workspaceId: string, trashId: string): Promise<string[]> {
  const queue = await getJobQueue();
  const job = await ownJob(queue, userId, workspaceId, trashId);
  if (job.state !== "cancelled") {
    if (job.state !== "created" || Date.now() > job.startAfter.getTime() - UNDO_MARGIN_MS) {
      throw new SafeError("Too late to undo: the message is already being deleted.", "too_late");
    }
    await queue.cancel(QUEUES.trash, trashId);
  }
  return withUser(userId, (tx) => restoreMessages(tx, workspaceId, job.data.messageIds));
}

export async function trashStatus(userId: string, workspaceId: string, trashId: string): Promise<TrashStatus> {
  const queue = await getJobQueue();
  const job = await ownJob(queue, userId, workspaceId, trashId);
  const output = job.output as TrashOutput | null | undefined;
  switch (job.state) {
    case "created":
    case "retry":
      return job.startAfter.getTime() > Date.now() ? { state: "waiting", deleteAt: job.startAfter.toISOString() } : { state: "deleting" };
    case "active":
      return { state: "deleting" };
    case "cancelled":
      return { state: "undone" };
    case "completed":
      if (output?.error) return { state: "failed", error: output.error, restored: output.restored };
      return { state: "deleted" };
    default: {
      // The job died with its process (expired): nothing will delete these, so they come back.
      const restored = await withService({ workspaceId, reason: "restore messages of a lost delete job" }, (tx) =>
        restoreMessages(tx, workspaceId, job.data.messageIds),
      );
      return { state: "failed", error: "The message couldn't be deleted. It's back in your inbox; try again.", restored };
    }
  }
}

/** Deletes one job's messages at their providers, then in Aiva. Never throws: the outcome is the job's output. */
export async function runTrashJob(job: TrashJob): Promise<TrashOutput> {
  const { workspaceId } = job;
  const rows = await withService({ workspaceId, reason: "delete trashed messages" }, (tx) =>
    tx
      .select({
        id: messages.id,
        connectionId: messages.connectionId,
        provider: channelConnections.provider,
        providerMessageId: messages.providerMessageId,
        providerMeta: messages.providerMeta,
      })
      .from(messages)
      .innerJoin(channelConnections, eq(channelConnections.id, messages.connectionId))
      .where(and(eq(messages.workspaceId, workspaceId), inArray(messages.id, job.messageIds), isNotNull(messages.trashedAt))),
  );
  const byConnection = new Map<string, typeof rows>();
  for (const row of rows) byConnection.set(row.connectionId, [...(byConnection.get(row.connectionId) ?? []), row]);

  let deleted = 0;
  const errors: string[] = [];
  const restored: string[] = [];
  for (const [connectionId, list] of byConnection) {
    const ids = list.map((r) => r.id);
    try {
      if (list[0]!.provider !== "import") {
        await trashAtProvider(connectionId, list);
      }
      deleted += (await withService({ workspaceId, reason: "delete trashed messages" }, (tx) => purgeMessages(tx, workspaceId, ids))).length;
    } catch (error) {
      errors.push(await explain(error, connectionId));
      restored.push(
        ...(await withService({ workspaceId, reason: "restore messages the provider kept" }, (tx) => restoreMessages(tx, workspaceId, ids)).catch(
          (restoreError) => {
            console.error("[trash] could not restore messages after a failed delete", restoreError);
            return [];
          },
        )),
      );
    }
  }
  if (errors.length === 0) return { deleted };
  return { deleted, error: errors[0]!, restored };
}

async function trashAtProvider(connectionId: string, list: (TrashTarget & { id: string })[]): Promise<void> {
  const connection = await loadConnection(connectionId);
  if (!connection) throw new SafeError("That account was disconnected.", "not_found");
  const adapter = await loadAdapter(connection.provider);
  if (!adapter.trash) throw new SafeError(`Aiva can't delete messages from ${adapter.label} accounts yet.`, "unsupported");
  await adapter.trash(
    { connection, secrets: connectionSecrets(connection), signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS) },
    list.map(({ providerMessageId, providerMeta }) => ({ providerMessageId, providerMeta })),
  );
}

/** What the toast says when a provider refused; credential problems also show on the connection. */
async function explain(error: unknown, connectionId: string): Promise<string> {
  if (error instanceof ChannelError) {
    if (error.kind === "auth") {
      await withService({ connectionId, reason: "delete failed" }, (tx) =>
        tx.update(channelConnections).set({ status: "reauth_required", lastError: error.message }).where(eq(channelConnections.id, connectionId)),
      ).catch((e) => console.error("[trash] could not record the connection's failure", e));
    }
    // Transient errors promise a retry in their own words; this job doesn't retry.
    if (error.kind !== "transient") return `Couldn't delete it, so it's back: ${error.message}`;
  } else if (error instanceof SafeError) {
    return `Couldn't delete it, so it's back: ${error.message}`;
  }
  // Only the message: a raw HTTP error carries request headers.
  console.error("[trash] delete failed:", error instanceof Error ? error.message : String(error));
  return "The mail server didn't delete it, so it's back. Try again in a moment.";
}

export async function registerTrashWorker(queue: PgBoss): Promise<void> {
  await queue.work<TrashJob>(QUEUES.trash, { batchSize: 1, localConcurrency: 2, pollingIntervalSeconds: 1 }, async ([job]) =>
    job ? runTrashJob(job.data) : undefined,
  );
}

/** Where no worker runs (serverless): deletes what is due, until the deadline. */
export async function drainTrash(deadline: number): Promise<number> {
  const queue = await getJobQueue();
  let done = 0;
  while (Date.now() < deadline) {
    const [job] = await queue.fetch<TrashJob>(QUEUES.trash, { batchSize: 1 });
    if (!job) break;
    const output = await runTrashJob(job.data);
    await queue.complete(QUEUES.trash, job.id, output);
    done++;
  }
  return done;
}
