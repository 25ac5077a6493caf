"use client";

import { CalendarX } from "lucide-react";
import { EmptyState } from "@/components/page/empty-state";
import { Button } from "@/components/ui/button";

// The calendar couldn't load (the database or a connected calendar failed): the app shell
// stays, with a way to try again.
export default function CalendarError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <>
      <h1 className="sr-only">Calendar</h1>
      <EmptyState icon={CalendarX} title="The calendar couldn't load" action={<Button onClick={reset}>Try again</Button>}>
        Something went wrong on our side while fetching your events. It&apos;s been logged; try again in a moment.
      </EmptyState>
    </>
  );
}
