"use client";

import { addDays, addMilliseconds, differenceInCalendarDays, format, isValid, parse } from "date-fns";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { type Attendee, AttendeeInput, parseAddresses } from "@/components/calendar/attendee-input";
import type { Draft } from "@/components/calendar/calendar-context";
import { eventSpan, fromDateParam, lastDay, toDateParam } from "@/components/calendar/dates";
import type { CalendarEvent, CalendarOption } from "@/components/calendar/types";
import { FieldError } from "@/components/forms/field-error";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { createEventAction } from "@/server/actions/calendar/create-event";
import { updateEventAction } from "@/server/actions/calendar/update-event";

/** What the dialog does: create from a slot, edit an event, or add a suggestion to the calendar. */
export type EventFormMode = { kind: "create"; draft: Draft } | { kind: "edit"; event: CalendarEvent } | { kind: "confirm"; event: CalendarEvent };

/** Select values can't be empty: Aiva's own calendar (id null) is "aiva" here. */
const AIVA = "aiva";
const optionValue = (id: string | null) => id ?? AIVA;

type Values = {
  title: string;
  calendar: string;
  allDay: boolean;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  location: string;
  description: string;
  attendees: Attendee[];
};

type Errors = Partial<Record<"title" | "start" | "end" | "attendees" | "location" | "description" | "calendar", string[]>>;

