"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { FieldError } from "@/components/forms/field-error";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { calendarChoicesAction, confirmEventAction, scheduleFromMessageAction } from "@/server/actions/ai/event-suggestions";
import type { CalendarChoice } from "@/lib/calendar-types";

/** What the dialog edits: a suggested meeting to confirm, or a new one for a message. */
export type EventDraft =
  | { mode: "confirm"; eventId: string; title: string; start: string; end: string; location: string | null; attendees?: number }
  | { mode: "schedule"; messageId: string; title: string; start: string | null; end: string | null; location: string | null };

/** ISO instant → the value of an <input type="datetime-local"> in the viewer's zone. */
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Select values can't be empty: Aiva's own calendar (id null) is this one. */
const AIVA = "aiva";
const AIVA_ONLY: CalendarChoice[] = [{ id: null, name: "Aiva calendar", account: null, provider: "aiva", color: null, isDefault: true }];
const choiceValue = (choice: CalendarChoice) => choice.id ?? AIVA;

/** The calendars the meeting can go into, loaded when the dialog opens. */
function useCalendarChoices(workspaceId: string) {
  const [state, setState] = useState<{ choices: CalendarChoice[] | null; error: string | null }>({ choices: null, error: null });
  useEffect(() => {
    let live = true;
    calendarChoicesAction({ workspaceId })
      .then((result) => {
        if (!live) return;
        if (result?.data) setState({ choices: result.data, error: null });
        else setState({ choices: AIVA_ONLY, error: result?.serverError ?? "Your connected calendars couldn't be loaded." });
      })
      .catch(() => live && setState({ choices: AIVA_ONLY, error: "Your connected calendars couldn't be loaded." }));
    return () => {
      live = false;
    };
  }, [workspaceId]);
  return state;
}

function CalendarSwatch({ choice }: { choice: CalendarChoice }) {
  return (
    <span
      aria-hidden
      className={`inline-block size-2.5 shrink-0 rounded-full border border-foreground/10 ${choice.provider === "aiva" ? "bg-primary" : "bg-muted-foreground/50"}`}
      style={choice.color ? { backgroundColor: choice.color } : undefined}
    />
  );
}

function nextHour(): string {
  const d = new Date();
  d.setHours(d.getHours() + 1, 0, 0, 0);
  return d.toISOString();
}

export function EventDialog({ workspaceId, draft, onClose }: { workspaceId: string; draft: EventDraft; onClose: () => void }) {
  const router = useRouter();
  const startIso = draft.start ?? nextHour();
  const endIso = draft.end ?? new Date(new Date(startIso).getTime() + 30 * 60_000).toISOString();
  const [title, setTitle] = useState(draft.title);
  const [start, setStart] = useState(toLocalInput(startIso));
  const [end, setEnd] = useState(toLocalInput(endIso));
  const [location, setLocation] = useState(draft.location ?? "");
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [saving, setSaving] = useState(false);
  const { choices, error: choicesError } = useCalendarChoices(workspaceId);
  const [picked, setPicked] = useState<string | null>(null);
  const fallback = choices?.find((c) => c.isDefault) ?? choices?.[0] ?? null;
  const calendar = choices?.find((c) => choiceValue(c) === picked) ?? fallback;

  const save = async () => {
    const startTime = start ? new Date(start).toISOString() : "";
    const endTime = end ? new Date(end).toISOString() : "";
    const event = { title, startTime, endTime, location: location.trim() || null, calendarConnectionId: calendar?.id ?? null };
    setSaving(true);
    const result =
      draft.mode === "confirm"
        ? await confirmEventAction({ workspaceId, event: { ...event, eventId: draft.eventId } })
        : await scheduleFromMessageAction({ workspaceId, event: { ...event, messageId: draft.messageId } });
    setSaving(false);
    if (result?.data) {
      toast.success(calendar?.id ? `Added to “${calendar.name}”.` : "Added to your calendar.", { description: result.data.title });
      onClose();
      router.refresh();
      return;
    }
    const fields = (result?.validationErrors as { event?: Record<string, { _errors?: string[] }> } | undefined)?.event ?? {};
    setErrors({
      title: fields.title?._errors,
      startTime: fields.startTime?._errors?.length ? ["Choose when it starts."] : undefined,
      endTime: fields.endTime?._errors,
    });
    if (result?.serverError) toast.error(result.serverError);
  };

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{draft.mode === "confirm" ? "Add the meeting to your calendar" : "Schedule a meeting"}</DialogTitle>
          <DialogDescription>Check the details; times are in your time zone.</DialogDescription>
        </DialogHeader>
        <form
          id="event-form"
          className="grid gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <div className="grid gap-1.5">
            <Label htmlFor="event-title">Title</Label>
            <Input id="event-title" value={title} onChange={(e) => setTitle(e.target.value)} autoFocus aria-invalid={Boolean(errors.title)} />
            <FieldError errors={errors.title} />
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <div className="grid gap-1.5">
              <Label htmlFor="event-start">Starts</Label>
              <Input id="event-start" type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} aria-invalid={Boolean(errors.startTime)} />
              <FieldError errors={errors.startTime} />
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="event-end">Ends</Label>
              <Input id="event-end" type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} aria-invalid={Boolean(errors.endTime)} />
              <FieldError errors={errors.endTime} />
            </div>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="event-location">Location</Label>
            <Input id="event-location" value={location} onChange={(e) => setLocation(e.target.value)} placeholder="Room, address or call link" />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="event-calendar">Calendar</Label>
            {choices && calendar ? (
              <Select value={choiceValue(calendar)} onValueChange={setPicked}>
                <SelectTrigger id="event-calendar" className="w-full">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {choices.map((choice) => (
                    <SelectItem key={choiceValue(choice)} value={choiceValue(choice)}>
                      <CalendarSwatch choice={choice} />
                      <span className="truncate">{choice.name}</span>
                      {choice.account && choice.account !== choice.name ? <span className="truncate text-muted-foreground">{choice.account}</span> : null}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            ) : (
              <Skeleton className="h-9 w-full" data-testid="calendar-choices-loading" />
            )}
            {choicesError ? (
              <p className="text-xs text-muted-foreground" role="status">
                {choicesError} The meeting can go into Aiva's calendar.
              </p>
            ) : calendar?.provider === "google" && (draft.mode === "schedule" || (draft.attendees ?? 0) > 0) ? (
              <p className="text-xs text-muted-foreground">Google Calendar emails an invitation to {draft.mode === "schedule" ? "the people on this message" : "the attendees"}.</p>
            ) : null}
          </div>
        </form>
        <DialogFooter>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form="event-form" disabled={saving || !choices}>
            {saving ? "Adding…" : "Add to calendar"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
