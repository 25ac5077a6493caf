import { drainAnalysis, queuePendingAnalysis } from "@/server/ai/analysis-queue";
import { renewGmailWatches } from "@/server/channels/gmail/watch";
import { QUEUES, getJobQueue } from "@/server/jobs/queue";
import { restoreAbandonedTrash } from "@/server/inbox/trash-messages";
import { drainTrash } from "@/server/inbox/trash-queue";
import { drainSends } from "@/server/outbox/outbox";
import type { SyncJob } from "./request-sync";
import { runSync } from "./run-sync";
import { queueScheduledSyncs } from "./sync-worker";
import { type PushStateJob, runStateWriteBack } from "./write-back";

/**
 * The cron route's work. It always queues a sync per live connection. Where no worker
 * runs alongside the web server (serverless, AIVA_WORKERS=false) it also works through
 * the write-back, sync and AI queues itself until its time budget is spent; the rest
 * waits for the next run. It also renews Gmail push watches that expire within two days.
 */
export async function runCronSync(): Promise<{ queued: number; absorbed: number; ran: number; failed: number; watchesRenewed: number }> {
  const { queued, absorbed } = await queueScheduledSyncs("cron");
  const watches = await renewGmailWatches().catch((error) => {
    console.error("[cron] could not renew Gmail watches", error);
    return { renewed: 0, failed: 0 };
  });
  await restoreAbandonedTrash().catch((error) => console.error("[cron] could not restore unfinished deletions", error));
  let ran = 0;
  let failed = 0;
  if (process.env.AIVA_WORKERS === "false") {
    const deadline = Date.now() + (Number(process.env.AIVA_CRON_BUDGET_SECONDS) || 45) * 1000;
    const queue = await getJobQueue();
    // Messages whose undo window has passed, in case the request that queued them could
    // not deliver them itself.
    await drainSends(deadline).catch((error) => console.error("[cron] could not deliver queued messages", error));
    // Likewise deletions whose undo window has passed.
    await drainTrash(deadline).catch((error) => console.error("[cron] could not delete trashed messages", error));
    // Changes people made in Aiva first: they are small and they are waiting to be seen.
    while (Date.now() < deadline) {
      const [job] = await queue.fetch<PushStateJob>(QUEUES.pushState, { batchSize: 1 });
      if (!job) break;
      try {
        await runStateWriteBack(job.data, AbortSignal.timeout(30_000));
        await queue.complete(QUEUES.pushState, job.id);
      } catch (error) {
        await queue.fail(QUEUES.pushState, job.id, { message: error instanceof Error ? error.message : String(error) });
      }
    }
    while (Date.now() < deadline) {
      const [job] = await queue.fetch<SyncJob>(QUEUES.sync, { batchSize: 1 });
      if (!job) break;
      try {
        await runSync({ connectionId: job.data.connectionId, runId: job.data.runId });
        await queue.complete(QUEUES.sync, job.id);
        ran++;
      } catch (error) {
        await queue.fail(QUEUES.sync, job.id, { message: error instanceof Error ? error.message : String(error) });
        failed++;
      }
    }
    // New mail gets its priorities with whatever time is left.
    await drainAnalysis(deadline);
  } else {
    await queuePendingAnalysis();
  }
  return { queued, absorbed, ran, failed, watchesRenewed: watches.renewed };
}
