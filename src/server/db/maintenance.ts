import { getDatabase } from "./client";

// Housekeeping the embedded database needs and a Postgres server does on its own.

/**
 * After a bulk load into PGlite, which has no autovacuum: refresh the planner statistics
 * (left alone, the planner keeps choosing sequential scans for inbox and search queries),
 * merge the search index's GIN pending list into the index, and clear the old row versions
 * that ingest's per-batch thread and contact updates leave behind. A no-op on Postgres.
 */
export async function vacuumAfterBulkLoad(): Promise<boolean> {
  const database = await getDatabase();
  if (database.kind !== "pglite") return false;
  // One statement per call: VACUUM refuses to run inside a multi-statement string.
  await database.raw.exec("vacuum analyze public.messages");
  await database.raw.exec("vacuum analyze public.threads");
  await database.raw.exec("vacuum analyze public.contacts");
  return true;
}
