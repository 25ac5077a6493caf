import type { PgBoss } from "pg-boss";
import { queueAnalysis } from "@/server/ai/analysis-queue";
import { renewGmailWatches } from "@/server/channels/gmail/watch";
import { restoreAbandonedTrash } from "@/server/inbox/trash-messages";
import { QUEUES } from "@/server/jobs/queue";
import type { SyncJob } from "./request-sync";
import { requestSync } from "./request-sync";
import { connectionsToSync, loadConnection, runSync } from "./run-sync";

/** Runs queued syncs in this process, two at a time (each connection at most once). */
export async function registerSyncWorker(queue: PgBoss): Promise<void> {
  await queue.work<SyncJob>(QUEUES.sync, { batchSize: 1, localConcurrency: 2, pollingIntervalSeconds: 2 }, async ([job]) => {
    if (!job) return;
    const outcome = await runSync({ connectionId: job.data.connectionId, runId: job.data.runId, signal: job.signal });
    if (outcome.imported > 0) await queueAnalysisAfterSync(job.data.connectionId);
  });
}

/** New mail waits for the AI; its workspace's analysis job is queued now rather than at the next sweep. */
async function queueAnalysisAfterSync(connectionId: string): Promise<void> {
  const connection = await loadConnection(connectionId);
  if (connection) await queueAnalysis(connection.workspaceId).catch((error) => console.error("[sync] could not queue AI work", error));
}

/** Queues a sync of every live connection (the scheduler and the cron route call this). */
export async function queueScheduledSyncs(trigger: "scheduler" | "cron"): Promise<{ queued: number; absorbed: number }> {
  let queued = 0;
  let absorbed = 0;
  for (const id of await connectionsToSync()) {
    const connection = await loadConnection(id);
    if (!connection) continue;
    const result = await requestSync(connection, trigger);
    if (result.queued) queued++;
    else absorbed++;
  }
  return { queued, absorbed };
}

const DAY_MS = 86_400_000;

/**
 * Self-hosting: sync every few minutes from inside the server process, and renew Gmail
 * push watches once a day (first at the first tick, so restarts never postpone it).
 */
export function startSyncScheduler(): () => void {
  const minutes = Number(process.env.AIVA_SYNC_INTERVAL_MINUTES) || 5;
  let watchesCheckedAt = 0;
  const tick = () => {
    queueScheduledSyncs("scheduler").catch((error) => console.error("[scheduler]", error));
    restoreAbandonedTrash().catch((error) => console.error("[scheduler] could not restore unfinished deletions", error));
    if (Date.now() - watchesCheckedAt >= DAY_MS) {
      watchesCheckedAt = Date.now();
      renewGmailWatches().catch((error) => console.error("[scheduler] could not renew Gmail watches", error));
    }
  };
  const timer = setInterval(tick, minutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
