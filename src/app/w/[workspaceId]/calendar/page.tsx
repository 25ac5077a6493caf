import type { Metadata } from "next";
import { DEFAULT_VIEW, fetchWindow, parseDateParam, parseView } from "@/components/calendar/dates";
import { requireUser } from "@/server/auth/current-user";
import { listEvents } from "@/server/calendar/events";
import { listCalendarChoices } from "@/server/calendar/provider-events";
import { CalendarScreen } from "./calendar-screen";

export const metadata: Metadata = { title: "Calendar" };

/** Day, week or month around `?date=` (today when absent), as `?view=` says (week by default). */
export default async function CalendarPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspaceId: string }>;
  searchParams: Promise<{ view?: string | string[]; date?: string | string[] }>;
}) {
  const { workspaceId } = await params;
  const query = await searchParams;
  const view = parseView(query.view);
  const date = parseDateParam(query.date);
  const user = await requireUser();
  // The server doesn't know the viewer's time zone: it sends every event the view could
  // show in any zone, and the browser places them.
  const [events, calendars] = await Promise.all([
    listEvents(user.id, workspaceId, fetchWindow(view ?? DEFAULT_VIEW, date)),
    listCalendarChoices(user.id, workspaceId),
  ]);
  return <CalendarScreen workspaceId={workspaceId} view={view} date={date} events={events} calendars={calendars} />;
}
