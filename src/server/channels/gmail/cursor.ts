import type { SyncSession } from "../types";
import { compareHistoryIds, isHistoryId } from "./mappers";

// The Gmail cursor only moves forward. Two workers syncing the same connection (a cron run
// overlapping a manual one) must not move it back: history already applied would be
// replayed (re-fetches, and old label changes re-applied over newer ones until the replay
// catches up), and an id old enough has expired, forcing a full resync. So the stored
// cursor is compared with ours and swapped only if nobody moved it meanwhile (a
// conditional UPDATE); if someone did, compare again.

/** Saves `{ historyId }` unless the stored cursor is already at or past it. Returns whether it saved. */
export async function saveHistoryCursor(
  session: Pick<SyncSession, "compareAndSaveCursor" | "storedCursor">,
  historyId: string,
): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const stored = await session.storedCursor();
    const storedId = stored && isHistoryId(stored.historyId) ? stored.historyId : null;
    if (storedId && compareHistoryIds(storedId, historyId) >= 0) return false;
    if (await session.compareAndSaveCursor(stored, { historyId })) return true;
  }
  return false;
}
