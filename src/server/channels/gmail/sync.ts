import type { gmail_v1 } from "@googleapis/gmail";
import { ChannelError } from "../errors";
import type { KnownMessage, NormalizedMessage, RemoteStateChange, SyncSession } from "../types";
import { type GmailSession, openGmail } from "./gmail-session";
import { mapLimit } from "@/lib/map-limit";
import { saveHistoryCursor } from "./cursor";
import { httpStatus } from "./google-errors";
import { compareHistoryIds, digestHistory, isHistoryId, isSkipped, stateFromLabels, toNormalized } from "./mappers";

// Gmail sync. The cursor is `{ historyId }`: the mailbox's position after everything Aiva
// has stored. Without one (first run, or Gmail no longer has history that old), a bounded
// full sync: the newest messages of the last `initialDays`, at most `initialMaxMessages`,
// from every label except Trash and Spam (archived mail belongs to its threads too).
// With one, history.list replays what changed since: new messages are fetched and stored,
// label changes become read/starred/archived/deleted state.

/** Messages per ingest batch. */
export const BATCH = 50;
/** Parallel messages.get per account (Gmail allows ~250 quota units/s per user; a get costs 5). */
export const CONCURRENCY = 4;
const HISTORY_TYPES = ["messageAdded", "messageDeleted", "labelAdded", "labelRemoved"];
const LIST_PAGE = 500;

type Counters = { processed: number; total: number };

const isNotFound = (error: unknown) => httpStatus(error) === 404 || (error instanceof ChannelError && httpStatus(error.cause) === 404);

