"use client";

import { ChevronLeft, ChevronRight, Keyboard, Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/cn";
import { CALENDAR_VIEWS, type CalendarView } from "./dates";

const VIEW_LABELS: Record<CalendarView, { label: string; key: string; unit: string }> = {
  day: { label: "Day", key: "d", unit: "day" },
  week: { label: "Week", key: "w", unit: "week" },
  month: { label: "Month", key: "m", unit: "month" },
};

/** Today, previous / next, the range's title, the view switcher and "New event". */
export function CalendarToolbar({
  view,
  title,
  pending,
  onToday,
  onStep,
  onView,
  onCreate,
  onShortcuts,
}: {
  view: CalendarView;
  title: string;
  pending: boolean;
  onToday: () => void;
  onStep: (step: 1 | -1) => void;
  onView: (view: CalendarView) => void;
  onCreate: () => void;
  onShortcuts: () => void;
}) {
  const unit = VIEW_LABELS[view].unit;
  return (
    <div className="relative flex flex-wrap items-center gap-x-2 gap-y-2 border-b px-3 py-2 md:px-4">
      {/* The next range's events are on their way. */}
      <div aria-hidden className={cn("absolute inset-x-0 -bottom-px h-0.5 bg-primary/50 transition-opacity", pending ? "animate-pulse opacity-100" : "opacity-0")} />
      <Button variant="outline" size="sm" onClick={onToday} aria-keyshortcuts="t" title="Today (t)">
        Today
      </Button>
      <div className="flex items-center">
        <Button variant="ghost" size="icon" className="size-8" onClick={() => onStep(-1)} aria-label={`Previous ${unit}`} aria-keyshortcuts="k" title={`Previous ${unit} (k)`}>
          <ChevronLeft aria-hidden />
        </Button>
        <Button variant="ghost" size="icon" className="size-8" onClick={() => onStep(1)} aria-label={`Next ${unit}`} aria-keyshortcuts="j" title={`Next ${unit} (j)`}>
          <ChevronRight aria-hidden />
        </Button>
      </div>
      <h1 className="order-first w-full min-w-0 truncate text-base font-semibold tracking-tight sm:order-none sm:w-auto sm:text-lg">
        <span className="sr-only">Calendar: </span>
        {title}
      </h1>
      <span className="sr-only" aria-live="polite">
        {title}
      </span>
      <div className="ml-auto flex items-center gap-1.5">
        <div role="group" aria-label="View" className="inline-flex rounded-md border p-0.5">
          {CALENDAR_VIEWS.map((v) => (
            <button
              key={v}
              type="button"
              aria-pressed={v === view}
              aria-keyshortcuts={VIEW_LABELS[v].key}
              title={`${VIEW_LABELS[v].label} (${VIEW_LABELS[v].key})`}
              onClick={() => onView(v)}
              className={cn(
                "rounded px-2 py-1 text-sm outline-none focus-visible:ring-2 focus-visible:ring-ring sm:px-2.5",
                v === view ? "bg-secondary font-medium text-foreground" : "text-muted-foreground hover:text-foreground",
              )}
            >
              {VIEW_LABELS[v].label}
            </button>
          ))}
        </div>
        <Button variant="ghost" size="icon" className="hidden size-8 sm:inline-flex" onClick={onShortcuts} aria-label="Keyboard shortcuts" aria-keyshortcuts="?">
          <Keyboard aria-hidden />
        </Button>
        <Button size="sm" onClick={onCreate} aria-keyshortcuts="c" title="New event (c)">
          <Plus aria-hidden />
          <span className="sr-only sm:not-sr-only">New event</span>
        </Button>
      </div>
    </div>
  );
}
