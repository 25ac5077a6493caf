import { loadConnection } from "@/server/sync/run-sync";
import type { SyncSession } from "../types";
import { compareHistoryIds, isHistoryId } from "./mappers";

// The Gmail cursor only moves forward. Two workers syncing the same connection (a cron run
// overlapping a manual one) must not move it back: history already applied would be
// replayed (re-fetches, and old label changes re-applied over newer ones until the replay
// catches up), and an id old enough has expired, forcing a full resync. So: compare with
// what is stored right now.
// (Read-then-write still leaves a small race between two workers; closing it needs a
// conditional UPDATE in run-sync's saveCursor, which this folder doesn't own.)

export type StoredCursorReader = (connectionId: string) => Promise<Record<string, unknown> | null>;

const readStoredCursor: StoredCursorReader = async (connectionId) => (await loadConnection(connectionId))?.syncCursor ?? null;

/** Saves `{ historyId }` unless the stored cursor is already at or past it. Returns whether it saved. */
export async function saveHistoryCursor(
  session: Pick<SyncSession, "connection" | "saveCursor">,
  historyId: string,
  readStored: StoredCursorReader = readStoredCursor,
): Promise<boolean> {
  const stored = await readStored(session.connection.id);
  const storedId = stored && isHistoryId(stored.historyId) ? stored.historyId : null;
  if (storedId && compareHistoryIds(storedId, historyId) >= 0) return false;
  await session.saveCursor({ historyId });
  return true;
}