/** One message in `format`, or null when it is gone (deleted between listing and fetching). */
async function getMessage(api: GmailSession, id: string, format: "raw" | "minimal"): Promise<gmail_v1.Schema$Message | null> {
  try {
    const response = await api.call(() => api.gmail.users.messages.get({ userId: "me", id, format }));
    return response.data;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

async function fetchNormalized(api: GmailSession, ids: readonly string[]): Promise<NormalizedMessage[]> {
  const fetched = await mapLimit(ids, CONCURRENCY, (id) => getMessage(api, id, "raw"));
  const messages: NormalizedMessage[] = [];
  for (const message of fetched) {
    if (!message || isSkipped(message.labelIds ?? [])) continue;
    messages.push(await toNormalized(message));
  }
  return messages;
}

/** The mailbox's current history id (taken before listing, so nothing between is missed). */
async function currentHistoryId(api: GmailSession): Promise<string> {
  const profile = await api.call(() => api.gmail.users.getProfile({ userId: "me" }));
  const historyId = profile.data.historyId;
  if (!isHistoryId(historyId)) throw new ChannelError("Gmail didn't report the mailbox's position. Aiva will try again.", "transient");
  return historyId;
}

/** Ids of the newest messages in the window, newest first, at most `max`. */
async function listRecent(api: GmailSession, days: number, max: number): Promise<string[]> {
  // after: takes epoch seconds; newer_than:Nd would do too, but after: is exact.
  const after = Math.floor((Date.now() - days * 86_400_000) / 1000);
  const ids: string[] = [];
  let pageToken: string | undefined;
  do {
    const page = await api.call(() =>
      api.gmail.users.messages.list({
        userId: "me",
        q: `after:${after}`,
        maxResults: Math.min(LIST_PAGE, max - ids.length),
        pageToken,
        includeSpamTrash: false,
      }),
    );
    for (const m of page.data.messages ?? []) if (m.id && ids.length < max) ids.push(m.id);
    pageToken = page.data.nextPageToken ?? undefined;
  } while (pageToken && ids.length < max);
  return [...new Set(ids)];
}

/**
 * Full sync, bounded, newest first. Messages Aiva already stores are not downloaded again:
 * their labels are read (format "minimal") and differences applied as state, so a resync
 * after expired history also catches up on read/starred/archived.
 */
async function fullSync(api: GmailSession, session: SyncSession, counters: Counters): Promise<void> {
  const startHistoryId = await currentHistoryId(api);
  const ids = await listRecent(api, session.limits.initialDays, session.limits.initialMaxMessages);
  const known = new Map<string, KnownMessage>();
  for (const message of await session.knownMessages({})) known.set(message.providerMessageId, message);
  counters.total += ids.length;
  await session.progress(counters);

  for (let i = 0; i < ids.length; i += BATCH) {
    if (session.signal.aborted) throw new ChannelError("The sync was stopped.", "transient");
    const chunk = ids.slice(i, i + BATCH);
    const fresh = chunk.filter((id) => !known.has(id));
    const stored = chunk.filter((id) => known.has(id));
    await session.ingest(await fetchNormalized(api, fresh));
    const changes: RemoteStateChange[] = [];
    const minimal = await mapLimit(stored, CONCURRENCY, (id) => getMessage(api, id, "minimal"));
    for (const message of minimal) {
      if (!message?.id) continue;
      const before = known.get(message.id)!;
      const labels = message.labelIds ?? [];
      const now = stateFromLabels(labels);
      const deleted = isSkipped(labels);
      if (deleted || now.isRead !== before.isRead || now.isStarred !== before.isStarred || now.isArchived !== before.isArchived) {
        changes.push({ providerMessageId: message.id, isRead: now.isRead, isStarred: now.isStarred, isArchived: now.isArchived, ...(deleted ? { deleted } : {}) });
      }
    }
    await session.applyRemoteState(changes);
    counters.processed += chunk.length;
    await session.progress(counters);
  }
  // Only now, with the window stored, does the cursor move.
  await saveHistoryCursor(session, startHistoryId);
}

class HistoryExpired extends Error {}

/** Replays history since the cursor, one page at a time, saving the cursor after each page. */
async function incrementalSync(api: GmailSession, session: SyncSession, startHistoryId: string, counters: Counters): Promise<void> {
  let pageToken: string | undefined;
  let latest = startHistoryId;
  do {
    if (session.signal.aborted) throw new ChannelError("The sync was stopped.", "transient");
    let page: gmail_v1.Schema$ListHistoryResponse;
    try {
      page = (
        await api.call(() =>
          api.gmail.users.history.list({ userId: "me", startHistoryId, historyTypes: HISTORY_TYPES, maxResults: LIST_PAGE, pageToken }),
        )
      ).data;
    } catch (error) {
      // 404: Gmail keeps about a week of history; older ids are gone.
      if (isNotFound(error)) throw new HistoryExpired();
      throw error;
    }
    const records = page.history ?? [];
    const digest = digestHistory(records);
    counters.total += digest.added.length + digest.changes.length;
    await session.progress(counters);
    for (let i = 0; i < digest.added.length; i += BATCH) {
      const chunk = digest.added.slice(i, i + BATCH);
      await session.ingest(await fetchNormalized(api, chunk));
      counters.processed += chunk.length;
      await session.progress(counters);
    }
    await session.applyRemoteState(digest.changes);
    counters.processed += digest.changes.length;

    // Records come oldest first: the last one stored is a safe position to resume from.
    const lastRecord = records.at(-1)?.id;
    pageToken = page.nextPageToken ?? undefined;
    const position = pageToken ? lastRecord : (page.historyId ?? lastRecord);
    if (isHistoryId(position) && compareHistoryIds(position, latest) > 0) {
      latest = position;
      await saveHistoryCursor(session, latest);
    }
    await session.progress(counters);
  } while (pageToken);
}

export async function syncGmail(session: SyncSession): Promise<void> {
  const api = await openGmail(session.connection, session.secrets, session.signal);
  const counters: Counters = { processed: 0, total: 0 };
  const cursor = session.connection.syncCursor;
  const historyId = cursor && isHistoryId(cursor.historyId) ? cursor.historyId : null;
  try {
    if (!historyId) return await fullSync(api, session, counters);
    try {
      await incrementalSync(api, session, historyId, counters);
    } catch (error) {
      if (!(error instanceof HistoryExpired)) throw error;
      await fullSync(api, session, counters);
    }
  } finally {
    await api.tokensSaved().catch(() => {});
  }
}
