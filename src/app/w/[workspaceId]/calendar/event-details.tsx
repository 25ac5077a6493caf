"use client";

import { AlignLeft, CalendarDays, Check, MapPin, Pencil, Sparkles, Trash2, Users, X, Mail } from "lucide-react";
import Link from "next/link";
import { colorVar } from "@/components/calendar/calendar-context";
import { formatEventWhen } from "@/components/calendar/dates";
import type { CalendarEvent } from "@/components/calendar/types";
import { Button } from "@/components/ui/button";
import { plural } from "@/lib/format";

const isLink = (text: string) => /^https?:\/\/\S+$/i.test(text.trim());

/** An event's details, in the popover that opens on it: Edit and Delete, or for a suggestion, Add and Discard. */
export function EventDetails({
  workspaceId,
  event,
  color,
  calendarName,
  now,
  onEdit,
  onDelete,
  onClose,
}: {
  workspaceId: string;
  event: CalendarEvent;
  color: string;
  calendarName: string;
  now: Date;
  onEdit: () => void;
  onDelete: () => void;
  onClose: () => void;
}) {
  const suggested = event.status === "suggested";
  return (
    <div
      className="grid gap-3 p-4 text-sm"
      style={colorVar(color)}
      onKeyDown={(e) => {
        if (e.target instanceof HTMLAnchorElement) return;
        if (e.key === "e" && !suggested) {
          e.preventDefault();
          onEdit();
        } else if (e.key === "Delete" || e.key === "Backspace") {
          e.preventDefault();
          onDelete();
        }
      }}
    >
      <div className="flex items-start gap-3">
        <span
          aria-hidden
          className={suggested ? "mt-1.5 size-3 shrink-0 rounded-sm border border-dashed border-(--event-color)" : "mt-1.5 size-3 shrink-0 rounded-sm bg-(--event-color)"}
        />
        <div className="min-w-0 flex-1">
          <h2 className="text-base leading-snug font-semibold break-words">{event.title}</h2>
          <p className="mt-0.5 text-muted-foreground">{formatEventWhen(event, now)}</p>
        </div>
        <div className="-mt-1 -mr-2 flex shrink-0">
          {suggested ? null : (
            <Button variant="ghost" size="icon" className="size-8" onClick={onEdit} aria-label="Edit event" aria-keyshortcuts="e" title="Edit (e)">
              <Pencil aria-hidden />
            </Button>
          )}
          {suggested ? null : (
            <Button variant="ghost" size="icon" className="size-8" onClick={onDelete} aria-label="Delete event" aria-keyshortcuts="Delete" title="Delete">
              <Trash2 aria-hidden />
            </Button>
          )}
          <Button variant="ghost" size="icon" className="size-8" onClick={onClose} aria-label="Close" title="Close (Esc)">
            <X aria-hidden />
          </Button>
        </div>
      </div>

      {suggested ? (
        <p className="flex gap-2 rounded-md border border-dashed px-3 py-2 text-xs text-muted-foreground">
          <Sparkles className="mt-px size-3.5 shrink-0" aria-hidden />
          Aiva found this meeting in a message. It isn&apos;t in your calendar until you add it.
        </p>
      ) : null}
      {event.status === "tentative" ? <p className="text-xs font-medium text-muted-foreground">Tentative</p> : null}

      <dl className="grid gap-2.5">
        {event.location ? (
          <Row icon={MapPin} label="Location">
            {isLink(event.location) ? (
              <a href={event.location.trim()} target="_blank" rel="noreferrer" className="break-all underline underline-offset-2 hover:text-foreground">
                {event.location}
              </a>
            ) : (
              <span className="break-words">{event.location}</span>
            )}
          </Row>
        ) : null}
        {event.attendees.length ? (
          <Row icon={Users} label="Guests">
            <span className="text-muted-foreground">{plural(event.attendees.length, "guest")}</span>
            <ul className="mt-1 grid max-h-32 gap-0.5 overflow-y-auto">
              {event.attendees.map((a) => (
                <li key={a.email} className="truncate" title={a.email}>
                  {a.name ? (
                    <>
                      {a.name} <span className="text-muted-foreground">{a.email}</span>
                    </>
                  ) : (
                    a.email
                  )}
                </li>
              ))}
            </ul>
          </Row>
        ) : null}
        {event.description ? (
          <Row icon={AlignLeft} label="Description">
            <p className="max-h-40 overflow-y-auto break-words whitespace-pre-wrap">{event.description}</p>
          </Row>
        ) : null}
        <Row icon={CalendarDays} label="Calendar">
          {calendarName}
        </Row>
        {event.source?.threadId ? (
          <Row icon={Mail} label="From the message">
            <Link href={`/w/${workspaceId}/inbox/${event.source.threadId}`} className="break-words underline-offset-2 hover:underline">
              {event.source.subject || "(no subject)"}
            </Link>
          </Row>
        ) : null}
      </dl>

      {suggested ? (
        <div className="flex justify-end gap-2 pt-1">
          <Button variant="ghost" size="sm" onClick={onDelete}>
            Discard
          </Button>
          <Button size="sm" onClick={onEdit}>
            <Check aria-hidden /> Add to calendar
          </Button>
        </div>
      ) : null}
    </div>
  );
}

function Row({ icon: Icon, label, children }: { icon: typeof MapPin; label: string; children: React.ReactNode }) {
  return (
    <div className="flex items-start gap-3">
      <dt className="mt-0.5 shrink-0 text-muted-foreground">
        <Icon className="size-4" aria-hidden />
        <span className="sr-only">{label}</span>
      </dt>
      <dd className="min-w-0 flex-1">{children}</dd>
    </div>
  );
}
