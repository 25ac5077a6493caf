import type { SyncRunView } from "@/lib/inbox-types";
import { type SyncRun, listSyncRuns } from "./sync-runs";

// Sync runs as the browser receives them (plain JSON), for the import screen and its polling.

export function toSyncRunView(run: SyncRun): SyncRunView {
  return {
    id: run.id,
    trigger: run.trigger,
    status: run.status,
    label: run.label,
    processed: run.processed,
    total: run.total,
    imported: run.imported,
    duplicates: run.duplicates,
    failed: run.failed,
    error: run.error,
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

/** The member's view of the workspace's recent runs, newest first. */
export async function listSyncRunViews(userId: string, workspaceId: string, limit = 20): Promise<SyncRunView[]> {
  return (await listSyncRuns(userId, workspaceId, undefined, limit)).map(toSyncRunView);
}
