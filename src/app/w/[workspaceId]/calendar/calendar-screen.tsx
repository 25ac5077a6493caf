"use client";

import { addHours, isWithinInterval, setHours, startOfDay, startOfHour } from "date-fns";
import { usePathname, useRouter } from "next/navigation";
import { useMemo, useOptimistic, useState, useTransition } from "react";
import { toast } from "sonner";
import { type CalendarContextValue, CalendarProvider, type Draft } from "@/components/calendar/calendar-context";
import { CalendarSkeleton } from "@/components/calendar/calendar-skeleton";
import {
  type CalendarView,
  DEFAULT_VIEW,
  eventSpan,
  fromDateParam,
  rangeTitle,
  shiftAnchor,
  toDateParam,
  visibleRange,
} from "@/components/calendar/dates";
import { MonthGrid } from "@/components/calendar/month-grid";
import { TimeGrid } from "@/components/calendar/time-grid";
import { CalendarToolbar } from "@/components/calendar/toolbar";
import type { CalendarEvent, CalendarOption } from "@/components/calendar/types";
import { useSingleKeys } from "@/components/keyboard/use-single-keys";
import { useMediaQuery } from "@/components/calendar/use-media-query";
import { useNow } from "@/components/calendar/use-now";
import { useHydrated } from "@/components/local-time";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { deleteEventAction, restoreEventAction } from "@/server/actions/calendar/delete-event";
import { CalendarShortcuts } from "./calendar-shortcuts";
import { EventDetails } from "./event-details";
import { EventFormDialog, type EventFormMode } from "./event-form-dialog";

type Props = {
  workspaceId: string;
  /** From the URL; null: the default (week, or day on a phone) and today. */
  view: CalendarView | null;
  date: string | null;
  events: CalendarEvent[];
  calendars: CalendarOption[];
};

const AIVA_COLOR = "oklch(0.6 0.15 255)";
const PROVIDER_COLORS: Record<string, string> = {
  google: "oklch(0.62 0.15 150)",
  outlook: "oklch(0.6 0.14 230)",
  caldav: "oklch(0.65 0.14 60)",
};
const PROVIDER_NAMES: Record<string, string> = { google: "Google Calendar", outlook: "Outlook", caldav: "CalDAV" };

/** Dates and times depend on the viewer's time zone: the calendar renders in the browser. */
export function CalendarScreen(props: Props) {
  return useHydrated() ? <Calendar {...props} /> : <CalendarSkeleton />;
}

