import { CalendarDays } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState } from "@/components/page/empty-state";
import { PageHeader } from "@/components/page/page-header";

export const metadata: Metadata = { title: "Calendar" };

export default function CalendarPage() {
  return (
    <>
      <PageHeader title="Calendar" description="Meetings from your calendars and the ones Aiva suggests from messages." />
      <EmptyState icon={CalendarDays} title="Nothing scheduled">
        Meeting requests in your messages become suggested events here. Connecting Google, Outlook or CalDAV calendars is
        not available in this version of Aiva yet.
      </EmptyState>
    </>
  );
}
