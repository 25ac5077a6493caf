import {
  addDays,
  addMonths,
  addWeeks,
  differenceInCalendarDays,
  format,
  isSameDay,
  isSameMonth,
  isSameYear,
  isValid,
  parse,
  startOfDay,
  startOfMonth,
  startOfWeek,
} from "date-fns";

// The calendar's dates: which days a view shows, how a range is titled, where an event
// falls. Everything here works in the time zone of the process it runs in (the browser's,
// for what people see); the server uses it only to pick a generous window of events.

export const CALENDAR_VIEWS = ["day", "week", "month"] as const;
export type CalendarView = (typeof CALENDAR_VIEWS)[number];
export const DEFAULT_VIEW: CalendarView = "week";
/** Weeks start on Monday ("Nov 16 – 22, 2026"). */
export const WEEK_STARTS_ON = 1;

const DAY_MS = 86_400_000;
const DATE_PARAM = "yyyy-MM-dd";

export function parseView(value: unknown): CalendarView | null {
  return typeof value === "string" && (CALENDAR_VIEWS as readonly string[]).includes(value) ? (value as CalendarView) : null;
}

/** A `?date=` value that names a real day, or null. */
export function parseDateParam(value: unknown): string | null {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const date = parse(value, DATE_PARAM, new Date(2000, 0, 1));
  return isValid(date) && format(date, DATE_PARAM) === value ? value : null;
}

export const toDateParam = (date: Date) => format(date, DATE_PARAM);

/** Local midnight of a `yyyy-MM-dd` day. */
export const fromDateParam = (value: string) => parse(value, DATE_PARAM, new Date(2000, 0, 1));

export type VisibleRange = { start: Date; end: Date; days: Date[] };

/** The days a view shows around `anchor`: one, a week, or the six weeks around a month. */
export function visibleRange(view: CalendarView, anchor: Date): VisibleRange {
  const day = startOfDay(anchor);
  const start =
    view === "day" ? day : startOfWeek(view === "week" ? day : startOfMonth(day), { weekStartsOn: WEEK_STARTS_ON });
  const count = view === "day" ? 1 : view === "week" ? 7 : 42;
  const days = Array.from({ length: count }, (_, i) => addDays(start, i));
  return { start, end: addDays(start, count), days };
}

/** The anchor `step` ranges away (a day, a week or a month). */
export function shiftAnchor(view: CalendarView, anchor: Date, step: number): Date {
  if (view === "day") return addDays(anchor, step);
  if (view === "week") return addWeeks(anchor, step);
  return addMonths(anchor, step);
}

/** "November 2026", "Nov 16 – 22, 2026", "Sunday, November 22, 2026". */
export function rangeTitle(view: CalendarView, anchor: Date): string {
  if (view === "month") return format(anchor, "MMMM yyyy");
  if (view === "day") return format(anchor, "EEEE, MMMM d, yyyy");
  const { start, end } = visibleRange("week", anchor);
  const last = addDays(end, -1);
  if (isSameMonth(start, last)) return `${format(start, "MMM d")} – ${format(last, "d, yyyy")}`;
  if (isSameYear(start, last)) return `${format(start, "MMM d")} – ${format(last, "MMM d, yyyy")}`;
  return `${format(start, "MMM d, yyyy")} – ${format(last, "MMM d, yyyy")}`;
}

/**
 * The instants whose events the server sends for a view: the view's days in any time zone
 * (a day is widened by a day on each side). Without a date the viewer's "today" may be
 * yesterday or tomorrow in UTC, so the ranges around all three are covered.
 */