function isZoneName(zone: string | null): zone is string {
  if (!zone || !/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const at = (date: string, time: string) => parse(`${date} ${time}`, "yyyy-MM-dd HH:mm", new Date(2000, 0, 1));
const hhmm = (d: Date) => format(d, "HH:mm");

function initialValues(mode: EventFormMode, calendars: CalendarOption[]): Values {
  const defaultCalendar = optionValue((calendars.find((c) => c.isDefault) ?? calendars[0])?.id ?? null);
  if (mode.kind === "create") {
    const { start, end, allDay } = mode.draft;
    return {
      title: "",
      calendar: defaultCalendar,
      allDay,
      startDate: toDateParam(start),
      startTime: allDay ? "09:00" : hhmm(start),
      endDate: toDateParam(allDay ? addDays(end, -1) : end),
      endTime: allDay ? "10:00" : hhmm(end),
      location: "",
      description: "",
      attendees: [],
    };
  }
  const { event } = mode;
  const span = eventSpan(event);
  return {
    title: event.title,
    calendar: optionValue(event.calendar?.id ?? null),
    allDay: event.allDay,
    startDate: toDateParam(span.start),
    startTime: event.allDay ? "09:00" : hhmm(span.start),
    endDate: toDateParam(event.allDay ? lastDay(span) : span.end),
    endTime: event.allDay ? "10:00" : hhmm(span.end),
    location: event.location ?? "",
    description: event.description ?? "",
    attendees: event.attendees,
  };
}

type Formatted = { _errors?: string[] } & { [key: string]: Formatted | string[] | undefined };

/** The server's field messages (next-safe-action's formatted zod errors under `event`). */
function serverErrors(validation: unknown): Errors {
  const event = (validation as { event?: Formatted } | undefined)?.event;
  if (!event) return {};
  const at = (key: string) => (event[key] as Formatted | undefined)?._errors;
  const attendees = event.attendees as Formatted | undefined;
  const guestMessages = [
    ...(attendees?._errors ?? []),
    ...Object.entries(attendees ?? {})
      .filter(([key]) => key !== "_errors")
      .flatMap(([, value]) => ((value as Formatted).email as Formatted | undefined)?._errors ?? []),
  ];
  return {
    title: at("title"),
    start: at("startTime") ?? at("startDate"),
    end: at("endTime") ?? at("endDate"),
    location: at("location"),
    description: at("description"),
    calendar: at("calendarId"),
    attendees: guestMessages.length ? guestMessages : undefined,
  };
}

export function EventFormDialog({
  workspaceId,
  mode,
  calendars,
  onClose,
  onCreated,
  onSlotChange,
}: {
  workspaceId: string;
  mode: EventFormMode;
  calendars: CalendarOption[];
  onClose: () => void;
  /** A new event's times as they are edited, for the placeholder in the grid. */
  onSlotChange?: (slot: Draft) => void;
  /** A new event in Aiva's calendar was saved (the page offers Undo). */
  onCreated: (event: CalendarEvent) => void;
}) {
  const [values, setValues] = useState<Values>(() => initialValues(mode, calendars));
  const [pendingGuest, setPendingGuest] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const set = (patch: Partial<Values>) => setValues((v) => ({ ...v, ...patch }));

  const slotChanged = useRef(onSlotChange);
  slotChanged.current = onSlotChange;
  useEffect(() => {
    const start = at(values.startDate, values.allDay ? "00:00" : values.startTime);
    const end = values.allDay ? addDays(at(values.endDate, "00:00"), 1) : at(values.endDate, values.endTime);
    if (isValid(start) && isValid(end) && end > start) slotChanged.current?.({ start, end, allDay: values.allDay });
  }, [values.startDate, values.startTime, values.endDate, values.endTime, values.allDay]);

  const existing = mode.kind === "create" ? null : mode.event;
  const inProvider = Boolean(existing?.calendar);
  const chosen = calendars.find((c) => optionValue(c.id) === values.calendar);
  const heading = mode.kind === "create" ? "New event" : mode.kind === "confirm" ? "Add to your calendar" : "Edit event";

  /** Moving the start moves the end with it, keeping the event's length. */
  const moveStart = (startDate: string, startTime: string) => {
    if (values.allDay) {
      const length = differenceInCalendarDays(fromDateParam(values.endDate), fromDateParam(values.startDate));
      const start = fromDateParam(startDate);
      set({ startDate, ...(isValid(start) ? { endDate: toDateParam(addDays(start, Math.max(0, length))) } : {}) });
      return;
    }
    const before = at(values.startDate, values.startTime);
    const after = at(startDate, startTime);
    const length = at(values.endDate, values.endTime).getTime() - before.getTime();
    if (!isValid(before) || !isValid(after) || !(length > 0)) return set({ startDate, startTime });
    const end = addMilliseconds(after, length);
    set({ startDate, startTime, endDate: toDateParam(end), endTime: hhmm(end) });
  };

  const save = async () => {
    const { valid, invalid } = parseAddresses(pendingGuest);
    const known = new Set(values.attendees.map((a) => a.email.toLowerCase()));
    const attendees = [...values.attendees, ...valid.filter((a) => !known.has(a.email.toLowerCase()) && known.add(a.email.toLowerCase()))];
    if (valid.length) {
      set({ attendees });
      setPendingGuest(invalid.join(", "));
    }

    const start = at(values.startDate, values.allDay ? "00:00" : values.startTime);
    const end = at(values.endDate, values.allDay ? "00:00" : values.endTime);
    const found: Errors = {};
    if (!values.title.trim()) found.title = ["Give the event a title."];
    if (!isValid(start)) found.start = [values.allDay ? "Choose the day it starts." : "Choose when it starts."];
    else if (!isValid(end)) found.end = [values.allDay ? "Choose the day it ends." : "Choose when it ends."];
    else if (values.allDay ? end < start : end <= start) {
      found.end = [values.allDay ? "The event must end on or after the day it starts." : "The event must end after it starts."];
    }
    if (invalid.length) found.attendees = [`“${invalid[0]}” is not an email address.`];
    setErrors(found);
    if (Object.keys(found).length) return;

    const base = {
      title: values.title,
      location: values.location,
      description: values.description,
      attendees,
      calendarId: values.calendar === AIVA ? null : values.calendar,
    };
    const event = values.allDay
      ? { ...base, allDay: true as const, startDate: values.startDate, endDate: values.endDate }
      : {
          ...base,
          allDay: false as const,
          startTime: start.toISOString(),
          endTime: end.toISOString(),
          // An event keeps the zone it was planned in (a named one; offsets like "-07:00"
          // from a message are not); a new one takes the browser's.
          timezone: existing && !existing.allDay && isZoneName(existing.timezone) ? existing.timezone : Intl.DateTimeFormat().resolvedOptions().timeZone,
        };

    setSaving(true);
    const result = existing ? await updateEventAction({ workspaceId, eventId: existing.id, event }) : await createEventAction({ workspaceId, event });
    setSaving(false);
    if (result?.data) {
      if (mode.kind === "create" && !result.data.calendar) onCreated(result.data);
      else toast.success(mode.kind === "confirm" ? "Added to your calendar." : mode.kind === "create" ? "Event created." : "Event saved.", { description: result.data.title });
      onClose();
      return;
    }
    const fromServer = serverErrors(result?.validationErrors);
    setErrors(fromServer);
    if (result?.serverError) toast.error(result.serverError);
    else if (!Object.values(fromServer).some(Boolean)) toast.error("Couldn't save the event. Check the fields and try again.");
  };

  return (
    <Dialog open onOpenChange={(open) => !open && !saving && onClose()}>
      <DialogContent className="max-h-[calc(100dvh-2rem)] overflow-y-auto sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>{heading}</DialogTitle>
          <DialogDescription>Times are in your time zone ({Intl.DateTimeFormat().resolvedOptions().timeZone.replace(/_/g, " ")}).</DialogDescription>
        </DialogHeader>
        <form
          id="calendar-event-form"
          className="grid gap-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <div className="grid gap-1.5">
            <Label htmlFor="event-title">Title</Label>
            <Input
              id="event-title"
              value={values.title}
              onChange={(e) => set({ title: e.target.value })}
              placeholder="Add a title"
              maxLength={300}
              autoFocus
              aria-invalid={Boolean(errors.title)}
            />
            <FieldError errors={errors.title} />
          </div>

          <div className="flex items-center gap-2">
            <Switch id="event-all-day" checked={values.allDay} onCheckedChange={(allDay) => set({ allDay })} />
            <Label htmlFor="event-all-day">All day</Label>
          </div>

          <div className="grid gap-3">
            {(["start", "end"] as const).map((edge) => {
              const isStart = edge === "start";
              const date = isStart ? values.startDate : values.endDate;
              const time = isStart ? values.startTime : values.endTime;
              return (
                <div
                  key={edge}
                  role="group"
                  aria-labelledby={`event-${edge}-label`}
                  className="grid gap-1.5 sm:grid-cols-[3.5rem_1fr] sm:items-center sm:gap-x-3"
                >
                  <span id={`event-${edge}-label`} className="text-sm leading-none font-medium">
                    {isStart ? "Starts" : "Ends"}
                  </span>
                  <div className="flex gap-2">
                    <Input
                      type="date"
                      aria-label={isStart ? "Start date" : "End date"}
                      value={date}
                      onChange={(e) => (isStart ? moveStart(e.target.value, values.startTime) : set({ endDate: e.target.value }))}
                      aria-invalid={Boolean(errors[edge])}
                      className="min-w-0 flex-1 sm:max-w-48"
                    />
                    {values.allDay ? null : (
                      <Input
                        type="time"
                        aria-label={isStart ? "Start time" : "End time"}
                        value={time}
                        step={300}
                        onChange={(e) => (isStart ? moveStart(values.startDate, e.target.value) : set({ endTime: e.target.value }))}
                        aria-invalid={Boolean(errors[edge])}
                        className="w-36 shrink-0"
                      />
                    )}
                  </div>
                  {errors[edge] ? (
                    <div className="sm:col-start-2">
                      <FieldError errors={errors[edge]} />
                    </div>
                  ) : null}
                </div>
              );
            })}
          </div>

          <div className="grid gap-1.5">
            <Label htmlFor="event-calendar">Calendar</Label>
            <Select value={values.calendar} onValueChange={(calendar) => set({ calendar })} disabled={inProvider}>
              <SelectTrigger id="event-calendar" className="w-full" aria-invalid={Boolean(errors.calendar)}>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {calendars.map((c) => (
                  <SelectItem key={optionValue(c.id)} value={optionValue(c.id)}>
                    <span aria-hidden className="size-2.5 shrink-0 rounded-full" style={{ background: c.color ?? "var(--muted-foreground)" }} />
                    {c.name}
                    {c.account ? <span className="text-muted-foreground">{c.account}</span> : null}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
            {inProvider ? (
              <p className="text-xs text-muted-foreground">An event stays in the calendar it was made in.</p>
            ) : chosen?.id && existing ? (
              <p className="text-xs text-muted-foreground">Saving adds it to {chosen.name}.</p>
            ) : null}
            <FieldError errors={errors.calendar} />
          </div>

          <div className="grid gap-1.5">
            <Label htmlFor="event-location">Location</Label>
            <Input
              id="event-location"
              value={values.location}
              onChange={(e) => set({ location: e.target.value })}
              placeholder="Room, address or call link"
              maxLength={500}
              aria-invalid={Boolean(errors.location)}
            />
            <FieldError errors={errors.location} />
          </div>

          <div className="grid gap-1.5">
            <Label htmlFor="event-guests">Guests</Label>
            <AttendeeInput
              id="event-guests"
              value={values.attendees}
              onChange={(attendees) => set({ attendees })}
              pending={pendingGuest}
              onPendingChange={setPendingGuest}
              invalid={Boolean(errors.attendees)}
              describedBy="event-guests-hint"
            />
            <p id="event-guests-hint" className="text-xs text-muted-foreground">
              {values.calendar === AIVA
                ? "Aiva's calendar keeps the list for you; it doesn't send invitations."
                : `${chosen?.name ?? "The calendar"} sends each guest an invitation.`}
            </p>
            <FieldError errors={errors.attendees} />
          </div>

          <div className="grid gap-1.5">
            <Label htmlFor="event-description">Description</Label>
            <textarea
              id="event-description"
              value={values.description}
              onChange={(e) => set({ description: e.target.value })}
              onKeyDown={(e) => {
                if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
                  e.preventDefault();
                  e.currentTarget.form?.requestSubmit();
                }
              }}
              rows={3}
              maxLength={8000}
              aria-invalid={Boolean(errors.description)}
              className="w-full min-w-0 resize-y rounded-md border border-input bg-transparent px-3 py-2 text-base shadow-xs outline-none placeholder:text-muted-foreground focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 aria-invalid:border-destructive md:text-sm dark:bg-input/30"
              placeholder="Agenda, notes, links"
            />
            <FieldError errors={errors.description} />
          </div>
        </form>
        <DialogFooter>
          <Button variant="ghost" onClick={onClose} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" form="calendar-event-form" disabled={saving}>
            {saving ? "Saving…" : mode.kind === "confirm" ? "Add to calendar" : "Save"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
