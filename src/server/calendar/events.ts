import { and, asc, eq, gt, inArray, isNull, lt, ne } from "drizzle-orm";
import { z } from "zod";
import { SafeError } from "@/lib/errors";
import type { EventSuggestionView } from "@/lib/inbox-types";
import { calendarConnections, events, messages } from "@/server/db/schema";
import { type Tx, pgErrorCode, withUser } from "@/server/db/with-rls";
import { type ProviderEventInput, createProviderEvent, deleteProviderEvent, updateProviderEvent } from "./provider-events";

// The calendar: events confirmed from messages, events people create here, and (through
// provider-events.ts) events in connected calendars. Suggestions show too, marked, until
// confirmed or discarded.
//
// All-day events are stored from noon UTC of their first day to noon UTC of the day after
// the last (exclusive, as Google and iCalendar count), like the Google sync and the
// invitation parser store them: noon falls on the same date from UTC-11 to UTC+11, and the
// calendar page reads the UTC date, so the days survive any viewer's time zone. Their
// instants straddle UTC midnight: a caller asking for a day's events pads the range.
//
// Provider calls are network calls: they run before or after a database transaction, never
// inside one.

/** An event row as the reader's AI panel sees it. */
export const eventView = (e: typeof events.$inferSelect): EventSuggestionView => ({
  id: e.id,
  title: e.title,
  startTime: e.startTime.toISOString(),
  endTime: e.endTime.toISOString(),
  allDay: e.allDay,
  location: e.location,
  attendees: e.attendees.map((a) => ({ name: a.name, email: a.email })),
  status: e.status,
});

/** An event as the calendar page sees it. */
export type CalendarEventRow = EventSuggestionView & {
  description: string | null;
  timezone: string | null;
  /** The connected calendar it lives in; null for Aiva's own calendar. */
  calendar: { id: string; provider: string; account: string; name: string | null } | null;
  /** The message it came from, if any. */
  source: { threadId: string | null; subject: string | null } | null;
};

const DAY_MS = 86_400_000;
const VISIBLE_STATUSES = ["confirmed", "tentative", "suggested"] as const;
type Status = (typeof VISIBLE_STATUSES)[number];

function selectEvents(tx: Tx) {
  return tx
    .select({
      event: events,
      threadId: messages.threadId,
      subject: messages.subject,
      provider: calendarConnections.provider,
      account: calendarConnections.providerAccountId,
      calendarName: calendarConnections.displayName,
    })
    .from(events)
    .leftJoin(messages, eq(messages.id, events.createdFromMessageId))
    .leftJoin(calendarConnections, eq(calendarConnections.id, events.calendarConnectionId));
}

type SelectedRow = Awaited<ReturnType<ReturnType<typeof selectEvents>["where"]>>[number];

function calendarEventView({ event: e, threadId, subject, provider, account, calendarName }: SelectedRow): CalendarEventRow {
  return {
    ...eventView(e),
    description: e.description,
    timezone: e.timezone,
    calendar: e.calendarConnectionId && provider ? { id: e.calendarConnectionId, provider, account: account ?? "", name: calendarName } : null,
    source: e.createdFromMessageId ? { threadId, subject } : null,
  };
}

/** Events that overlap [from, to): they end after `from` and start before `to`. */
export async function listEvents(userId: string, workspaceId: string, range: { from: Date; to: Date }): Promise<CalendarEventRow[]> {
  const rows = await withUser(userId, (tx) =>
    selectEvents(tx)
      .where(
        and(
          eq(events.workspaceId, workspaceId),
          inArray(events.status, [...VISIBLE_STATUSES]),
          gt(events.endTime, range.from),
          lt(events.startTime, range.to),
        ),
      )
      .orderBy(asc(events.startTime), asc(events.id))
      .limit(2000),
  );
  return rows.map(calendarEventView);
}

// ---------------------------------------------------------------------------------------
// Create, edit, delete

const LIMITS = { title: 300, location: 500, description: 8000, attendees: 100 } as const;

const optionalText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, { message: `${what} can be at most ${max.toLocaleString("en-US")} characters.` })
    .nullable()
    .optional()
    .transform((v) => v || null);

const attendeeSchema = z.object({
  email: z
    .string()
    .trim()
    .pipe(z.email({ error: (issue) => `“${String(issue.input)}” is not an email address.` }).max(320)),
  name: optionalText(200, "A name"),
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Checks a duration; a start or end that is not a date has its own message already. */
function lasting(start: string, end: string, ok: (ms: number) => boolean): boolean {
  const ms = parseInstant(end) - parseInstant(start);
  return Number.isNaN(ms) || ok(ms);
}

/** Date.parse, except that a day which doesn't exist ("2026-02-30") is NaN, not March 2. */
function parseInstant(value: string): number {
  const ms = Date.parse(value);
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) !== value) return Number.NaN;
  return ms;
}

