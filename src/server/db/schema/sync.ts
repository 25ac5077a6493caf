import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { channelConnections } from "./channels";
import { syncStatus, syncTrigger } from "./enums";
import { workspaces } from "./workspaces";

/**
 * One sync or import of a connection: what started it, how far it got ("312 of 1,200"),
 * and how it ended. The job queue (pg-boss) runs the work; this is what people see.
 */
export const syncRuns = pgTable(
  "sync_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => channelConnections.id, { onDelete: "cascade" }),
    trigger: syncTrigger("trigger").notNull(),
    status: syncStatus("status").notNull().default("queued"),
    /** What is being synced or imported, e.g. "INBOX" or a file name. */
    label: text("label"),
    processed: integer("processed").notNull().default(0),
    total: integer("total"),
    imported: integer("imported").notNull().default(0),
    duplicates: integer("duplicates").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    error: text("error"),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("sync_runs_connection_idx").on(t.connectionId, t.createdAt.desc()),
    index("sync_runs_workspace_idx").on(t.workspaceId, t.createdAt.desc()),
  ],
);