export function fetchWindow(view: CalendarView, date: string | null, now: Date = new Date()): { from: Date; to: Date } {
  const utcToday = new Date(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const anchors = date ? [fromDateParam(date)] : [-1, 0, 1].map((n) => addDays(utcToday, n));
  const ranges = anchors.map((a) => visibleRange(view, a));
  const utcMidnight = (d: Date) => Date.UTC(d.getFullYear(), d.getMonth(), d.getDate());
  return {
    from: new Date(Math.min(...ranges.map((r) => utcMidnight(r.start))) - DAY_MS),
    to: new Date(Math.max(...ranges.map((r) => utcMidnight(r.end))) + DAY_MS),
  };
}

// ---------------------------------------------------------------------------------------
// Events

export type EventSpan = {
  start: Date;
  /** Exclusive. For all-day events, local midnight after the last day. */
  end: Date;
  /** Shown in the all-day row of the time grid: all-day events and those of 24 hours or more. */
  allDayRow: boolean;
};

/**
 * Where an event falls in local time. All-day events are whole days, stored from noon UTC
 * of the first day (or noon in the zone of the message they came from) to the same hour
 * after the last: their start's UTC date is their first day, whatever the viewer's zone.
 */
export function eventSpan(event: { startTime: string; endTime: string; allDay: boolean }): EventSpan {
  const start = new Date(event.startTime);
  const end = new Date(event.endTime);
  if (event.allDay) {
    const first = new Date(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
    const days = Math.max(1, Math.round((end.getTime() - start.getTime()) / DAY_MS));
    return { start: first, end: addDays(first, days), allDayRow: true };
  }
  return { start, end, allDayRow: end.getTime() - start.getTime() >= DAY_MS };
}

/** The first day after an event: local midnight at or after its end. */
export function dayAfter(span: EventSpan): Date {
  const midnight = startOfDay(span.end);
  const after = midnight.getTime() === span.end.getTime() ? midnight : addDays(midnight, 1);
  return after > span.start ? after : addDays(startOfDay(span.start), 1);
}

/** The last day an event covers (its start day for one of no length). */
export function lastDay(span: EventSpan): Date {
  return addDays(dayAfter(span), -1);
}

/** Calendar days between two dates (b − a). */
export const daysBetween = (a: Date, b: Date) => differenceInCalendarDays(b, a);

// ---------------------------------------------------------------------------------------
// Words

/** "9 AM", "9:30 AM". */
export function formatTime(date: Date): string {
  return format(date, date.getMinutes() ? "h:mm a" : "h a");
}

/** "9:30 – 10:30 AM", "11 AM – 12:30 PM", "Nov 20, 10 PM – Nov 21, 2 AM". */
export function formatTimeRange(start: Date, end: Date): string {
  const sameDay = isSameDay(start, end) || end.getTime() === addDays(startOfDay(start), 1).getTime();
  if (!sameDay) return `${format(start, "MMM d")}, ${formatTime(start)} – ${format(end, "MMM d")}, ${formatTime(end)}`;
  if (format(start, "a") === format(end, "a")) return `${format(start, start.getMinutes() ? "h:mm" : "h")} – ${formatTime(end)}`;
  return `${formatTime(start)} – ${formatTime(end)}`;
}

/** When an event happens, in words: "Friday, November 20 · 2 – 3 PM", "November 18 – 22". */
export function formatEventWhen(event: { startTime: string; endTime: string; allDay: boolean }, now: Date = new Date()): string {
  const span = eventSpan(event);
  const last = lastDay(span);
  const year = (d: Date) => (isSameYear(d, now) ? "" : `, ${format(d, "yyyy")}`);
  if (event.allDay) {
    if (isSameDay(span.start, last)) return `${format(span.start, "EEEE, MMMM d")}${year(last)} · All day`;
    if (isSameMonth(span.start, last)) return `${format(span.start, "MMMM d")} – ${format(last, "d")}${year(last)}`;
    return `${format(span.start, "MMM d")} – ${format(last, "MMM d")}${year(last)}`;
  }
  if (isSameDay(span.start, last)) return `${format(span.start, "EEEE, MMMM d")}${year(span.start)} · ${formatTimeRange(span.start, span.end)}`;
  return formatTimeRange(span.start, span.end);
}
