import type { PgBoss } from "pg-boss";
import { z } from "zod";
import { SafeError } from "@/lib/errors";
import { markDraftSent } from "@/server/ai/drafts";
import { QUEUES, getJobQueue } from "@/server/jobs/queue";
import { type PreparedSend, deliver } from "@/server/inbox/send-message";

// The outbox: a message the user sent waits here for the undo-send window, then goes out.
// It is a pg-boss job that starts after the window: Undo cancels it while it has not
// started, a worker (or, serverless, the request itself once it has answered) delivers
// it. Nothing is retried on its own: an SMTP failure after the DATA command may have
// delivered the message, so the user decides whether to send again, with the text back
// in the composer.

export const UNDO_SEND_DEFAULT_SECONDS = 5;

/** Seconds a sent message can be taken back: AIVA_UNDO_SEND_SECONDS (0 to 30, default 5). */
export function undoSendSeconds(): number {
  const raw = process.env.AIVA_UNDO_SEND_SECONDS?.trim();
  const value = raw ? Number(raw) : UNDO_SEND_DEFAULT_SECONDS;
  return Number.isInteger(value) && value >= 0 && value <= 30 ? value : UNDO_SEND_DEFAULT_SECONDS;
}

/** Undo is refused this close to the moment the message leaves, so it never races a worker. */
const UNDO_MARGIN_MS = 300;

export type SendJob = {
  userId: string;
  workspaceId: string;
  prepared: PreparedSend;
  /** The AI draft the text started from, marked sent once the message is out. */
  draftId: string | null;
};

type SendOutput = { messageId: string } | { error: string };

export type SendStatus =
  | { state: "waiting"; sendAt: string }
  | { state: "sending" }
  | { state: "sent"; messageId: string }
  | { state: "failed"; error: string }
  | { state: "undone" };

export const sendRefSchema = z.object({ workspaceId: z.uuid(), sendId: z.uuid() });

/** Puts a prepared message in the outbox; it leaves after the undo window. */
export async function queueSend(job: SendJob): Promise<{ sendId: string; sendAt: string; undoSeconds: number }> {
  const seconds = undoSendSeconds();
  const queue = await getJobQueue();
  const sendAt = new Date(Date.now() + seconds * 1000);
  const id = await queue.send(QUEUES.send, job, { startAfter: sendAt, retryLimit: 0 });
  if (!id) throw new Error("the job queue refused the send job");
  return { sendId: id, sendAt: sendAt.toISOString(), undoSeconds: seconds };
}

async function ownJob(queue: PgBoss, userId: string, workspaceId: string, sendId: string) {
  const job = await queue.getJobById<SendJob>(QUEUES.send, sendId);
  // Another user's message, or one that is gone, reads the same: not here.
  if (!job || job.data.userId !== userId || job.data.workspaceId !== workspaceId) {
    throw new SafeError("That message isn't in your outbox.", "not_found");
  }
  return job;
}

/** Takes a message back while it waits; refused once it is on its way. */
export async function cancelSend(userId: string, workspaceId: string, sendId: string): Promise<void> {
  const queue = await getJobQueue();
  const job = await ownJob(queue, userId, workspaceId, sendId);
  if (job.state === "cancelled") return;
  if (job.state !== "created" || Date.now() > job.startAfter.getTime() - UNDO_MARGIN_MS) {
    throw new SafeError("Too late to undo: the message is already on its way.", "too_late");
  }
  await queue.cancel(QUEUES.send, sendId);
}

export async function sendStatus(userId: string, workspaceId: string, sendId: string): Promise<SendStatus> {
  const queue = await getJobQueue();
  const job = await ownJob(queue, userId, workspaceId, sendId);
  const output = job.output as SendOutput | null | undefined;
  switch (job.state) {
    case "created":
    case "retry":
      return job.startAfter.getTime() > Date.now() ? { state: "waiting", sendAt: job.startAfter.toISOString() } : { state: "sending" };
    case "active":
      return { state: "sending" };
    case "cancelled":
      return { state: "undone" };
    case "completed":
      if (output && "messageId" in output) return { state: "sent", messageId: output.messageId };
      return { state: "failed", error: output && "error" in output ? output.error : "The message couldn't be sent. Try again." };
    default:
      return { state: "failed", error: "The message couldn't be sent. Try again." };
  }
}

/** Delivers one message. Never throws: the outcome is the job's output, for the sender to read. */
export async function runSendJob(job: SendJob): Promise<SendOutput> {
  try {
    const messageId = await deliver(job.workspaceId, job.prepared);
    if (job.draftId) {
      await markDraftSent(job.userId, job.workspaceId, job.draftId, job.prepared.outgoing.text).catch((error) =>
        console.error("[outbox] sent, but the draft could not be marked sent", error),
      );
    }
    return { messageId };
  } catch (error) {
    if (error instanceof SafeError) return { error: error.message };
    console.error("[outbox] send failed", error);
    const reason = error instanceof Error && error.message ? ` (${error.message.slice(0, 200)})` : "";
    return { error: `The message couldn't be sent${reason}. Your text is back in the composer; try again.` };
  }
}

export async function registerSendWorker(queue: PgBoss): Promise<void> {
  await queue.work<SendJob>(QUEUES.send, { batchSize: 1, localConcurrency: 2, pollingIntervalSeconds: 1 }, async ([job]) =>
    job ? runSendJob(job.data) : undefined,
  );
}

/** Where no worker runs (serverless): delivers what is due, until the deadline. */
export async function drainSends(deadline: number): Promise<number> {
  const queue = await getJobQueue();
  let sent = 0;
  while (Date.now() < deadline) {
    const [job] = await queue.fetch<SendJob>(QUEUES.send, { batchSize: 1 });
    if (!job) break;
    const output = await runSendJob(job.data);
    await queue.complete(QUEUES.send, job.id, output);
    sent++;
  }
  return sent;
}
