"use client";

import { addDays, addMinutes, format, isSameDay, isToday, startOfDay } from "date-fns";
import { useEffect, useMemo, useRef, useState } from "react";
import { cn } from "@/lib/cn";
import { EventButton, useCalendar } from "./calendar-context";
import { type EventSpan, eventSpan, formatTime, formatTimeRange } from "./dates";
import { MINUTES_PER_DAY, layoutRow, placeSideBySide, rowItems, segmentsForDay } from "./layout";
import type { CalendarEvent } from "./types";

// The day and week views: a column per day with the hours down the side, an all-day row
// above, a line at the current time. Press an empty slot to create an event there (drag
// to choose its length); events that overlap sit side by side.

export const HOUR_HEIGHT = 48;
const GUTTER = "3.5rem";
/** Blocks are never drawn shorter than this (a 5-minute event still shows its title). */
const MIN_BLOCK_MINUTES = 22;
const SNAP_MINUTES = 15;
const ALL_DAY_LANE = 22;
const ALL_DAY_LANES_FOLDED = 3;

type Item = { item: CalendarEvent; span: EventSpan };

export function TimeGrid({ days, events }: { days: Date[]; events: CalendarEvent[] }) {
  const { now } = useCalendar();
  const scrollRef = useRef<HTMLDivElement>(null);
  const items = useMemo(() => events.map((e) => ({ item: e, span: eventSpan(e) })), [events]);
  const timed = useMemo(() => items.filter((i) => !i.span.allDayRow), [items]);
  const columns = `${GUTTER} repeat(${days.length}, minmax(0, 1fr))`;
  const zone = format(now, "O");

  // Open at the current hour (or the start of a working day), then keep the scroll as is.
  const hasToday = days.some((d) => isToday(d));
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const hour = hasToday ? Math.max(0, now.getHours() + now.getMinutes() / 60 - 1.5) : 7.5;
    el.scrollTop = hour * HOUR_HEIGHT;
    // Only when the grid first appears.
  }, []);

  return (
    <div
      ref={scrollRef}
      // Focusable, so the hours can be scrolled from the keyboard (arrows, Page Up/Down).
      tabIndex={0}
      role="region"
      aria-label={days.length === 1 ? "The day, hour by hour" : "The week, hour by hour"}
      className="relative min-h-0 flex-1 overflow-y-auto outline-none [scrollbar-gutter:stable] focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-inset"
      data-testid="time-grid"
    >
      <div className="sticky top-0 z-20 border-b bg-background">
        <div className="grid" style={{ gridTemplateColumns: columns }}>
          <div className="self-end pr-2 pb-1 text-right text-[10px] text-muted-foreground" title="Times are in your time zone">
            {zone}
          </div>
          {days.map((day) => (
            <DayHeading key={day.toISOString()} day={day} single={days.length === 1} />
          ))}
        </div>
        <AllDayRow days={days} items={items} columns={columns} />
      </div>
      <div className="relative grid" style={{ gridTemplateColumns: columns, height: 24 * HOUR_HEIGHT }}>
        <div className="relative" aria-hidden>
          {Array.from({ length: 23 }, (_, i) => (
            <span
              key={i}
              className="absolute right-2 -translate-y-1/2 text-[10px] text-muted-foreground tabular-nums"
              style={{ top: (i + 1) * HOUR_HEIGHT }}
            >
              {format(addMinutes(startOfDay(now), (i + 1) * 60), "h a")}
            </span>
          ))}
        </div>
        {days.map((day) => (
          <DayColumn key={day.toISOString()} day={day} items={timed} wide={days.length === 1} />
        ))}
      </div>
    </div>
  );
}

function DayHeading({ day, single }: { day: Date; single: boolean }) {
  const { openDay } = useCalendar();
  const today = isToday(day);
  const content = (
    <>
      <span className={cn("text-[11px] font-medium tracking-wide uppercase", today ? "text-foreground" : "text-muted-foreground")}>
        {format(day, "EEE")}
      </span>
      <span
        className={cn(
          "grid size-8 place-items-center rounded-full text-lg leading-none tabular-nums",
          today ? "bg-primary font-semibold text-primary-foreground" : "text-foreground",
        )}
      >
        {format(day, "d")}
      </span>
    </>
  );
  const base = "flex flex-col items-center gap-0.5 border-l py-1.5";
  if (single) return <div className={base}>{content}</div>;
  return (
    <button
      type="button"
      onClick={() => openDay(day)}
      aria-label={`${format(day, "EEEE, MMMM d")}${today ? ", today" : ""}: show the day`}
      className={cn(base, "outline-none hover:bg-accent/60 focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-inset")}
    >
      {content}
    </button>
  );
}

