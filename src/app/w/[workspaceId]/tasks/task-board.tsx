"use client";

import { Check, Mail, X } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { LocalTime } from "@/components/local-time";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/cn";
import type { TaskSuggestionView } from "@/lib/inbox-types";
import { setTaskStatusAction } from "@/server/actions/tasks/set-task-status";

type Task = TaskSuggestionView & {
  source: { messageId: string; threadId: string | null; subject: string | null; sender: string | null } | null;
  completedAt: string | null;
};

const SECTIONS: { title: string; statuses: Task["status"][] }[] = [
  { title: "Suggested", statuses: ["suggested"] },
  { title: "Open", statuses: ["open", "in_progress"] },
  { title: "Done", statuses: ["done"] },
];

const PRIORITY_DOT: Record<Task["priority"], string> = {
  urgent: "bg-red-500",
  high: "bg-amber-500",
  medium: "bg-sky-500",
  low: "bg-muted-foreground/40",
};

/** Every change shows at once and can be undone; a failure puts it back. */
export function TaskBoard({ workspaceId, tasks }: { workspaceId: string; tasks: Task[] }) {
  const router = useRouter();
  const [overrides, setOverrides] = useState<Record<string, Task["status"]>>({});
  const statusOf = (t: Task) => overrides[t.id] ?? t.status;

  const move = async (task: Task, status: Task["status"], message: string) => {
    const before = statusOf(task);
    setOverrides((o) => ({ ...o, [task.id]: status }));
    const result = await setTaskStatusAction({ workspaceId, taskIds: [task.id], status });
    if (!result?.data) {
      setOverrides((o) => ({ ...o, [task.id]: before }));
      toast.error(result?.serverError ?? "Couldn't update the task. Try again.");
      return;
    }
    toast(message, {
      description: task.title,
      action: {
        label: "Undo",
        onClick: async () => {
          setOverrides((o) => ({ ...o, [task.id]: before }));
          const undone = await setTaskStatusAction({ workspaceId, taskIds: [task.id], status: before });
          if (!undone?.data) toast.error(undone?.serverError ?? "Couldn't undo that.");
          router.refresh();
        },
      },
    });
    router.refresh();
  };

  return (
    <div className="mx-auto grid max-w-3xl gap-8 px-4 py-6 md:px-8">
      {SECTIONS.map((section) => {
        const items = tasks.filter((t) => section.statuses.includes(statusOf(t)));
        if (items.length === 0) return null;
        return (
          <section key={section.title} aria-label={section.title}>
            <h2 className="mb-2 text-xs font-semibold tracking-wide text-muted-foreground uppercase">
              {section.title} <span className="tabular-nums">· {items.length}</span>
            </h2>
            <ul className="divide-y rounded-lg border">
              {items.map((task) => {
                const status = statusOf(task);
                const done = status === "done";
                return (
                  <li key={task.id} className="flex items-start gap-3 px-3 py-2.5">
                    {status === "suggested" ? (
                      <span aria-hidden className={cn("mt-1.5 size-2 shrink-0 rounded-full", PRIORITY_DOT[task.priority])} />
                    ) : (
                      <button
                        type="button"
                        role="checkbox"
                        aria-checked={done}
                        aria-label={done ? `Reopen: ${task.title}` : `Complete: ${task.title}`}
                        onClick={() => void move(task, done ? "open" : "done", done ? "Task reopened." : "Task completed.")}
                        className={cn(
                          "mt-0.5 grid size-4.5 shrink-0 place-items-center rounded border outline-none focus-visible:ring-2 focus-visible:ring-ring",
                          done ? "border-primary bg-primary text-primary-foreground" : "border-muted-foreground/50 hover:border-foreground",
                        )}
                      >
                        {done ? <Check className="size-3" aria-hidden /> : null}
                      </button>
                    )}
                    <div className="min-w-0 flex-1">
                      <p className={cn("text-sm font-medium", done && "text-muted-foreground line-through")}>{task.title}</p>
                      <p className="mt-0.5 flex flex-wrap items-center gap-x-2 text-xs text-muted-foreground">
                        {task.dueAt ? (
                          <span className={cn(!done && new Date(task.dueAt) < new Date() && "font-medium text-red-600 dark:text-red-400")}>
                            Due <LocalTime iso={task.dueAt} format={task.dueAllDay ? "day" : "long"} />
                          </span>
                        ) : null}
                        <span className="capitalize">{task.priority}</span>
                        {task.source?.threadId ? (
                          <Link
                            href={`/w/${workspaceId}/inbox/${task.source.threadId}`}
                            className="inline-flex min-w-0 items-center gap-1 hover:text-foreground"
                          >
                            <Mail className="size-3 shrink-0" aria-hidden />
                            <span className="truncate">
                              {task.source.sender ? `${task.source.sender}: ` : ""}
                              {task.source.subject || "(no subject)"}
                            </span>
                          </Link>
                        ) : null}
                      </p>
                    </div>
                    {status === "suggested" ? (
                      <div className="flex shrink-0 gap-1">
                        <Button size="sm" variant="outline" onClick={() => void move(task, "open", "Task added.")} aria-label={`Add task: ${task.title}`}>
                          <Check aria-hidden /> Add
                        </Button>
                        <Button size="sm" variant="ghost" onClick={() => void move(task, "dismissed", "Suggestion discarded.")} aria-label={`Discard task: ${task.title}`}>
                          <X aria-hidden />
                        </Button>
                      </div>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
