import { eq } from "drizzle-orm";
import { syncRuns } from "@/server/db/schema";
import { withService } from "@/server/db/with-rls";
import { QUEUES, getJobQueue } from "@/server/jobs/queue";
import { createSyncRun } from "./sync-runs";

export type SyncJob = { connectionId: string; runId: string };
type Trigger = "connect" | "manual" | "scheduler" | "cron" | "push";

/**
 * Queues a sync of one connection. At most one is queued per connection (and one running):
 * a request that finds one already queued is absorbed and reported as such.
 */
export async function requestSync(connection: { id: string; workspaceId: string }, trigger: Trigger): Promise<{ queued: boolean; runId: string | null }> {
  const runId = await createSyncRun({ workspaceId: connection.workspaceId, connectionId: connection.id, trigger });
  const queue = await getJobQueue();
  const jobId = await queue.send(QUEUES.sync, { connectionId: connection.id, runId } satisfies SyncJob, {
    singletonKey: connection.id,
  });
  if (!jobId) {
    await withService({ connectionId: connection.id, reason: "drop absorbed sync run" }, (tx) =>
      tx.delete(syncRuns).where(eq(syncRuns.id, runId)),
    );
    return { queued: false, runId: null };
  }
  return { queued: true, runId };
}
