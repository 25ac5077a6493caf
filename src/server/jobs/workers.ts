import fs from "node:fs";
import type { JobWithMetadata } from "pg-boss";
import { SafeError } from "@/lib/errors";
import { queueAnalysis, registerAnalyzeWorker, startAnalysisSweeper } from "@/server/ai/analysis-queue";
import { importMailFile } from "@/server/import/import-mail-file";
import { registerTrashWorker } from "@/server/inbox/trash-queue";
import { registerSendWorker } from "@/server/outbox/outbox";
import { registerSyncWorker, startSyncScheduler } from "@/server/sync/sync-worker";
import { finishSyncRun } from "@/server/sync/sync-runs";
import { type PushStateJob, runStateWriteBack } from "@/server/sync/write-back";
import { QUEUES, getJobQueue } from "./queue";

// The background work this process runs (unless AIVA_WORKERS=false): pg-boss hands each
// job to one worker, retries failures with backoff, and this file turns the outcome into
// something a person can read on the run's record.

/** What POST /api/import enqueues (src/server/import/receive-upload.ts). */
export type ImportJobData = {
  runId: string;
  workspaceId: string;
  connectionId: string;
  userId: string;
  userEmail: string;
  /** The uploaded file, in the imports folder; deleted when the job is done with it. */
  filePath: string;
  fileName: string;
};

const STARTED = Symbol.for("aiva.workersStarted");
type Holder = { [STARTED]?: Promise<void> };

/** Registers the job handlers once per process. */
export function startWorkers(): Promise<void> {
  const holder = globalThis as Holder;
  holder[STARTED] ??= registerWorkers().catch((error) => {
    delete holder[STARTED];
    throw error;
  });
  return holder[STARTED];
}

async function registerWorkers(): Promise<void> {
  const boss = await getJobQueue();
  // One import at a time per process: imports are long and write in batches; more in
  // parallel would only contend for the same database.
  const options = { includeMetadata: true, batchSize: 1, localConcurrency: 1, pollingIntervalSeconds: 1 } as const;
  await boss.work<ImportJobData, unknown, typeof options>(QUEUES.import, options, async ([job]) =>
    job ? runImportJob(job) : undefined,
  );
  await registerSyncWorker(boss);
  await boss.work<PushStateJob>(QUEUES.pushState, { batchSize: 1, localConcurrency: 2, pollingIntervalSeconds: 1 }, async ([job]) => {
    if (job) await runStateWriteBack(job.data, job.signal);
  });
  await registerAnalyzeWorker(boss);
  await registerSendWorker(boss);
  await registerTrashWorker(boss);
  // Self-hosting has no external cron: sync every AIVA_SYNC_INTERVAL_MINUTES from here,
  // and look for messages waiting for the AI every few seconds.
  if (process.env.AIVA_SCHEDULER !== "false") {
    startSyncScheduler();
    startAnalysisSweeper();
  }
}

export async function runImportJob(job: JobWithMetadata<ImportJobData>) {
  const { runId, workspaceId, connectionId, userId, userEmail, filePath, fileName } = job.data;
  try {
    const result = await importMailFile({ workspaceId, userId, userEmail, filePath, fileName, runId, signal: job.signal });
    removeFile(filePath);
    if (result.imported > 0) await queueAnalysis(workspaceId).catch((error) => console.error("[jobs import] could not queue AI work", error));
    return { imported: result.imported, duplicates: result.duplicates, failed: result.failed, total: result.total };
  } catch (error) {
    // Stopped with the process (shutdown, expiry): the job is picked up again later.
    if (job.signal.aborted) throw error;
    const missing = !fs.existsSync(filePath);
    const final = missing || job.retryCount >= job.retryLimit;
    if (final) removeFile(filePath);
    // importMailFile marked the run failed in general words; say what happened and what next.
    await finishSyncRun(runId, connectionId, { error: explain(error, fileName, final, missing) }).catch((e) =>
      console.error("[jobs import] could not record the failure", e),
    );
    if (!final) {
      console.warn(`[jobs import] ${fileName} failed (attempt ${job.retryCount + 1}); pg-boss will retry`, error);
      throw error;
    }
    // Settled: the run records the failure, and another attempt could not do better.
    console.error(`[jobs import] ${fileName} failed for good (run ${runId})`, error);
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function explain(error: unknown, fileName: string, final: boolean, missing: boolean): string {
  if (missing) return `The uploaded copy of “${fileName}” is gone from the server. Upload it again.`;
  if (!final) return `The import of “${fileName}” was interrupted. Aiva will try again in a minute.`;
  if (error instanceof SafeError) return error.message;
  return `The import of “${fileName}” stopped because of an unexpected error. Try uploading it again.`;
}

function removeFile(filePath: string): void {
  try {
    fs.rmSync(filePath, { force: true });
  } catch (error) {
    console.warn(`[jobs import] could not remove ${filePath}`, error);
  }
}