const commonFields = {
  title: z
    .string()
    .trim()
    .min(1, { message: "Give the event a title." })
    .max(LIMITS.title, { message: `A title can be at most ${LIMITS.title} characters.` }),
  location: optionalText(LIMITS.location, "A location"),
  description: optionalText(LIMITS.description, "A description"),
  attendees: z
    .array(attendeeSchema)
    .max(LIMITS.attendees, { message: `An event can have at most ${LIMITS.attendees} guests.` })
    .default([])
    .transform((list) => list.filter((a, i) => list.findIndex((b) => b.email.toLowerCase() === a.email.toLowerCase()) === i)),
  /** A calendar from listCalendarChoices; null is Aiva's own calendar. */
  calendarId: z.uuid({ message: "Choose a calendar." }).nullable().default(null),
};

const timedEventSchema = z
  .object({
    ...commonFields,
    allDay: z.literal(false),
    startTime: z.iso.datetime({ offset: true, message: "Choose when it starts." }),
    endTime: z.iso.datetime({ offset: true, message: "Choose when it ends." }),
    /** The IANA zone it was planned in (the browser's), passed on to providers. */
    timezone: z.string().max(64).refine(isTimeZone, { message: "That time zone is not known." }).nullable().default(null),
  })
  .refine((v) => lasting(v.startTime, v.endTime, (ms) => ms > 0), { message: "The event must end after it starts.", path: ["endTime"] })
  .refine((v) => lasting(v.startTime, v.endTime, (ms) => ms <= 366 * DAY_MS), { message: "An event can last at most a year.", path: ["endTime"] });

const allDayEventSchema = z
  .object({
    ...commonFields,
    allDay: z.literal(true),
    startDate: z.iso.date({ message: "Choose the day it starts." }),
    /** The last day, inclusive. */
    endDate: z.iso.date({ message: "Choose the day it ends." }),
  })
  .refine((v) => lasting(v.startDate, v.endDate, (ms) => ms >= 0), { message: "The event must end on or after the day it starts.", path: ["endDate"] })
  .refine((v) => lasting(v.startDate, v.endDate, (ms) => ms < 366 * DAY_MS), { message: "An event can last at most a year.", path: ["endDate"] });

/** What the create and edit forms send. */
export const eventInputSchema = z.discriminatedUnion("allDay", [timedEventSchema, allDayEventSchema]);
export type EventInput = z.input<typeof eventInputSchema>;
type ParsedEvent = z.output<typeof eventInputSchema>;

/** The columns an input sets, times as instants. */
function rowFields(v: ParsedEvent) {
  const times = v.allDay
    ? {
        startTime: new Date(`${v.startDate}T12:00:00.000Z`),
        endTime: new Date(Date.parse(`${v.endDate}T12:00:00.000Z`) + DAY_MS),
        allDay: true,
        timezone: null,
      }
    : { startTime: new Date(v.startTime), endTime: new Date(v.endTime), allDay: false, timezone: v.timezone };
  return { ...times, title: v.title, location: v.location, description: v.description, attendees: v.attendees };
}

function providerInput(fields: ReturnType<typeof rowFields>): ProviderEventInput {
  return { ...fields };
}

async function readEvent(tx: Tx, workspaceId: string, eventId: string): Promise<CalendarEventRow> {
  const [row] = await selectEvents(tx).where(and(eq(events.id, eventId), eq(events.workspaceId, workspaceId)));
  if (!row) throw new SafeError("That event is no longer here.", "not_found");
  return calendarEventView(row);
}

/** The parts of an existing event that decide how it is changed. */
async function findEvent(userId: string, workspaceId: string, eventId: string) {
  const [row] = await withUser(userId, (tx) =>
    tx
      .select({ id: events.id, status: events.status, calendarConnectionId: events.calendarConnectionId, providerEventId: events.providerEventId })
      .from(events)
      .where(and(eq(events.id, eventId), eq(events.workspaceId, workspaceId), ne(events.status, "cancelled"))),
  );
  if (!row) throw new SafeError("That event is no longer here.", "not_found");
  return row;
}

/** RLS refusing a write means the workspace is not the user's (the action checks this first). */
function refusedWrite(error: unknown): never {
  if (pgErrorCode(error) === "42501") throw new SafeError("You can't change the calendar of this workspace.", "forbidden");
  throw error;
}

/** Undoes a provider event whose row could not be written, so nothing is left half-made. */
async function discardProviderEvent(userId: string, workspaceId: string, calendarId: string, providerEventId: string) {
  await deleteProviderEvent(userId, workspaceId, calendarId, providerEventId).catch((error: unknown) => {
    console.error("[calendar] could not remove a provider event after its row failed to save", error);
  });
}

