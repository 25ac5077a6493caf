import type { PgBoss } from "pg-boss";
import { and, eq, exists, isNull, sql } from "drizzle-orm";
import { messages, workspaces } from "@/server/db/schema";
import { withService } from "@/server/db/with-rls";
import { QUEUES, getJobQueue } from "@/server/jobs/queue";
import { analyzePending } from "./analyze-messages";

// How AI work is queued. Ingest leaves new inbound messages waiting (ai_fingerprint NULL,
// a partial index keeps them cheap to find), so nothing is lost if a job is: a job per
// workspace (one queued and one running at most) drains them newest first. Jobs are
// queued right after a sync or an import, and a sweep every few seconds catches messages
// that land during a long sync. Workspaces with auto-classify off are left alone.

export type AnalyzeJob = { workspaceId: string };

/** Workspaces with auto-classify on that have messages waiting for the AI. */
export async function workspacesWithPendingAnalysis(): Promise<string[]> {
  const rows = await withService({ userId: "scheduler", reason: "find waiting AI work" }, (tx) =>
    tx
      .select({ id: workspaces.id })
      .from(workspaces)
      .where(
        and(
          eq(workspaces.autoClassify, true),
          exists(
            tx
              .select({ one: sql`1` })
              .from(messages)
              .where(and(eq(messages.workspaceId, workspaces.id), isNull(messages.aiFingerprint), eq(messages.direction, "inbound"))),
          ),
        ),
      ),
  );
  return rows.map((r) => r.id);
}

/** Queues the analysis of a workspace's waiting messages; absorbed when one is queued already. */
export async function queueAnalysis(workspaceId: string): Promise<boolean> {
  const queue = await getJobQueue();
  const id = await queue.send(QUEUES.analyze, { workspaceId } satisfies AnalyzeJob, { singletonKey: workspaceId });
  return id !== null;
}

/** Queues analysis for every workspace with waiting messages. */
export async function queuePendingAnalysis(): Promise<number> {
  let queued = 0;
  for (const workspaceId of await workspacesWithPendingAnalysis()) {
    if (await queueAnalysis(workspaceId)) queued++;
  }
  return queued;
}

/** One job: a minute of work, then it queues its own continuation if messages still wait. */
export async function runAnalyzeJob(data: AnalyzeJob, signal?: AbortSignal): Promise<void> {
  const outcome = await analyzePending(data.workspaceId, { budgetMs: 60_000, signal });
  if (outcome.remaining && !signal?.aborted) await queueAnalysis(data.workspaceId);
}

export async function registerAnalyzeWorker(queue: PgBoss): Promise<void> {
  await queue.work<AnalyzeJob>(QUEUES.analyze, { batchSize: 1, localConcurrency: 1, pollingIntervalSeconds: 2 }, async ([job]) => {
    if (job) await runAnalyzeJob(job.data, job.signal);
  });
}

/** Self-hosting: look for waiting messages every few seconds (cheap: a partial index). */
export function startAnalysisSweeper(): () => void {
  const seconds = Number(process.env.AIVA_AI_SWEEP_SECONDS) || 5;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await queuePendingAnalysis();
    } catch (error) {
      console.error("[ai sweep]", error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, seconds * 1000);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}

/** Serverless (no worker process): the cron route works through the AI queue within its budget. */
export async function drainAnalysis(deadline: number): Promise<{ ran: number; failed: number }> {
  const queue = await getJobQueue();
  await queuePendingAnalysis();
  let ran = 0;
  let failed = 0;
  while (Date.now() < deadline) {
    const [job] = await queue.fetch<AnalyzeJob>(QUEUES.analyze, { batchSize: 1 });
    if (!job) break;
    try {
      const outcome = await analyzePending(job.data.workspaceId, { budgetMs: Math.max(1_000, deadline - Date.now()) });
      await queue.complete(QUEUES.analyze, job.id);
      if (outcome.remaining) await queueAnalysis(job.data.workspaceId);
      ran++;
    } catch (error) {
      await queue.fail(QUEUES.analyze, job.id, { message: error instanceof Error ? error.message : String(error) });
      failed++;
    }
  }
  return { ran, failed };
}
