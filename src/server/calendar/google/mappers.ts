import type { calendar_v3 } from "@googleapis/calendar";
import type { Address } from "@/server/channels/types";
import type { events } from "@/server/db/schema";
import { toPlainText } from "@/server/mail/plain-text";

// Google Calendar events <-> Aiva's `events` rows.
//
// All-day events: Google gives dates (`start.date`, and an exclusive `end.date`). Aiva
// stores them as noon UTC of the first day and noon UTC of the day after the last, as the
// invitation parser does (src/server/ai/local/ics.ts): noon falls on the same calendar
// date in every time zone from UTC-11 to UTC+11, so the date survives any rendering.

const DAY_MS = 86_400_000;

/** Noon UTC of a YYYY-MM-DD date, or null when it isn't one. */
export function noonUtc(date: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const value = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12));
  return Number.isNaN(value.getTime()) ? null : value;
}

/** True for an IANA zone name the runtime knows ("Europe/Paris", "UTC"). */
export function isIanaZone(zone: string | null | undefined): zone is string {
  if (!zone || !/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The calendar date (YYYY-MM-DD) of `instant` in `zone` (UTC when none is usable). */
export function dateIn(instant: Date, zone: string | null): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: isIanaZone(zone) ? zone : "UTC",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

function addDays(date: string, days: number): string {
  const noon = noonUtc(date);
  return noon ? new Date(noon.getTime() + days * DAY_MS).toISOString().slice(0, 10) : date;
}

const address = (person: { email?: string | null; displayName?: string | null } | undefined | null): Address | null =>
  person?.email ? { name: person.displayName?.trim() || null, email: person.email.trim().toLowerCase() } : null;

function plainDescription(description: string | null | undefined): string | null {
  if (!description?.trim()) return null;
  // Google Calendar stores what its editor produced: often a little HTML.
  return /<[a-z][^>]*>/i.test(description) ? toPlainText(null, description) : description.trim();
}

export type EventRowValues = Pick<
  typeof events.$inferInsert,
  "title" | "description" | "startTime" | "endTime" | "allDay" | "timezone" | "location" | "organizer" | "attendees" | "status"
>;

/**
 * The row values of a Google event, or null when it has no usable time (cancelled
 * events come back from incremental syncs with little more than their id).
 */
export function eventFromGoogle(event: calendar_v3.Schema$Event, calendarZone: string | null): EventRowValues | null {
  const status = event.status === "tentative" ? "tentative" : event.status === "cancelled" ? "cancelled" : "confirmed";
  let startTime: Date | null = null;
  let endTime: Date | null = null;
  let allDay = false;
  if (event.start?.date) {
    allDay = true;
    startTime = noonUtc(event.start.date);
    endTime = event.end?.date ? noonUtc(event.end.date) : null;
    if (startTime && (!endTime || endTime <= startTime)) endTime = new Date(startTime.getTime() + DAY_MS);
  } else if (event.start?.dateTime) {
    startTime = new Date(event.start.dateTime);
    endTime = event.end?.dateTime ? new Date(event.end.dateTime) : null;
    if (Number.isNaN(startTime.getTime())) startTime = null;
    if (startTime && (!endTime || Number.isNaN(endTime.getTime()) || endTime < startTime)) endTime = startTime;
  }
  if (!startTime || !endTime) return null;
  const attendees = (event.attendees ?? [])
    .filter((a) => !a.resource)
    .map(address)
    .filter((a): a is Address => a !== null);
  return {
    title: event.summary?.trim() || "(No title)",
    description: plainDescription(event.description),
    startTime,
    endTime,
    allDay,
    timezone: event.start?.timeZone ?? calendarZone ?? null,
    location: event.location?.trim() || null,
    organizer: address(event.organizer),
    attendees,
    status,
  };
}

export type GoogleEventInput = {
  title: string;
  description: string | null;
  startTime: Date;
  endTime: Date;
  allDay: boolean;
  timezone: string | null;
  location: string | null;
  attendees: Address[];
};

/**
 * The request body for events.insert / events.patch. Fields Aiva doesn't set are sent as
 * null on a patch, so a change from timed to all-day (or a cleared location) sticks.
 */
export function eventToGoogle(
  input: GoogleEventInput,
  existingAttendees: calendar_v3.Schema$EventAttendee[] = [],
): calendar_v3.Schema$Event {
  const zone = isIanaZone(input.timezone) ? input.timezone : null;
  let start: calendar_v3.Schema$EventDateTime;
  let end: calendar_v3.Schema$EventDateTime;
  if (input.allDay) {
    const first = dateIn(input.startTime, zone);
    let after = dateIn(input.endTime, zone);
    if (after <= first) after = addDays(first, 1);
    start = { date: first, dateTime: null, timeZone: null };
    end = { date: after, dateTime: null, timeZone: null };
  } else {
    start = { dateTime: input.startTime.toISOString(), date: null, timeZone: zone };
    end = { dateTime: input.endTime.toISOString(), date: null, timeZone: zone };
  }
  // Attendees who already answered keep their answer; Google resets it for any it doesn't know.
  const known = new Map(existingAttendees.filter((a) => a.email).map((a) => [a.email!.toLowerCase(), a]));
  const seen = new Set<string>();
  const attendees: calendar_v3.Schema$EventAttendee[] = [];
  for (const person of input.attendees) {
    const email = person.email.trim().toLowerCase();
    if (!email || seen.has(email)) continue;
    seen.add(email);
    const before = known.get(email);
    attendees.push({
      email,
      ...(person.name ? { displayName: person.name } : {}),
      ...(before?.responseStatus ? { responseStatus: before.responseStatus } : {}),
    });
  }
  // Resources (rooms) aren't in Aiva's attendee list; keep the ones the event has.
  for (const room of existingAttendees.filter((a) => a.resource)) attendees.push(room);
  return {
    summary: input.title,
    description: input.description,
    location: input.location,
    start,
    end,
    attendees,
  };
}

/** The same body without its nulls: an insert has nothing to clear. */
export function withoutNulls(event: calendar_v3.Schema$Event): calendar_v3.Schema$Event {
  const clean = (value: Record<string, unknown>) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined));
  const body = clean(event as Record<string, unknown>) as calendar_v3.Schema$Event;
  if (body.start) body.start = clean(body.start as Record<string, unknown>);
  if (body.end) body.end = clean(body.end as Record<string, unknown>);
  return body;
}
