import type { calendar_v3 } from "@googleapis/calendar";
import { and, eq, gt, inArray, isNotNull, isNull, lt, notInArray } from "drizzle-orm";
import { ChannelError } from "@/server/channels/errors";
import { httpStatus } from "@/server/channels/gmail/google-errors";
import { calendarConnections, events } from "@/server/db/schema";
import { type Tx, withService } from "@/server/db/with-rls";
import {
  type CalendarApi,
  type GrantConnection,
  calendarAccess,
  calendarsOfGrant,
  calendarsToSync,
  markGrantNeedsReauth,
  openCalendarApi,
  readCalendarMeta,
  refreshCalendarList,
  setCalendarState,
} from "./connections";
import { CALENDAR_SCOPE_MESSAGE, googleMessage } from "./errors";
import { type EventRowValues, eventFromGoogle } from "./mappers";

// Syncing a Google account's calendars into `events`, run after each sync of its Gmail
// connection (src/server/sync/run-sync.ts), so the scheduler, cron and "Sync now" all
// cover calendars too.
//
// Per calendar: the first sync lists the window (30 days back, 180 ahead) with
// singleEvents=true, so recurring meetings arrive as their instances, and keeps Google's
// nextSyncToken. Later syncs send only that token and get every change since: new and
// edited events are upserted on (calendar_connection_id, provider_event_id), cancelled
// ones removed. A 410 Gone (token expired) clears the token and lists the window again:
// the upsert key means nothing is duplicated, and events in the window that Google no
// longer lists are removed. Failures land on the calendar connection (lastError, status);
// a revoked grant marks every calendar of the account reauth_required, and those are not
// synced again until the account is reconnected.

const DAY_MS = 86_400_000;
export const CALENDAR_WINDOW = { pastDays: 30, futureDays: 180 } as const;
const PAGE_SIZE = 250;

export type CalendarSyncCursor = { syncToken: string };
export type CalendarSyncOutcome = { calendarId: string; upserted: number; removed: number; fullSync: boolean; error: string | null };

type CalendarRow = typeof calendarConnections.$inferSelect;

/** Rows whose provider event is gone: deleted, or kept as cancelled when a message suggested them (so it isn't suggested again). */
async function removeEvents(tx: Tx, calendarConnectionId: string, condition: ReturnType<typeof and>): Promise<number> {
  const deleted = await tx
    .delete(events)
    .where(and(eq(events.calendarConnectionId, calendarConnectionId), isNull(events.createdFromMessageId), condition))
    .returning({ id: events.id });
  const cancelled = await tx
    .update(events)
    .set({ status: "cancelled", updatedAt: new Date() })
    .where(and(eq(events.calendarConnectionId, calendarConnectionId), isNotNull(events.createdFromMessageId), condition))
    .returning({ id: events.id });
  return deleted.length + cancelled.length;
}

async function upsertEvents(tx: Tx, calendar: CalendarRow, rows: { providerEventId: string; values: EventRowValues }[]): Promise<void> {
  for (const { providerEventId, values } of rows) {
    await tx
      .insert(events)
      .values({ workspaceId: calendar.workspaceId, calendarConnectionId: calendar.id, providerEventId, ...values })
      .onConflictDoUpdate({ target: [events.calendarConnectionId, events.providerEventId], set: { ...values, updatedAt: new Date() } });
  }
}

/** Applies one page of Google events; returns how many rows were written and removed. */
async function applyPage(
  calendar: CalendarRow,
  items: calendar_v3.Schema$Event[],
  zone: string | null,
  horizon: Date | null,
): Promise<{ upserted: number; removed: number; seen: string[] }> {
  const upserts: { providerEventId: string; values: EventRowValues }[] = [];
  const gone: string[] = [];
  for (const item of items) {
    if (!item.id) continue;
    const values = item.status === "cancelled" ? null : eventFromGoogle(item, zone);
    // Instances far beyond the window (a new open-ended series) wait until they come near.
    if (!values || values.status === "cancelled" || (horizon && values.startTime >= horizon)) gone.push(item.id);
    else upserts.push({ providerEventId: item.id, values });
  }
  let removed = 0;
  await withService({ connectionId: calendar.id, reason: "store calendar events" }, async (tx) => {
    await upsertEvents(tx, calendar, upserts);
    if (gone.length > 0) removed = await removeEvents(tx, calendar.id, inArray(events.providerEventId, gone));
  });
  return { upserted: upserts.length, removed, seen: upserts.map((u) => u.providerEventId) };
}

