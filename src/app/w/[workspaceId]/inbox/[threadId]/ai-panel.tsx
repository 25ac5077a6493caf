"use client";

import { CalendarPlus, Check, CheckSquare, ListTodo, MapPin, RefreshCw, Sparkles, X } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { ActionabilityBadge, CategoryBadge, PriorityBadge } from "@/components/ai/ai-badges";
import { LocalTime, useHydrated } from "@/components/local-time";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { SENTIMENT_LABELS } from "@/lib/ai-labels";
import { cn } from "@/lib/cn";
import type { AiInsight, EventSuggestionView, TaskSuggestionView } from "@/lib/inbox-types";
import { analyzeMessageAction } from "@/server/actions/ai/analyze-message";
import { dismissEventAction } from "@/server/actions/ai/event-suggestions";
import { confirmTaskAction, dismissTaskAction, restoreTaskAction } from "@/server/actions/ai/task-suggestions";
import { EventDialog, type EventDraft } from "./event-dialog";

// What the AI made of the conversation's latest incoming message: why it matters, what it
// says, and what to do about it. Suggestions become real only when the person confirms.

const DECIDED_BY: Record<string, string> = {
  prefilter: "Decided by rules, no model",
  local: "Aiva's local engine",
  openai: "OpenAI",
};

