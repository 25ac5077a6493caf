import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { authUsers } from "drizzle-orm/supabase";
import { taskPriority, taskStatus } from "./enums";
import { messages } from "./messages";
import { workspaces } from "./workspaces";

export const tasks = pgTable(
  "tasks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => authUsers.id, { onDelete: "set null" }),
    sourceMessageId: uuid("source_message_id").references(() => messages.id, { onDelete: "set null" }),
    extractedByAi: boolean("extracted_by_ai").notNull().default(false),
    /** Identifies a suggestion within its message, so extracting again never duplicates it. */
    aiKey: text("ai_key"),
    title: text("title").notNull(),
    description: text("description"),
    dueAt: timestamp("due_at", { withTimezone: true }),
    /** Due on a day, not at a time ("by Friday"): due_at is noon of that day in the writer's zone. */
    dueAllDay: boolean("due_all_day").notNull().default(false),
    priority: taskPriority("priority").notNull().default("medium"),
    status: taskStatus("status").notNull().default("open"),
    assignedTo: uuid("assigned_to").references(() => authUsers.id, { onDelete: "set null" }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("tasks_workspace_status_idx").on(t.workspaceId, t.status, t.dueAt.asc().nullsLast()),
    index("tasks_source_message_idx").on(t.sourceMessageId),
    uniqueIndex("tasks_ai_key").on(t.sourceMessageId, t.aiKey),
  ],
);
