"use client";

import { MapPin, Trash2, Users } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useHydrated } from "@/components/local-time";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/cn";
import type { EventSuggestionView } from "@/lib/inbox-types";
import { cancelEventAction, restoreEventAction } from "@/server/actions/calendar/cancel-event";

type CalendarEvent = EventSuggestionView & { source: { threadId: string | null; subject: string | null } | null };

const dayKey = (d: Date) => `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;

/** Events by day in the viewer's time zone (so it renders after hydration). */
export function Agenda({ workspaceId, events }: { workspaceId: string; events: CalendarEvent[] }) {
  const hydrated = useHydrated();
  const router = useRouter();
  const [removed, setRemoved] = useState<Set<string>>(new Set());

  if (!hydrated) {
    return (
      <div className="mx-auto grid max-w-3xl gap-3 px-4 py-6 md:px-8">
        {Array.from({ length: 4 }, (_, i) => (
          <Skeleton key={i} className="h-14 w-full" />
        ))}
      </div>
    );
  }

  const remove = async (event: CalendarEvent) => {
    setRemoved((r) => new Set(r).add(event.id));
    const result = await cancelEventAction({ workspaceId, eventId: event.id });
    const putBack = () =>
      setRemoved((r) => {
        const next = new Set(r);
        next.delete(event.id);
        return next;
      });
    if (!result?.data) {
      putBack();
      toast.error(result?.serverError ?? "Couldn't remove the event. Try again.");
      return;
    }
    toast("Event removed.", {
      description: event.title,
      action: {
        label: "Undo",
        onClick: async () => {
          const undone = await restoreEventAction({ workspaceId, eventId: event.id });
          if (undone?.data) {
            putBack();
            router.refresh();
          } else toast.error(undone?.serverError ?? "Couldn't undo that.");
        },
      },
    });
  };

  const days = new Map<string, { date: Date; items: CalendarEvent[] }>();
  for (const event of events.filter((e) => !removed.has(e.id))) {
    const start = new Date(event.startTime);
    const key = dayKey(start);
    if (!days.has(key)) days.set(key, { date: start, items: [] });
    days.get(key)!.items.push(event);
  }
  const today = dayKey(new Date());
  const time = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });
  const dayLabel = new Intl.DateTimeFormat(undefined, { weekday: "long", month: "long", day: "numeric" });

  return (
    <div className="mx-auto grid max-w-3xl gap-6 px-4 py-6 md:px-8">
      {[...days.entries()].map(([key, { date, items }]) => (
        <section key={key} aria-label={dayLabel.format(date)}>
          <h2 className={cn("mb-2 text-sm font-semibold", key === today ? "text-primary" : "text-foreground/80")}>
            {key === today ? "Today · " : ""}
            {dayLabel.format(date)}
          </h2>
          <ul className="grid gap-2">
            {items.map((event) => (
              <li
                key={event.id}
                className={cn(
                  "flex items-start gap-4 rounded-lg border px-4 py-3",
                  event.status === "suggested" && "border-dashed bg-muted/30",
                )}
              >
                <div className="w-24 shrink-0 text-sm tabular-nums text-muted-foreground">
                  {event.allDay ? "All day" : `${time.format(new Date(event.startTime))} – ${time.format(new Date(event.endTime))}`}
                </div>
                <div className="min-w-0 flex-1">
                  <p className="font-medium">
                    {event.title}
                    {event.status === "suggested" ? <span className="ml-2 text-xs font-normal text-muted-foreground">Suggested</span> : null}
                  </p>
                  <p className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-muted-foreground">
                    {event.location ? (
                      <span className="inline-flex items-center gap-1">
                        <MapPin className="size-3" aria-hidden /> {event.location}
                      </span>
                    ) : null}
                    {event.attendees.length > 0 ? (
                      <span className="inline-flex items-center gap-1" title={event.attendees.map((a) => a.name || a.email).join(", ")}>
                        <Users className="size-3" aria-hidden /> {event.attendees.map((a) => a.name || a.email).slice(0, 3).join(", ")}
                        {event.attendees.length > 3 ? ` +${event.attendees.length - 3}` : ""}
                      </span>
                    ) : null}
                    {event.source?.threadId ? (
                      <Link href={`/w/${workspaceId}/inbox/${event.source.threadId}`} className="hover:text-foreground">
                        From: {event.source.subject || "(no subject)"}
                      </Link>
                    ) : null}
                  </p>
                </div>
                {event.status !== "suggested" ? (
                  <Button size="sm" variant="ghost" onClick={() => void remove(event)} aria-label={`Remove event: ${event.title}`}>
                    <Trash2 aria-hidden />
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
