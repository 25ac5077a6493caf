// What the calendar views receive, as plain JSON (instants as ISO strings). The server's
// CalendarEventRow and CalendarChoice have these shapes; the page passes them through.

import type { CalendarChoice } from "@/lib/calendar-types";

export type CalendarEventStatus = "suggested" | "confirmed" | "tentative" | "cancelled";

export type CalendarEvent = {
  id: string;
  title: string;
  startTime: string;
  endTime: string;
  allDay: boolean;
  location: string | null;
  description: string | null;
  timezone: string | null;
  attendees: { name: string | null; email: string }[];
  status: CalendarEventStatus;
  /** The connected calendar it lives in; null for Aiva's own calendar. */
  calendar: { id: string; provider: string; account: string; name: string | null } | null;
  /** The message it came from, if any. */
  source: { threadId: string | null; subject: string | null } | null;
};

/** A calendar an event can be put in; `id` null is Aiva's own. */
export type CalendarOption = CalendarChoice;
