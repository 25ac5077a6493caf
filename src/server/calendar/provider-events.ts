// Events in provider calendars (Google Calendar today), as the rest of Aiva uses them: the
// calendars a user may put events in, and creating, changing and deleting events there.
// The Calendar page (src/server/calendar/events.ts) and confirming a suggested meeting
// (src/server/ai/suggestions.ts) call these; they store the returned provider id on the
// event row. Every function here makes network calls: never call one inside a database
// transaction. Refusals are SafeErrors with a sentence for the person.
import crypto from "node:crypto";
import type { calendar_v3 } from "@googleapis/calendar";
import { and, eq } from "drizzle-orm";
import type { CalendarChoice } from "@/lib/calendar-types";
import { SafeError } from "@/lib/errors";
import { ChannelError } from "@/server/channels/errors";
import { httpStatus } from "@/server/channels/gmail/google-errors";
import type { Address } from "@/server/db/schema";
import { calendarConnections } from "@/server/db/schema";
import { withUser } from "@/server/db/with-rls";
import { getWorkspace } from "@/server/workspaces/workspaces";
import {
  type CalendarApi,
  type GoogleCalendarMeta,
  isWritable,
  markGrantNeedsReauth,
  openCalendarApi,
  readCalendarMeta,
} from "./google/connections";
import { CALENDAR_SCOPE_MESSAGE, READ_ONLY_MESSAGE, googleMessage } from "./google/errors";
import { eventToGoogle, withoutNulls } from "./google/mappers";

export type { CalendarChoice };

/**
 * An event as Aiva sends it to a provider. All-day events (`allDay`) follow Aiva's
 * convention: `startTime` is any instant on the first day and `endTime` any instant on the
 * day after the last (noon UTC, as stored, is safest); the dates are read in `timezone`
 * when it is an IANA zone, else in UTC. Timed events are exact instants; `timezone` (IANA
 * only, others are ignored) tells Google how to show them.
 */
export type ProviderEventInput = {
  title: string;
  description: string | null;
  startTime: Date;
  endTime: Date;
  allDay: boolean;
  timezone: string | null;
  location: string | null;
  attendees: Address[];
};

/** Connection states in which a calendar takes new events (an `error` is a failed sync, not a refusal). */
const USABLE = new Set(["active", "syncing", "error"]);

/** Calendars the user may write to in this workspace; Aiva's own calendar is always first. */
export async function listCalendarChoices(userId: string, workspaceId: string): Promise<CalendarChoice[]> {
  if (!(await getWorkspace(userId, workspaceId))) throw new SafeError("That workspace doesn't exist or you're not a member.", "not_found");
  // Reading as the user: RLS shows the workspace's connections to its members only.
  const rows = await withUser(userId, (tx) =>
    tx
      .select()
      .from(calendarConnections)
      .where(and(eq(calendarConnections.workspaceId, workspaceId), eq(calendarConnections.provider, "google"))),
  );
  const google = rows
    .map((row) => ({ row, meta: readCalendarMeta(row.metadata) }))
    .filter((c): c is { row: typeof c.row; meta: GoogleCalendarMeta } => c.meta !== null && USABLE.has(c.row.status) && isWritable(c.meta))
    .sort(
      (a, b) =>
        Number(b.row.userId === userId) - Number(a.row.userId === userId) ||
        a.meta.googleEmail.localeCompare(b.meta.googleEmail) ||
        Number(b.meta.primary) - Number(a.meta.primary) ||
        (a.row.displayName ?? "").localeCompare(b.row.displayName ?? ""),
    );
  // The person's own primary calendar is the default; a colleague's never is.
  const preferred = google.find((c) => c.meta.primary && c.row.userId === userId) ?? null;
  return [
    { id: null, name: "Aiva calendar", account: null, provider: "aiva", color: null, isDefault: preferred === null },
    ...google.map(({ row, meta }) => ({
      id: row.id,
      name: row.displayName ?? meta.calendarId,
      account: meta.googleEmail,
      provider: "google" as const,
      color: meta.backgroundColor,
      isDefault: row.id === preferred?.row.id,
    })),
  ];
}

type Target = { id: string; workspaceId: string; meta: GoogleCalendarMeta; name: string };

/** The calendar, read as the user (so RLS decides), checked to take events. */
async function writableCalendar(userId: string, workspaceId: string, calendarConnectionId: string): Promise<Target> {
  const [row] = await withUser(userId, (tx) =>
    tx
      .select()
      .from(calendarConnections)
      .where(and(eq(calendarConnections.id, calendarConnectionId), eq(calendarConnections.workspaceId, workspaceId))),
  );
  if (!row) throw new SafeError("That calendar isn't connected in this workspace.", "not_found");
  const meta = row.provider === "google" ? readCalendarMeta(row.metadata) : null;
  if (!meta) throw new SafeError("Aiva can't add events to this calendar.", "unsupported");
  const name = row.displayName ?? meta.calendarId;
  if (row.status === "reauth_required") {
    throw new SafeError(`Reconnect the Google account ${meta.googleEmail} in Settings before changing events in “${name}”.`, "reauth_required");
  }
  if (!USABLE.has(row.status)) throw new SafeError(`“${name}” isn't connected right now.`, "unavailable");
  if (!meta.canWrite) throw new SafeError(CALENDAR_SCOPE_MESSAGE, "forbidden");
  if (!isWritable(meta)) throw new SafeError(READ_ONLY_MESSAGE, "read_only");
  return { id: row.id, workspaceId: row.workspaceId, meta, name };
}

