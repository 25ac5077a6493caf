"use client";

import { addDays, format, isSameMonth, isToday } from "date-fns";
import { useEffect, useMemo, useRef, useState } from "react";
import { cn } from "@/lib/cn";
import { EventButton, useCalendar } from "./calendar-context";
import { eventSpan, formatTime } from "./dates";
import { layoutRow, rowItems } from "./layout";
import type { CalendarEvent } from "./types";

// The month view: six weeks of days, events as compact chips (bars across the days they
// cover), "+N more" when a day holds more than its cell shows. Click a day's number to
// open it, an empty part of a day to create an all-day event on it.

const LANE = 22;
const DAY_NUMBER_HEIGHT = 28;

export function MonthGrid({ days, month, events }: { days: Date[]; month: Date; events: CalendarEvent[] }) {
  const items = useMemo(() => events.map((e) => ({ item: e, span: eventSpan(e) })), [events]);
  const weeks = useMemo(() => Array.from({ length: days.length / 7 }, (_, w) => days.slice(w * 7, w * 7 + 7)), [days]);
  const bodyRef = useRef<HTMLDivElement>(null);
  const [lanes, setLanes] = useState(3);

  // As many lines per day as the cells have room for.
  useEffect(() => {
    const el = bodyRef.current;
    if (!el) return;
    const measure = () => {
      const row = el.firstElementChild as HTMLElement | null;
      const height = row?.getBoundingClientRect().height ?? 0;
      setLanes(Math.max(1, Math.floor((height - DAY_NUMBER_HEIGHT - 4) / LANE)));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  return (
    <div className="flex min-h-0 flex-1 flex-col" data-testid="month-grid">
      <div className="grid grid-cols-7 border-b" aria-hidden>
        {days.slice(0, 7).map((d) => (
          <div key={d.toISOString()} className="border-l py-1.5 text-center text-[11px] font-medium tracking-wide text-muted-foreground uppercase first:border-l-0">
            {format(d, "EEE")}
          </div>
        ))}
      </div>
      <div ref={bodyRef} className="grid min-h-0 flex-1 auto-rows-[minmax(5.5rem,1fr)] overflow-y-auto">
        {weeks.map((week) => (
          <WeekRow key={week[0]!.toISOString()} week={week} month={month} items={items} lanes={lanes} />
        ))}
      </div>
    </div>
  );
}

function WeekRow({
  week,
  month,
  items,
  lanes,
}: {
  week: Date[];
  month: Date;
  items: { item: CalendarEvent; span: ReturnType<typeof eventSpan> }[];
  lanes: number;
}) {
  const { createAt, openDay } = useCalendar();
  const layout = useMemo(() => layoutRow(rowItems(items, week), 7, lanes), [items, week, lanes]);
  return (
    <div className="relative grid grid-cols-7 border-b last:border-b-0">
      {week.map((day) => {
        const today = isToday(day);
        const outside = !isSameMonth(day, month);
        return (
          <div
            key={day.toISOString()}
            role="group"
            aria-label={format(day, "EEEE, MMMM d")}
            className={cn("border-l px-1 pt-1 first:border-l-0", outside && "bg-muted/40")}
            onClick={(e) => {
              if (e.target === e.currentTarget) createAt({ start: day, end: addDays(day, 1), allDay: true });
            }}
          >
            <button
              type="button"
              onClick={() => openDay(day)}
              aria-label={`${format(day, "EEEE, MMMM d")}${today ? ", today" : ""}: show the day`}
              className={cn(
                "mx-auto grid h-6 min-w-6 place-items-center rounded-full px-1 text-xs tabular-nums outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring",
                today ? "bg-primary font-semibold text-primary-foreground hover:bg-primary/90" : outside ? "text-muted-foreground" : "text-foreground",
              )}
            >
              {format(day, day.getDate() === 1 ? "MMM d" : "d")}
            </button>
          </div>
        );
      })}
      <div className="pointer-events-none absolute inset-x-0 bottom-0" style={{ top: DAY_NUMBER_HEIGHT }}>
        {layout.pieces.map((piece) => {
          const continues = piece.span.start < week[piece.fromCol]!;
          return (
            <EventButton
              key={`${piece.item.id}:${piece.fromCol}`}
              event={piece.item}
              pieceKey={`month:${piece.item.id}:${week[0]!.toISOString()}:${piece.fromCol}`}
              fill={piece.bar ? "tint" : "plain"}
              wide={piece.toCol - piece.fromCol >= 3}
              className={cn(
                "pointer-events-auto absolute flex h-5 items-center gap-1 rounded px-1 text-xs leading-5 sm:px-1.5",
                // On a phone a cell has room for a few letters, not a dot and a time: tint it instead.
                !piece.bar && piece.item.status !== "suggested" && "max-sm:bg-[color-mix(in_oklab,var(--event-color)_16%,var(--background))] max-sm:dark:bg-[color-mix(in_oklab,var(--event-color)_30%,var(--background))]",
                continues && "rounded-l-none",
              )}
              style={{
                top: piece.lane * LANE,
                left: `calc(${(piece.fromCol / 7) * 100}% + 2px)`,
                width: `calc(${((piece.toCol - piece.fromCol) / 7) * 100}% - 4px)`,
              }}
            >
              {piece.bar ? null : <span aria-hidden className="hidden size-2 shrink-0 rounded-full bg-(--event-color) sm:block" />}
              <span className="min-w-0 truncate">
                {piece.item.allDay || continues ? null : <span className="hidden text-foreground/75 sm:inline">{formatTime(piece.span.start)} </span>}
                <span className="font-medium">{piece.item.title}</span>
              </span>
            </EventButton>
          );
        })}
        {layout.hidden.map((count, col) =>
          count > 0 ? (
            <button
              key={col}
              type="button"
              onClick={() => openDay(week[col]!)}
              className="pointer-events-auto absolute h-5 truncate rounded px-1.5 text-left text-xs leading-5 font-medium text-muted-foreground hover:bg-accent hover:text-foreground"
              style={{ top: (lanes - 1) * LANE, left: `calc(${(col / 7) * 100}% + 2px)`, width: `calc(${100 / 7}% - 4px)` }}
              aria-label={`${count} more events on ${format(week[col]!, "EEEE, MMMM d")}: show the day`}
            >
              +{count} more
            </button>
          ) : null,
        )}
      </div>
    </div>
  );
}