class SyncTokenExpired extends Error {}

async function listAll(
  api: CalendarApi,
  calendarId: string,
  params: Omit<calendar_v3.Params$Resource$Events$List, "calendarId" | "pageToken">,
  onPage: (page: calendar_v3.Schema$Events) => Promise<void>,
): Promise<string | null> {
  let pageToken: string | undefined;
  for (;;) {
    let page: calendar_v3.Schema$Events;
    try {
      page = (await api.call(() => api.calendar.events.list({ calendarId, maxResults: PAGE_SIZE, singleEvents: true, ...params, pageToken }))).data;
    } catch (error) {
      if (params.syncToken && httpStatus(error) === 410) throw new SyncTokenExpired();
      throw error;
    }
    await onPage(page);
    if (page.nextPageToken) {
      pageToken = page.nextPageToken;
      continue;
    }
    return page.nextSyncToken ?? null;
  }
}

/** Syncs one calendar; throws what the caller records on the connection. */
async function syncCalendar(api: CalendarApi, calendar: CalendarRow, now = new Date()): Promise<CalendarSyncOutcome> {
  const meta = readCalendarMeta(calendar.metadata);
  if (!meta) throw new ChannelError("This calendar's settings are incomplete. Reconnect the Google account.", "config");
  const outcome: CalendarSyncOutcome = { calendarId: calendar.id, upserted: 0, removed: 0, fullSync: false, error: null };
  const horizon = new Date(now.getTime() + CALENDAR_WINDOW.futureDays * DAY_MS);
  const stored = calendar.syncCursor as Partial<CalendarSyncCursor> | null;
  let zone = meta.timeZone;

  if (typeof stored?.syncToken === "string" && stored.syncToken) {
    try {
      const next = await listAll(api, meta.calendarId, { syncToken: stored.syncToken }, async (page) => {
        zone = page.timeZone ?? zone;
        const applied = await applyPage(calendar, page.items ?? [], zone, horizon);
        outcome.upserted += applied.upserted;
        outcome.removed += applied.removed;
      });
      await setCalendarState(calendar.id, { syncCursor: next ? { syncToken: next } : null });
      return outcome;
    } catch (error) {
      if (!(error instanceof SyncTokenExpired)) throw error;
      // Google forgot the token: forget it too, then list the window again.
      await setCalendarState(calendar.id, { syncCursor: null });
    }
  }

  outcome.fullSync = true;
  const timeMin = new Date(now.getTime() - CALENDAR_WINDOW.pastDays * DAY_MS);
  const seen = new Set<string>();
  const listedFrom = new Date();
  const next = await listAll(
    api,
    meta.calendarId,
    { timeMin: timeMin.toISOString(), timeMax: horizon.toISOString(), showDeleted: false },
    async (page) => {
      zone = page.timeZone ?? zone;
      const applied = await applyPage(calendar, page.items ?? [], zone, null);
      outcome.upserted += applied.upserted;
      outcome.removed += applied.removed;
      for (const id of applied.seen) seen.add(id);
    },
  );
  // What Google no longer lists in the window was deleted while Aiva wasn't looking (rows
  // written since the listing began, say an event Aiva just created, are left alone).
  outcome.removed += await withService({ connectionId: calendar.id, reason: "remove vanished calendar events" }, (tx) =>
    removeEvents(
      tx,
      calendar.id,
      and(
        isNotNull(events.providerEventId),
        gt(events.endTime, timeMin),
        lt(events.startTime, horizon),
        lt(events.updatedAt, listedFrom),
        seen.size > 0 ? notInArray(events.providerEventId, [...seen]) : undefined,
      ),
    ),
  );
  await setCalendarState(calendar.id, { syncCursor: next ? { syncToken: next } : null });
  return outcome;
}