function checkInput(input: ProviderEventInput): void {
  if (!input.title.trim()) throw new SafeError("Give the event a title.", "invalid");
  if (Number.isNaN(input.startTime.getTime()) || Number.isNaN(input.endTime.getTime())) throw new SafeError("The event needs a valid start and end.", "invalid");
  if (input.endTime < input.startTime) throw new SafeError("The event must end after it starts.", "invalid");
}

async function withCalendar<T>(target: Target, action: string, work: (api: CalendarApi) => Promise<T>): Promise<T> {
  let api: CalendarApi | null = null;
  try {
    api = await openCalendarApi({ channelConnectionId: target.meta.channelConnectionId, workspaceId: target.workspaceId }, AbortSignal.timeout(60_000));
    return await work(api);
  } catch (error) {
    throw await refusal(target, action, error);
  } finally {
    await api?.tokensSaved().catch(() => {});
  }
}

/** A SafeError for a failed call; a revoked grant also marks the account's calendars. */
async function refusal(target: Target, action: string, error: unknown): Promise<SafeError> {
  if (error instanceof ChannelError) {
    if (error.kind === "auth") {
      await markGrantNeedsReauth(target.meta.channelConnectionId, error.message).catch((e) => console.error("[calendar] could not record reauth", e));
    }
    return error;
  }
  if (error instanceof SafeError) return error;
  const status = httpStatus(error);
  if (status === 404 || status === 410) {
    return new SafeError(`That event no longer exists in “${target.name}” on Google Calendar.`, "not_found");
  }
  console.error(`[calendar ${target.id}] could not ${action}:`, googleMessage(error) ?? error);
  if (status === 400) return new SafeError(`Google Calendar refused to ${action}. Check its dates, time zone and attendees.`, "invalid");
  return new SafeError(`Google Calendar couldn't ${action} right now. Try again in a moment.`, "provider_error");
}

/**
 * Creates the event in the provider calendar behind `calendarConnectionId` (invitations are
 * sent by the provider). Network call: never call inside a database transaction. Throws
 * SafeError with a sentence a user understands when the provider refuses.
 */
export async function createProviderEvent(
  userId: string,
  workspaceId: string,
  calendarConnectionId: string,
  input: ProviderEventInput,
): Promise<{ providerEventId: string }> {
  checkInput(input);
  const target = await writableCalendar(userId, workspaceId, calendarConnectionId);
  // Aiva names the event (base32hex, as Google asks), so a retry after an unclear failure
  // finds it already there (409) instead of creating a second one.
  const id = crypto.randomUUID().replace(/-/g, "");
  return withCalendar(target, "add the event", async (api) => {
    try {
      const created = await api.call(() =>
        api.calendar.events.insert({
          calendarId: target.meta.calendarId,
          sendUpdates: "all",
          requestBody: { id, ...withoutNulls(eventToGoogle(input)) },
        }),
      );
      return { providerEventId: created.data.id ?? id };
    } catch (error) {
      if (httpStatus(error) === 409) return { providerEventId: id };
      if (httpStatus(error) === 404) throw new SafeError(`“${target.name}” no longer exists in Google Calendar.`, "not_found");
      throw error;
    }
  });
}

export async function updateProviderEvent(
  userId: string,
  workspaceId: string,
  calendarConnectionId: string,
  providerEventId: string,
  input: ProviderEventInput,
): Promise<void> {
  checkInput(input);
  const target = await writableCalendar(userId, workspaceId, calendarConnectionId);
  await withCalendar(target, "change the event", async (api) => {
    const current = await api.call(() => api.calendar.events.get({ calendarId: target.meta.calendarId, eventId: providerEventId }));
    if (current.data.status === "cancelled") throw new SafeError(`That event was deleted from “${target.name}” on Google Calendar.`, "not_found");
    const existing: calendar_v3.Schema$EventAttendee[] = current.data.attendees ?? [];
    await api.call(() =>
      api.calendar.events.patch({
        calendarId: target.meta.calendarId,
        eventId: providerEventId,
        sendUpdates: "all",
        requestBody: eventToGoogle(input, existing),
      }),
    );
  });
}

/** Deletes the event (attendees are told). One that is already gone counts as deleted. */
export async function deleteProviderEvent(
  userId: string,
  workspaceId: string,
  calendarConnectionId: string,
  providerEventId: string,
): Promise<void> {
  const target = await writableCalendar(userId, workspaceId, calendarConnectionId);
  await withCalendar(target, "delete the event", async (api) => {
    try {
      await api.call(() => api.calendar.events.delete({ calendarId: target.meta.calendarId, eventId: providerEventId, sendUpdates: "all" }));
    } catch (error) {
      const status = httpStatus(error);
      if (status === 404 || status === 410) return;
      throw error;
    }
  });
}
