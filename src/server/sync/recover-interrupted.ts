import { eq } from "drizzle-orm";
import { calendarConnections, channelConnections, syncRuns } from "@/server/db/schema";
import { withService } from "@/server/db/with-rls";

/**
 * After a restart of the only process that owns the database (the embedded one), nothing
 * can still be syncing: say so, instead of showing "Syncing…" until the job queue expires
 * the old job and retries it.
 */
export async function recoverInterruptedWork(): Promise<{ connections: number; runs: number }> {
  return withService({ userId: "startup", reason: "recover work interrupted by a restart" }, async (tx) => {
    const connections = await tx
      .update(channelConnections)
      .set({ status: "active" })
      .where(eq(channelConnections.status, "syncing"))
      .returning({ id: channelConnections.id });
    // Calendars sync inside their Google account's sync job.
    await tx.update(calendarConnections).set({ status: "active" }).where(eq(calendarConnections.status, "syncing"));
    const runs = await tx
      .update(syncRuns)
      .set({ status: "failed", error: "Interrupted by a restart. It will be retried.", finishedAt: new Date() })
      .where(eq(syncRuns.status, "running"))
      .returning({ id: syncRuns.id });
    return { connections: connections.length, runs: runs.length };
  });
}