function Calendar({ workspaceId, view: urlView, date: urlDate, events, calendars }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const now = useNow();
  const phone = useMediaQuery("(max-width: 639px)");
  const [pending, startTransition] = useTransition();
  // The range moves at once; the server's events for it follow.
  const [target, setTarget] = useOptimistic({ view: urlView, date: urlDate });
  const [openKey, setOpenKey] = useState<string | null>(null);
  const [form, setFormState] = useState<{ id: number; mode: EventFormMode } | null>(null);
  const [slot, setSlot] = useState<Draft | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<CalendarEvent | null>(null);
  const [shortcuts, setShortcuts] = useState(false);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());

  const view = target.view ?? (phone ? "day" : DEFAULT_VIEW);
  const todayKey = toDateParam(now);
  const anchorKey = target.date ?? todayKey;
  const range = useMemo(() => visibleRange(view, fromDateParam(anchorKey)), [view, anchorKey]);
  const anchor = fromDateParam(anchorKey);

  const shown = useMemo(
    () =>
      events.filter((e) => {
        if (hidden.has(e.id)) return false;
        const span = eventSpan(e);
        if (span.start >= range.end) return false;
        return span.end > range.start || (span.end.getTime() === span.start.getTime() && span.start >= range.start);
      }),
    [events, hidden, range],
  );

  const go = (next: { view: CalendarView; date: string | null }) => {
    setOpenKey(null);
    const params = new URLSearchParams({ view: next.view });
    if (next.date) params.set("date", next.date);
    startTransition(() => {
      setTarget(next);
      router.push(`${pathname}?${params}`, { scroll: false });
    });
  };
  const step = (by: 1 | -1) => go({ view, date: toDateParam(shiftAnchor(view, anchor, by)) });
  const showToday = () => go({ view, date: null });
  const showView = (next: CalendarView) => go({ view: next, date: target.date });
  const openDay = (day: Date) => go({ view: "day", date: toDateParam(day) });

  const setForm = (mode: EventFormMode | null) => {
    setFormState(mode ? { id: Date.now(), mode } : null);
    setSlot(mode?.kind === "create" ? mode.draft : null);
  };

  /** "New event" and `c`: the next hour today when today is shown, else 9 AM on the first day shown. */
  const createDefault = () => {
    const todayShown = isWithinInterval(now, { start: range.start, end: range.end });
    const day = view === "month" ? anchor : range.start;
    const start = todayShown && now.getHours() < 23 ? addHours(startOfHour(now), 1) : setHours(startOfDay(todayShown ? now : day), 9);
    setOpenKey(null);
    setForm({ kind: "create", draft: { start, end: addHours(start, 1), allDay: false } });
  };

  const hide = (id: string, on: boolean) =>
    setHidden((set) => {
      const next = new Set(set);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const calendarOf = (e: CalendarEvent) => calendars.find((c) => c.id === (e.calendar?.id ?? null));
  const colorOf = (e: CalendarEvent) => calendarOf(e)?.color ?? (e.calendar ? (PROVIDER_COLORS[e.calendar.provider] ?? AIVA_COLOR) : AIVA_COLOR);
  const calendarName = (e: CalendarEvent) => {
    if (!e.calendar) return calendarOf(e)?.name ?? "Aiva";
    const name = calendarOf(e)?.name ?? e.calendar.name ?? PROVIDER_NAMES[e.calendar.provider] ?? "Connected calendar";
    return e.calendar.account && e.calendar.account !== name ? `${name} · ${e.calendar.account}` : name;
  };

  /** Aiva's own events go at once, with Undo; a connected calendar's are confirmed first. */
  const remove = (event: CalendarEvent) => {
    setOpenKey(null);
    if (event.calendar) setConfirmDelete(event);
    else void deleteNow(event);
  };

  const deleteNow = async (event: CalendarEvent) => {
    hide(event.id, true);
    const result = await deleteEventAction({ workspaceId, eventId: event.id });
    if (!result?.data) {
      hide(event.id, false);
      toast.error(result?.serverError ?? "Couldn't delete the event. Try again.");
      return;
    }
    const { restorable, previousStatus } = result.data;
    const suggestion = previousStatus === "suggested";
    if (!restorable) {
      toast(`Deleted from ${calendarName(event)}.`, { description: event.title });
      return;
    }
    toast(suggestion ? "Suggestion discarded." : "Event deleted.", {
      description: event.title,
      action: {
        label: "Undo",
        onClick: async () => {
          const undone = await restoreEventAction({ workspaceId, eventId: event.id, status: previousStatus });
          if (undone?.data) hide(event.id, false);
          else toast.error(undone?.serverError ?? "Couldn't undo that.");
        },
      },
    });
  };

  const created = (event: CalendarEvent) => {
    toast("Event created.", {
      description: event.title,
      action: {
        label: "Undo",
        onClick: async () => {
          hide(event.id, true);
          const undone = await deleteEventAction({ workspaceId, eventId: event.id });
          if (!undone?.data) {
            hide(event.id, false);
            toast.error(undone?.serverError ?? "Couldn't undo that.");
          }
        },
      },
    });
  };

  useSingleKeys({
    t: showToday,
    j: () => step(1),
    n: () => step(1),
    k: () => step(-1),
    p: () => step(-1),
    d: () => showView("day"),
    w: () => showView("week"),
    m: () => showView("month"),
    c: createDefault,
    "?": () => setShortcuts(true),
  });

  const context: CalendarContextValue = {
    now,
    colorOf,
    openKey,
    setOpenKey,
    createAt: (draft: Draft) => {
      setOpenKey(null);
      setForm({ kind: "create", draft });
    },
    openDay,
    draft: form?.mode.kind === "create" ? slot : null,
    renderDetails: (event, close) => (
      <EventDetails
        workspaceId={workspaceId}
        event={event}
        color={colorOf(event)}
        calendarName={calendarName(event)}
        now={now}
        onClose={close}
        onEdit={() => {
          close();
          setForm({ kind: event.status === "suggested" ? "confirm" : "edit", event });
        }}
        onDelete={() => remove(event)}
      />
    ),
  };

  return (
    <CalendarProvider value={context}>
      <div className="flex h-[calc(100dvh-3rem)] flex-col md:h-dvh" aria-busy={pending || undefined}>
        <CalendarToolbar
          view={view}
          title={rangeTitle(view, anchor)}
          pending={pending}
          onToday={showToday}
          onStep={step}
          onView={showView}
          onCreate={createDefault}
          onShortcuts={() => setShortcuts(true)}
        />
        {view === "month" ? (
          <MonthGrid days={range.days} month={anchor} events={shown} />
        ) : (
          <TimeGrid days={range.days} events={shown} />
        )}
      </div>

      {form ? (
        <EventFormDialog
          key={form.id}
          workspaceId={workspaceId}
          mode={form.mode}
          calendars={calendars}
          onClose={() => setForm(null)}
          onCreated={created}
          onSlotChange={setSlot}
        />
      ) : null}

      <AlertDialog open={confirmDelete !== null} onOpenChange={(open) => !open && setConfirmDelete(null)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Delete “{confirmDelete?.title}”?</AlertDialogTitle>
            <AlertDialogDescription>
              It is deleted from {confirmDelete ? calendarName(confirmDelete) : "the calendar"} too
              {confirmDelete?.attendees.length ? ", and its guests are told it was cancelled" : ""}. This can&apos;t be undone.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Keep it</AlertDialogCancel>
            <AlertDialogAction
              className="bg-destructive text-white hover:bg-destructive/90"
              onClick={() => {
                if (confirmDelete) void deleteNow(confirmDelete);
                setConfirmDelete(null);
              }}
            >
              Delete event
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>

      <CalendarShortcuts open={shortcuts} onOpenChange={setShortcuts} />
    </CalendarProvider>
  );
}
