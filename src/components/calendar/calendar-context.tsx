"use client";

import { Popover } from "radix-ui";
import { type CSSProperties, type ReactNode, createContext, useContext } from "react";
import { cn } from "@/lib/cn";
import { formatEventWhen } from "./dates";
import type { CalendarEvent } from "./types";
import { useMediaQuery } from "./use-media-query";

// What the views need from the page around them: colours, what clicking does, and the
// details of an event (shown in a popover anchored to the event that was clicked).

export type Draft = { start: Date; end: Date; allDay: boolean };

export type CalendarContextValue = {
  now: Date;
  colorOf: (event: CalendarEvent) => string;
  /** The details popover's contents; `close` hides it. */
  renderDetails: (event: CalendarEvent, close: () => void) => ReactNode;
  /** Which event piece's details are open (a piece: one event in one place on screen). */
  openKey: string | null;
  setOpenKey: (key: string | null) => void;
  /** An empty slot was clicked (or dragged over). */
  createAt: (draft: Draft) => void;
  openDay: (day: Date) => void;
  /** The slot of the event being created, drawn as a placeholder while its dialog is open. */
  draft: Draft | null;
};

const CalendarContext = createContext<CalendarContextValue | null>(null);

export const CalendarProvider = CalendarContext.Provider;

export function useCalendar(): CalendarContextValue {
  const value = useContext(CalendarContext);
  if (!value) throw new Error("useCalendar needs a CalendarProvider");
  return value;
}

/** The colour an event is drawn in, as a CSS variable for the classes below. */
export const colorVar = (color: string) => ({ "--event-color": color }) as CSSProperties;

/**
 * Tinted blocks for events, plain text (with a dot) for a timed event in a month cell, and
 * dashed outlines for suggestions Aiva made from a message.
 */
export function eventTone(event: CalendarEvent, fill: "tint" | "plain" = "tint"): string {
  if (event.status === "suggested") {
    return "border border-dashed border-(--event-color) bg-background text-foreground hover:bg-[color-mix(in_oklab,var(--event-color)_8%,var(--background))]";
  }
  if (fill === "plain") return "bg-transparent text-foreground hover:bg-accent";
  return "bg-[color-mix(in_oklab,var(--event-color)_16%,var(--background))] text-foreground hover:bg-[color-mix(in_oklab,var(--event-color)_24%,var(--background))] dark:bg-[color-mix(in_oklab,var(--event-color)_30%,var(--background))] dark:hover:bg-[color-mix(in_oklab,var(--event-color)_38%,var(--background))]";
}

/** What a screen reader says for an event. */
export function eventLabel(event: CalendarEvent, now: Date): string {
  return [
    event.title,
    formatEventWhen(event, now),
    event.status === "suggested" ? "suggested from a message" : event.status === "tentative" ? "tentative" : null,
    event.location,
  ]
    .filter(Boolean)
    .join(", ");
}

/** An event on screen: a button that opens its details. */
export function EventButton({
  event,
  pieceKey,
  fill = "tint",
  wide = false,
  className,
  style,
  children,
}: {
  event: CalendarEvent;
  pieceKey: string;
  fill?: "tint" | "plain";
  /** A wide event opens its details below it (beside it there'd be no room). */
  wide?: boolean;
  className?: string;
  style?: CSSProperties;
  children: ReactNode;
}) {
  const { openKey, setOpenKey, renderDetails, colorOf, now } = useCalendar();
  const open = openKey === pieceKey;
  const narrowScreen = useMediaQuery("(max-width: 639px)");
  return (
    <Popover.Root open={open} onOpenChange={(next) => setOpenKey(next ? pieceKey : null)}>
      <Popover.Trigger asChild>
        <button
          type="button"
          aria-label={eventLabel(event, now)}
          data-event-id={event.id}
          // A press on an event must not start creating one in the slot under it.
          onPointerDown={(e) => e.stopPropagation()}
          className={cn(
            "overflow-hidden text-left outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-1 focus-visible:ring-offset-background",
            eventTone(event, fill),
            open && "ring-2 ring-ring",
            className,
          )}
          style={{ ...colorVar(colorOf(event)), ...style }}
        >
          {children}
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          aria-label={event.title}
          side={wide || narrowScreen ? "bottom" : "right"}
          align="start"
          sideOffset={6}
          collisionPadding={8}
          className="z-50 w-[min(24rem,calc(100vw-1rem))] rounded-lg border bg-popover text-popover-foreground shadow-lg outline-none data-[state=closed]:animate-out data-[state=closed]:fade-out-0 data-[state=open]:animate-in data-[state=open]:fade-in-0"
        >
          {open ? renderDetails(event, () => setOpenKey(null)) : null}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