/** A new event: in the chosen connected calendar first (which sends invitations), then here. */
export async function createEvent(userId: string, workspaceId: string, input: EventInput): Promise<CalendarEventRow> {
  const v = eventInputSchema.parse(input);
  const fields = rowFields(v);
  const provider = v.calendarId
    ? { calendarConnectionId: v.calendarId, ...(await createProviderEvent(userId, workspaceId, v.calendarId, providerInput(fields))) }
    : null;
  try {
    return await withUser(userId, async (tx) => {
      const values = { workspaceId, ...fields, status: "confirmed" as const, createdBy: userId, ...provider };
      const insert = tx.insert(events).values(values);
      // A sync of the connected calendar may have brought the new event in already.
      const [row] = provider
        ? await insert
            .onConflictDoUpdate({
              target: [events.calendarConnectionId, events.providerEventId],
              set: { ...fields, status: "confirmed", updatedAt: new Date() },
            })
            .returning({ id: events.id })
        : await insert.returning({ id: events.id });
      return readEvent(tx, workspaceId, row!.id);
    });
  } catch (error) {
    if (provider) await discardProviderEvent(userId, workspaceId, provider.calendarConnectionId, provider.providerEventId);
    return refusedWrite(error);
  }
}

/**
 * Saves an edit. Saving a suggestion confirms it. An event in Aiva's calendar may be moved
 * into a connected one (it is created there); a connected calendar's event stays in it.
 */
export async function updateEvent(userId: string, workspaceId: string, eventId: string, input: EventInput): Promise<CalendarEventRow> {
  const v = eventInputSchema.parse(input);
  const fields = rowFields(v);
  const current = await findEvent(userId, workspaceId, eventId);
  let moved: { calendarConnectionId: string; providerEventId: string } | null = null;
  if (current.calendarConnectionId) {
    if (v.calendarId !== current.calendarConnectionId) {
      throw new SafeError("An event in a connected calendar stays in it. Delete it and create it again in the other calendar.", "calendar_fixed");
    }
    if (!current.providerEventId) throw new SafeError("That event has not finished syncing yet. Try again in a minute.", "not_synced");
    await updateProviderEvent(userId, workspaceId, current.calendarConnectionId, current.providerEventId, providerInput(fields));
  } else if (v.calendarId) {
    moved = { calendarConnectionId: v.calendarId, ...(await createProviderEvent(userId, workspaceId, v.calendarId, providerInput(fields))) };
  }
  const status: Status = current.status === "suggested" ? "confirmed" : (current.status as Status);
  try {
    return await withUser(userId, async (tx) => {
      const rows = await tx
        .update(events)
        .set({ ...fields, ...moved, status, ...(current.status === "suggested" ? { createdBy: userId } : {}), updatedAt: new Date() })
        .where(and(eq(events.id, eventId), eq(events.workspaceId, workspaceId), ne(events.status, "cancelled")))
        .returning({ id: events.id });
      if (rows.length === 0) throw new SafeError("That event was deleted meanwhile.", "not_found");
      return readEvent(tx, workspaceId, eventId);
    });
  } catch (error) {
    if (moved) await discardProviderEvent(userId, workspaceId, moved.calendarConnectionId, moved.providerEventId);
    return refusedWrite(error);
  }
}

export type DeletedEvent = {
  eventId: string;
  /** Aiva's own events can be brought back (Undo); a provider has already sent cancellations. */
  restorable: boolean;
  previousStatus: Status;
};

/**
 * Deletes an event: from its connected calendar first (the provider tells the guests), then
 * here. The row is kept as cancelled, so the message it came from does not suggest it again.
 */
export async function deleteEvent(userId: string, workspaceId: string, eventId: string): Promise<DeletedEvent> {
  const current = await findEvent(userId, workspaceId, eventId);
  if (current.calendarConnectionId && current.providerEventId) {
    await deleteProviderEvent(userId, workspaceId, current.calendarConnectionId, current.providerEventId);
  }
  await withUser(userId, (tx) =>
    tx.update(events).set({ status: "cancelled", updatedAt: new Date() }).where(and(eq(events.id, eventId), eq(events.workspaceId, workspaceId))),
  );
  return { eventId, restorable: !current.calendarConnectionId, previousStatus: current.status as Status };
}

export const restoreEventSchema = z.object({
  eventId: z.uuid(),
  status: z.enum(VISIBLE_STATUSES).default("confirmed"),
});

/** Undo of deleteEvent for an event of Aiva's own calendar. */
export async function restoreEvent(userId: string, workspaceId: string, input: z.input<typeof restoreEventSchema>): Promise<CalendarEventRow> {
  const { eventId, status } = restoreEventSchema.parse(input);
  return withUser(userId, async (tx) => {
    const rows = await tx
      .update(events)
      .set({ status, updatedAt: new Date() })
      .where(and(eq(events.id, eventId), eq(events.workspaceId, workspaceId), eq(events.status, "cancelled"), isNull(events.calendarConnectionId)))
      .returning({ id: events.id });
    if (rows.length === 0) throw new SafeError("That event can't be brought back any more.", "not_found");
    return readEvent(tx, workspaceId, eventId);
  });
}
