import { and, desc, eq, sql } from "drizzle-orm";
import { syncRuns } from "@/server/db/schema";
import { withService, withUser } from "@/server/db/with-rls";

// The visible record of a sync or import. Written only by the engine (service path);
// read by members through RLS.

type Trigger = (typeof syncRuns.$inferInsert)["trigger"];
export type SyncRun = typeof syncRuns.$inferSelect;

export async function createSyncRun(input: {
  workspaceId: string;
  connectionId: string;
  trigger: Trigger;
  label?: string | null;
  total?: number | null;
}): Promise<string> {
  const id = crypto.randomUUID();
  await withService({ connectionId: input.connectionId, reason: "record sync run" }, (tx) =>
    tx.insert(syncRuns).values({ id, ...input, label: input.label ?? null, total: input.total ?? null }),
  );
  return id;
}

type Counts = { processed?: number; total?: number | null; imported?: number; duplicates?: number; failed?: number };

/** Marks a run as running (again, on a retry) and clears a previous attempt's error. */
export async function startSyncRun(runId: string, connectionId: string): Promise<void> {
  await withService({ connectionId, reason: "start sync run" }, (tx) =>
    tx
      .update(syncRuns)
      .set({ status: "running", startedAt: sql`coalesce(${syncRuns.startedAt}, now())`, error: null })
      .where(eq(syncRuns.id, runId)),
  );
}

export async function reportSyncProgress(runId: string, connectionId: string, counts: Counts): Promise<void> {
  await withService({ connectionId, reason: "sync progress" }, (tx) =>
    tx.update(syncRuns).set(counts).where(eq(syncRuns.id, runId)),
  );
}

export async function finishSyncRun(
  runId: string,
  connectionId: string,
  outcome: { error?: string | null } & Counts,
): Promise<void> {
  const { error, ...counts } = outcome;
  await withService({ connectionId, reason: "finish sync run" }, async (tx) => {
    await tx
      .update(syncRuns)
      .set({ ...counts, status: error ? "failed" : "succeeded", error: error ?? null, finishedAt: new Date() })
      .where(eq(syncRuns.id, runId));
    // A scheduled sync every few minutes would grow this table without end: keep the
    // recent history people look at, and nothing still queued or running is touched.
    await tx.execute(sql`
      delete from public.sync_runs
      where connection_id = ${connectionId}
        and status in ('succeeded', 'failed')
        and id not in (
          select id from public.sync_runs where connection_id = ${connectionId}
          order by created_at desc limit ${KEEP_RUNS_PER_CONNECTION}
        )`);
  });
}

/** Finished runs kept per connection (and per workspace's file imports). */
export const KEEP_RUNS_PER_CONNECTION = 100;

/** Recent runs of a workspace, newest first, as the signed-in member sees them. */
export async function listSyncRuns(userId: string, workspaceId: string, connectionId?: string, limit = 20): Promise<SyncRun[]> {
  return withUser(userId, (tx) =>
    tx
      .select()
      .from(syncRuns)
      .where(and(eq(syncRuns.workspaceId, workspaceId), connectionId ? eq(syncRuns.connectionId, connectionId) : undefined))
      .orderBy(desc(syncRuns.createdAt))
      .limit(limit),
  );
}