function failureMessage(error: unknown): string {
  if (error instanceof ChannelError) return error.message;
  if (httpStatus(error) === 404) return "This calendar is no longer in the Google account.";
  return "The calendar sync failed unexpectedly. Aiva will try again.";
}

export type GoogleCalendarsOutcome = {
  /** "no_scope": the grant doesn't include Calendar; "auth": it was refused. */
  skipped: "no_scope" | "auth" | null;
  calendars: CalendarSyncOutcome[];
};

/** Reads the account's calendar list into calendar connections (the connect flow calls this). */
export async function setupGoogleCalendars(grant: GrantConnection, signal?: AbortSignal): Promise<{ calendars: number; skipped: "no_scope" | null }> {
  if (!calendarAccess(grant.metadata.scopes).read) return { calendars: 0, skipped: "no_scope" };
  const api = await openCalendarApi({ channelConnectionId: grant.id, workspaceId: grant.workspaceId }, signal);
  try {
    return { calendars: (await refreshCalendarList(grant, api)).length, skipped: null };
  } finally {
    await api.tokensSaved().catch(() => {});
  }
}

/**
 * Syncs every calendar of the Google account behind Gmail connection `grant`. Never
 * throws: each calendar's outcome is recorded on its connection.
 */
export async function syncGoogleCalendars(grant: GrantConnection, signal?: AbortSignal): Promise<GoogleCalendarsOutcome> {
  const outcome: GoogleCalendarsOutcome = { skipped: null, calendars: [] };
  if (!calendarAccess(grant.metadata.scopes).read) {
    // Reconnected without Calendar: calendars from an earlier grant can't be read any more.
    await markGrantNeedsReauth(grant.id, CALENDAR_SCOPE_MESSAGE);
    return { ...outcome, skipped: "no_scope" };
  }
  let api: CalendarApi | null = null;
  try {
    api = await openCalendarApi({ channelConnectionId: grant.id, workspaceId: grant.workspaceId }, signal);
    await refreshCalendarList(grant, api);
  } catch (error) {
    await api?.tokensSaved().catch(() => {});
    const auth = error instanceof ChannelError && error.kind === "auth";
    if (!auth) console.error(`[calendar sync ${grant.id}] could not read the calendar list:`, googleMessage(error) ?? error);
    const message = failureMessage(error);
    if (auth) await markGrantNeedsReauth(grant.id, message);
    else {
      for (const row of await calendarsOfGrant(grant.id)) {
        if (row.status !== "reauth_required") await setCalendarState(row.id, { status: "error", lastError: message });
      }
    }
    return { ...outcome, skipped: auth ? "auth" : null };
  }

  try {
    for (const calendar of await calendarsToSync(grant.id)) {
      if (signal?.aborted) break;
      await setCalendarState(calendar.id, { status: "syncing" });
      try {
        const result = await syncCalendar(api, calendar);
        await setCalendarState(calendar.id, { status: "active", lastSyncAt: new Date(), lastError: null });
        outcome.calendars.push(result);
      } catch (error) {
        const message = failureMessage(error);
        outcome.calendars.push({ calendarId: calendar.id, upserted: 0, removed: 0, fullSync: false, error: message });
        if (error instanceof ChannelError && error.kind === "auth") {
          // The grant itself: every calendar of the account waits for a reconnect.
          await markGrantNeedsReauth(grant.id, message);
          outcome.skipped = "auth";
          break;
        }
        if (!(error instanceof ChannelError)) console.error(`[calendar sync ${calendar.id}]`, googleMessage(error) ?? error);
        await setCalendarState(calendar.id, { status: "error", lastError: message });
      }
    }
  } finally {
    await api.tokensSaved().catch(() => {});
  }
  return outcome;
}
