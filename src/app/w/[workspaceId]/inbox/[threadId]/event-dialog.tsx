"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { FieldError } from "@/components/forms/field-error";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { confirmEventAction, scheduleFromMessageAction } from "@/server/actions/ai/event-suggestions";

/** What the dialog edits: a suggested meeting to confirm, or a new one for a message. */
export type EventDraft =
  | { mode: "confirm"; eventId: string; title: string; start: string; end: string; location: string | null }
  | { mode: "schedule"; messageId: string; title: string; start: string | null; end: string | null; location: string | null };

/** ISO instant → the value of an <input type="datetime-local"> in the viewer's zone. */
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
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

  const save = async () => {
    const startTime = start ? new Date(start).toISOString() : "";
    const endTime = end ? new Date(end).toISOString() : "";
    const event = { title, startTime, endTime, location: location.trim() || null };
    setSaving(true);
    const result =
      draft.mode === "confirm"
        ? await confirmEventAction({ workspaceId, event: { ...event, eventId: draft.eventId } })
        : await scheduleFromMessageAction({ workspaceId, event: { ...event, messageId: draft.messageId } });
    setSaving(false);
    if (result?.data) {
      toast.success("Added to your calendar.", { description: result.data.title });
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
        </form>
        <DialogFooter>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form="event-form" disabled={saving}>
            {saving ? "Adding…" : "Add to calendar"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