export function AiPanel({ workspaceId, insight }: { workspaceId: string; insight: AiInsight }) {
  const router = useRouter();
  const [analyzing, setAnalyzing] = useState(false);
  const [eventDraft, setEventDraft] = useState<EventDraft | null>(null);

  // Waiting in the queue: look again every few seconds (the background job is quick).
  useEffect(() => {
    if (insight.status !== "pending") return;
    let tries = 0;
    const timer = setInterval(() => {
      if (++tries > 20) clearInterval(timer);
      router.refresh();
    }, 3000);
    return () => clearInterval(timer);
  }, [insight.status, router]);

  const analyze = async () => {
    setAnalyzing(true);
    const result = await analyzeMessageAction({ workspaceId, messageId: insight.messageId });
    setAnalyzing(false);
    if (result?.data) router.refresh();
    else toast.error(result?.serverError ?? "Aiva couldn't analyze this message. Try again.");
  };

  if (insight.status === "not_needed") return null;

  const header = (
    <div className="flex items-center gap-2">
      <Sparkles className="size-4 text-violet-500" aria-hidden />
      <h2 className="text-sm font-semibold">AI summary</h2>
      {insight.status === "done" ? (
        <div className="flex min-w-0 flex-wrap items-center gap-1.5">
          {insight.priority ? <PriorityBadge priority={insight.priority} /> : null}
          {insight.category ? <CategoryBadge category={insight.category} /> : null}
          {insight.actionability ? <ActionabilityBadge actionability={insight.actionability} /> : null}
        </div>
      ) : null}
      <Button
        variant="ghost"
        size="sm"
        className="ml-auto h-7 text-muted-foreground"
        onClick={() => void analyze()}
        disabled={analyzing}
        aria-label={insight.status === "done" ? "Analyze again" : "Analyze now"}
      >
        <RefreshCw className={cn(analyzing && "animate-spin")} aria-hidden />
        <span className="hidden sm:inline">{analyzing ? "Analyzing…" : insight.status === "done" ? "Again" : "Analyze"}</span>
      </Button>
    </div>
  );

  return (
    <section aria-label="AI summary" className="rounded-lg border bg-card px-4 py-3 shadow-xs">
      {header}
      {insight.status === "pending" || analyzing ? (
        <div className="mt-3 grid gap-2" aria-live="polite">
          <span className="sr-only">Aiva is reading this message…</span>
          <Skeleton className="h-3.5 w-3/4" />
          <Skeleton className="h-3.5 w-full" />
          <Skeleton className="h-3.5 w-2/3" />
        </div>
      ) : insight.status === "off" ? (
        <p className="mt-2 text-sm text-muted-foreground">
          Automatic analysis is off in this workspace. Choose Analyze to summarize this message and find its tasks and meetings.
        </p>
      ) : insight.status === "error" ? (
        <p className="mt-2 text-sm text-muted-foreground">Aiva couldn&apos;t analyze this message. Try Analyze again.</p>
      ) : (
        <div className="mt-2 grid grid-cols-[minmax(0,1fr)] gap-3 text-sm">
          {insight.reason ? <p className="font-medium text-foreground/90">{capitalize(insight.reason)}</p> : null}
          {insight.summary ? <p className="leading-relaxed text-foreground/80">{insight.summary}</p> : null}
          {insight.keyPoints.length > 0 ? (
            <ul className="grid list-disc gap-1 pl-5 text-foreground/80 marker:text-muted-foreground">
              {insight.keyPoints.map((point, i) => (
                <li key={i}>{point}</li>
              ))}
            </ul>
          ) : null}
          <TaskList workspaceId={workspaceId} tasks={insight.tasks} />
          <MeetingList
            events={insight.events}
            workspaceId={workspaceId}
            onEdit={(event) =>
              setEventDraft({
                mode: "confirm",
                eventId: event.id,
                title: event.title,
                start: event.startTime,
                end: event.endTime,
                location: event.location,
                attendees: event.attendees.length,
              })
            }
          />
          {insight.events.length === 0 && (insight.actionability === "scheduling" || insight.category === "meeting_request") ? (
            <div className="flex items-center justify-between gap-3 rounded-md border border-dashed px-3 py-2">
              <span className="text-muted-foreground">A meeting is being arranged, but no time was named.</span>
              <Button size="sm" variant="outline" onClick={() => setEventDraft({ mode: "schedule", messageId: insight.messageId, title: "", start: null, end: null, location: null })}>
                <CalendarPlus aria-hidden /> Schedule…
              </Button>
            </div>
          ) : null}
          <p className="text-xs text-muted-foreground">
            {insight.decidedBy ? DECIDED_BY[insight.decidedBy] ?? insight.decidedBy : null}
            {insight.sentiment ? ` · ${SENTIMENT_LABELS[insight.sentiment]} tone` : null}
            {insight.confidence !== null ? ` · ${Math.round(insight.confidence * 100)}% confident` : null}
          </p>
        </div>
      )}
      {eventDraft ? <EventDialog workspaceId={workspaceId} draft={eventDraft} onClose={() => setEventDraft(null)} /> : null}
    </section>
  );
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function TaskList({ workspaceId, tasks }: { workspaceId: string; tasks: TaskSuggestionView[] }) {
  const router = useRouter();
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  if (tasks.length === 0) return null;

  const act = async (task: TaskSuggestionView, confirm: boolean) => {
    setHidden((h) => new Set(h).add(task.id));
    const result = confirm
      ? await confirmTaskAction({ workspaceId, taskId: task.id })
      : await dismissTaskAction({ workspaceId, taskId: task.id });
    if (!result?.data) {
      setHidden((h) => {
        const next = new Set(h);
        next.delete(task.id);
        return next;
      });
      toast.error(result?.serverError ?? "Couldn't update the task. Try again.");
      return;
    }
    toast(confirm ? "Task added." : "Suggestion discarded.", {
      description: task.title,
      action: {
        label: "Undo",
        onClick: async () => {
          const undone = await restoreTaskAction({ workspaceId, taskId: task.id });
          if (undone?.data) {
            setHidden((h) => {
              const next = new Set(h);
              next.delete(task.id);
              return next;
            });
            router.refresh();
          } else toast.error(undone?.serverError ?? "Couldn't undo that.");
        },
      },
    });
    router.refresh();
  };

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-1.5">
      <h3 className="flex items-center gap-1.5 text-xs font-semibold tracking-wide text-muted-foreground uppercase">
        <ListTodo className="size-3.5" aria-hidden /> Tasks
      </h3>
      <ul className="grid grid-cols-[minmax(0,1fr)] gap-1.5">
        {tasks
          .filter((t) => !hidden.has(t.id) || t.status !== "suggested")
          .map((task) => (
            <li key={task.id} className="flex items-center gap-3 rounded-md border px-3 py-2">
              <div className="min-w-0 flex-1">
                <p className="truncate font-medium">{task.title}</p>
                <p className="text-xs text-muted-foreground">
                  {task.dueAt ? (
                    <>
                      Due <LocalTime iso={task.dueAt} format={task.dueAllDay ? "day" : "long"} />
                    </>
                  ) : (
                    "No due date"
                  )}
                  {` · ${capitalize(task.priority)} priority`}
                </p>
              </div>
              {task.status === "suggested" ? (
                <div className="flex shrink-0 gap-1">
                  <Button size="sm" variant="outline" onClick={() => void act(task, true)} aria-label={`Add task: ${task.title}`}>
                    <Check aria-hidden /> Add
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => void act(task, false)} aria-label={`Discard task: ${task.title}`}>
                    <X aria-hidden />
                  </Button>
                </div>
              ) : (
                <Link href={`/w/${workspaceId}/tasks`} className="flex shrink-0 items-center gap-1 text-xs text-muted-foreground hover:text-foreground">
                  <CheckSquare className="size-3.5" aria-hidden /> In Tasks
                </Link>
              )}
            </li>
          ))}
      </ul>
    </div>
  );
}

