import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { SafeError } from "@/lib/errors";
import type { TaskSuggestionView } from "@/lib/inbox-types";
import { messages, tasks } from "@/server/db/schema";
import { withUser } from "@/server/db/with-rls";

// The Tasks page: suggestions waiting for a yes or no, what is open, and what was done
// lately. Row-level security keeps every query inside the caller's workspaces.

/** A task row as the UI sees it. */
export const taskView = (t: typeof tasks.$inferSelect): TaskSuggestionView => ({
  id: t.id,
  title: t.title,
  description: t.description,
  dueAt: t.dueAt?.toISOString() ?? null,
  dueAllDay: t.dueAllDay,
  priority: t.priority,
  status: t.status,
});

export type TaskRow = TaskSuggestionView & {
  source: { messageId: string; threadId: string | null; subject: string | null; sender: string | null } | null;
  completedAt: string | null;
};

export async function listTasks(userId: string, workspaceId: string): Promise<TaskRow[]> {
  const rows = await withUser(userId, (tx) =>
    tx
      .select({
        task: tasks,
        threadId: messages.threadId,
        subject: messages.subject,
        sender: sql<string | null>`coalesce(${messages.senderName}, ${messages.senderEmail})`,
      })
      .from(tasks)
      .leftJoin(messages, eq(messages.id, tasks.sourceMessageId))
      .where(
        and(
          eq(tasks.workspaceId, workspaceId),
          // Done tasks stay in view for two weeks.
          sql`(${tasks.status} <> 'done' or ${tasks.completedAt} > now() - interval '14 days')`,
          sql`${tasks.status} <> 'dismissed'`,
        ),
      )
      .orderBy(sql`${tasks.dueAt} asc nulls last`, desc(tasks.createdAt))
      .limit(500),
  );
  return rows.map(({ task: t, threadId, subject, sender }) => ({
    ...taskView(t),
    completedAt: t.completedAt?.toISOString() ?? null,
    source: t.sourceMessageId ? { messageId: t.sourceMessageId, threadId, subject, sender } : null,
  }));
}

export const taskStatusSchema = z.object({
  taskIds: z.array(z.uuid()).min(1).max(200),
  status: z.enum(["open", "in_progress", "done", "dismissed", "suggested"]),
});

/** Changes status; completing stamps completed_at, reopening clears it. */
export async function setTaskStatus(userId: string, workspaceId: string, input: z.input<typeof taskStatusSchema>): Promise<string[]> {
  const { taskIds, status } = taskStatusSchema.parse(input);
  const rows = await withUser(userId, (tx) =>
    tx
      .update(tasks)
      .set({ status, completedAt: status === "done" ? new Date() : null, updatedAt: new Date() })
      .where(and(eq(tasks.workspaceId, workspaceId), inArray(tasks.id, taskIds)))
      .returning({ id: tasks.id }),
  );
  if (rows.length === 0) throw new SafeError("That task is no longer here.", "not_found");
  return rows.map((r) => r.id);
}
