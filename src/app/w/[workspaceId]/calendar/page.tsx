import { CalendarDays } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState } from "@/components/page/empty-state";
import { PageHeader } from "@/components/page/page-header";
import { requireUser } from "@/server/auth/current-user";
import { listEvents } from "@/server/calendar/events";
import { Agenda } from "./agenda";

export const metadata: Metadata = { title: "Calendar" };

/** Shown: the past week and the next three months. */
const PAST_DAYS = 7;
const FUTURE_DAYS = 92;

export default async function CalendarPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const user = await requireUser();
  const now = Date.now();
  const events = await listEvents(user.id, workspaceId, {
    from: new Date(now - PAST_DAYS * 86_400_000),
    to: new Date(now + FUTURE_DAYS * 86_400_000),
  });
  return (
    <>
      <PageHeader title="Calendar" description="Meetings you added from messages, and the ones Aiva suggests." />
      {events.length === 0 ? (
        <EmptyState icon={CalendarDays} title="Nothing scheduled">
          When a message asks to meet, its AI summary offers to add the meeting here. Connecting Google, Outlook or CalDAV
          calendars is not available in this version of Aiva yet.
        </EmptyState>
      ) : (
        <Agenda workspaceId={workspaceId} events={events} />
      )}
    </>
  );
}