function AllDayRow({ days, items, columns }: { days: Date[]; items: Item[]; columns: string }) {
  const { createAt } = useCalendar();
  const [expanded, setExpanded] = useState(false);
  const layout = useMemo(
    () => layoutRow(rowItems(items, days, true), days.length, expanded ? Infinity : ALL_DAY_LANES_FOLDED),
    [items, days, expanded],
  );
  const shownLanes = expanded ? layout.lanes : Math.min(layout.lanes, ALL_DAY_LANES_FOLDED);
  return (
    <div className="grid" style={{ gridTemplateColumns: columns }}>
      <div className="flex flex-col items-end gap-0.5 pt-1 pr-2 text-[10px] text-muted-foreground">
        All day
        {expanded && layout.lanes > ALL_DAY_LANES_FOLDED ? (
          <button type="button" className="rounded px-1 underline-offset-2 hover:text-foreground hover:underline" onClick={() => setExpanded(false)}>
            Show less
          </button>
        ) : null}
      </div>
      <div className="relative" style={{ gridColumn: `span ${days.length}`, height: Math.max(1, shownLanes) * ALL_DAY_LANE + 6 }}>
        <div className="absolute inset-0 grid" style={{ gridTemplateColumns: `repeat(${days.length}, minmax(0, 1fr))` }}>
          {days.map((day) => (
            <div
              key={day.toISOString()}
              className="border-l hover:bg-accent/40"
              onClick={() => createAt({ start: day, end: addDays(day, 1), allDay: true })}
            />
          ))}
        </div>
        {layout.pieces.map((piece) => (
          <EventButton
            key={`${piece.item.id}:${piece.fromCol}`}
            event={piece.item}
            pieceKey={`allday:${piece.item.id}:${piece.fromCol}`}
            wide={(piece.toCol - piece.fromCol) / days.length > 0.4}
            className={cn(
              "absolute h-5 truncate rounded px-1.5 text-xs leading-5 font-medium",
              piece.span.start < days[piece.fromCol]! && "rounded-l-none",
            )}
            style={{
              top: piece.lane * ALL_DAY_LANE + 3,
              left: `calc(${(piece.fromCol / days.length) * 100}% + 2px)`,
              width: `calc(${((piece.toCol - piece.fromCol) / days.length) * 100}% - 4px)`,
            }}
          >
            {piece.item.allDay ? "" : `${formatTime(piece.span.start)} `}
            {piece.item.title}
          </EventButton>
        ))}
        {layout.hidden.map((count, col) =>
          count > 0 ? (
            <button
              key={col}
              type="button"
              onClick={() => setExpanded(true)}
              className="absolute h-5 truncate rounded px-1.5 text-left text-xs leading-5 font-medium text-muted-foreground hover:bg-accent hover:text-foreground"
              style={{
                top: (ALL_DAY_LANES_FOLDED - 1) * ALL_DAY_LANE + 3,
                left: `calc(${(col / days.length) * 100}% + 2px)`,
                width: `calc(${100 / days.length}% - 4px)`,
              }}
              aria-label={`${count} more all-day events on ${format(days[col]!, "EEEE, MMMM d")}`}
            >
              +{count} more
            </button>
          ) : null,
        )}
      </div>
    </div>
  );
}

type Press = { startMin: number; currentMin: number; pointerId: number };

const snap = (minutes: number, step: number) => Math.max(0, Math.min(MINUTES_PER_DAY - step, Math.floor(minutes / step) * step));