/**
 * The calendar's day view on the day an event starts, in the viewer's time zone (known after
 * hydration; the UTC day before, so server and browser HTML agree).
 */
function calendarDayHref(workspaceId: string, startTime: string, hydrated: boolean): string {
  const at = new Date(startTime);
  const pad = (n: number) => String(n).padStart(2, "0");
  const day = hydrated ? `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}` : startTime.slice(0, 10);
  return `/w/${workspaceId}/calendar?view=day&date=${day}`;
}

function MeetingList({
  workspaceId,
  events,
  onEdit,
}: {
  workspaceId: string;
  events: EventSuggestionView[];
  onEdit: (event: EventSuggestionView) => void;
}) {
  const router = useRouter();
  const hydrated = useHydrated();
  if (events.length === 0) return null;

  const discard = async (event: EventSuggestionView) => {
    const result = await dismissEventAction({ workspaceId, eventId: event.id });
    if (result?.data) {
      toast("Meeting suggestion discarded.", { description: event.title });
      router.refresh();
    } else toast.error(result?.serverError ?? "Couldn't discard it. Try again.");
  };

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-1.5">
      <h3 className="flex items-center gap-1.5 text-xs font-semibold tracking-wide text-muted-foreground uppercase">
        <CalendarPlus className="size-3.5" aria-hidden /> Meeting
      </h3>
      <ul className="grid grid-cols-[minmax(0,1fr)] gap-1.5">
        {events.map((event) => (
          <li key={event.id} className="flex items-center gap-3 rounded-md border px-3 py-2">
            <div className="min-w-0 flex-1">
              <p className="truncate font-medium">{event.title}</p>
              <p className="text-xs text-muted-foreground">
                <LocalTime iso={event.startTime} format="long" />
                {event.location ? (
                  <span className="ml-2 inline-flex items-center gap-0.5">
                    <MapPin className="size-3" aria-hidden />
                    {event.location}
                  </span>
                ) : null}
                {event.attendees.length > 0 ? ` · ${event.attendees.length} ${event.attendees.length === 1 ? "person" : "people"}` : null}
              </p>
            </div>
            {event.status === "suggested" ? (
              <div className="flex shrink-0 gap-1">
                <Button size="sm" variant="outline" onClick={() => onEdit(event)}>
                  <CalendarPlus aria-hidden /> Add to calendar
                </Button>
                <Button size="sm" variant="ghost" onClick={() => void discard(event)} aria-label={`Discard meeting: ${event.title}`}>
                  <X aria-hidden />
                </Button>
              </div>
            ) : (
              <Link href={calendarDayHref(workspaceId, event.startTime, hydrated)} className="flex shrink-0 items-center gap-1 text-xs text-muted-foreground hover:text-foreground">
                <Check className="size-3.5" aria-hidden /> In calendar
              </Link>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
