import { SafeError } from "@/lib/errors";
import { closeDatabase, getDatabase } from "@/server/db/client";
import { stopJobQueue } from "@/server/jobs/queue";
import { startWorkers } from "@/server/jobs/workers";
import { restoreAbandonedTrash } from "@/server/inbox/trash-messages";
import { recoverInterruptedWork } from "@/server/sync/recover-interrupted";

/** Server start-up: database first, so a locked data folder stops the server cleanly. */
export async function bootServer(): Promise<void> {
  try {
    const database = await getDatabase("web server");
    console.log(
      `[aiva] database ready: ${database.kind}, ${database.migrations.applied}/${database.migrations.total} migrations applied`,
    );
    // The embedded database has one owner: whatever it was syncing before, it no longer is.
    if (database.kind === "pglite") await recoverInterruptedWork();
    await restoreAbandonedTrash().catch((error) => console.error("[aiva] could not restore unfinished deletions", error));
  } catch (error) {
    if (error instanceof SafeError) {
      console.error(`\n[aiva] ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  // Background jobs (syncs, imports, write-backs) run in this process unless another one is dedicated to them.
  if (process.env.AIVA_WORKERS?.trim().toLowerCase() !== "false") {
    try {
      await startWorkers();
      console.log("[aiva] background jobs running in this process");
    } catch (error) {
      console.error("[aiva] background jobs could not start; imports will wait until they do", error);
    }
  }
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    stopJobQueue()
      .catch((error) => console.error("[aiva] stopping background jobs failed", error))
      .then(() => closeDatabase())
      .catch((error) => console.error("[aiva] closing the database failed", error))
      .finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}