function DayColumn({ day, items, wide }: { day: Date; items: Item[]; wide: boolean }) {
  const { now, openKey, createAt, draft } = useCalendar();
  const [press, setPress] = useState<Press | null>(null);
  const placed = useMemo(() => placeSideBySide(segmentsForDay(items, day), MIN_BLOCK_MINUTES), [items, day]);
  const today = isToday(day);
  const nowMin = now.getHours() * 60 + now.getMinutes();

  const minutesAt = (e: React.PointerEvent<HTMLDivElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return ((e.clientY - rect.top) / HOUR_HEIGHT) * 60;
  };

  // The slot being chosen: while pressing, or the placeholder of the event being created.
  let ghost: { startMin: number; endMin: number } | null = null;
  if (press) {
    const a = Math.min(press.startMin, press.currentMin);
    const b = Math.max(press.startMin, press.currentMin) + SNAP_MINUTES;
    ghost = { startMin: a, endMin: b };
  } else if (draft && !draft.allDay && isSameDay(draft.start, day)) {
    const start = draft.start.getHours() * 60 + draft.start.getMinutes();
    const end = isSameDay(draft.end, day) ? draft.end.getHours() * 60 + draft.end.getMinutes() : MINUTES_PER_DAY;
    ghost = { startMin: start, endMin: Math.max(end, start + MIN_BLOCK_MINUTES) };
  }

  return (
    <div
      role="group"
      aria-label={format(day, "EEEE, MMMM d")}
      className={cn("relative touch-pan-y border-l select-none", today && "bg-accent/25")}
      style={{
        backgroundImage: "linear-gradient(to bottom, var(--border) 1px, transparent 1px)",
        backgroundSize: `100% ${HOUR_HEIGHT}px`,
      }}
      onPointerDown={(e) => {
        // A click that closes an event's details only closes them.
        if (e.button !== 0 || openKey) return;
        const minute = snap(minutesAt(e), SNAP_MINUTES);
        e.currentTarget.setPointerCapture(e.pointerId);
        setPress({ startMin: minute, currentMin: minute, pointerId: e.pointerId });
      }}
      onPointerMove={(e) => {
        if (!press || e.pointerId !== press.pointerId) return;
        const minute = snap(minutesAt(e), SNAP_MINUTES);
        if (minute !== press.currentMin) setPress({ ...press, currentMin: minute });
      }}
      onPointerUp={(e) => {
        if (!press || e.pointerId !== press.pointerId) return;
        setPress(null);
        const dragged = press.currentMin !== press.startMin;
        // A click takes the half hour it landed in, for an hour; a drag takes what it covered.
        const startMin = dragged ? Math.min(press.startMin, press.currentMin) : snap(press.startMin, 30);
        const endMin = dragged ? Math.max(press.startMin, press.currentMin) + SNAP_MINUTES : startMin + 60;
        createAt({ start: addMinutes(day, startMin), end: addMinutes(day, endMin), allDay: false });
      }}
      onPointerCancel={() => setPress(null)}
    >
      {placed.map((p) => {
        const top = (p.startMin / 60) * HOUR_HEIGHT;
        const height = (Math.max(p.endMin - p.startMin, MIN_BLOCK_MINUTES) / 60) * HOUR_HEIGHT;
        const roomy = height >= 40;
        const span = eventSpan(p.item);
        return (
          <EventButton
            key={p.item.id}
            event={p.item}
            pieceKey={`grid:${p.item.id}:${day.toISOString()}`}
            wide={wide && p.span / p.columns > 0.4}
            className={cn(
              "absolute z-10 rounded-md border-l-[3px] border-l-(--event-color) px-1.5 text-xs leading-tight shadow-[0_0_0_1px_var(--background)]",
              roomy ? "py-1" : "py-0",
              p.startsBefore && "rounded-t-none",
              p.endsAfter && "rounded-b-none",
            )}
            style={{
              top: top + 1,
              height: height - 2,
              left: `calc(${(p.column / p.columns) * 100}% + 1px)`,
              width: `calc(${(p.span / p.columns) * 100}% - 3px)`,
            }}
          >
            {roomy ? (
              <>
                <span className="line-clamp-2 font-medium break-words">{p.item.title}</span>
                <span className="block truncate text-[11px] text-foreground/75">
                  {formatTimeRange(span.start, span.end)}
                  {p.item.location && height >= 64 ? ` · ${p.item.location}` : ""}
                </span>
              </>
            ) : (
              <span className="block truncate" style={{ lineHeight: `${height - 2}px` }}>
                <span className="font-medium">{p.item.title}</span>
                <span className="text-foreground/75">, {formatTime(span.start)}</span>
              </span>
            )}
          </EventButton>
        );
      })}
      {ghost ? (
        <div
          aria-hidden
          className="pointer-events-none absolute inset-x-0.5 z-10 rounded-md border-2 border-primary/60 bg-primary/10 px-1.5 py-1 text-xs font-medium"
          style={{ top: (ghost.startMin / 60) * HOUR_HEIGHT + 1, height: ((ghost.endMin - ghost.startMin) / 60) * HOUR_HEIGHT - 2 }}
        >
          {formatTimeRange(addMinutes(day, ghost.startMin), addMinutes(day, ghost.endMin))}
        </div>
      ) : null}
      {today ? (
        <div aria-hidden className="pointer-events-none absolute inset-x-0 z-20" style={{ top: (nowMin / 60) * HOUR_HEIGHT }}>
          <div className="relative h-0.5 bg-red-500">
            <span className="absolute -top-[5px] -left-[6px] size-3 rounded-full bg-red-500" />
          </div>
        </div>
      ) : null}
    </div>
  );
}
