import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { authUsers } from "drizzle-orm/supabase";
import { calendarConnections } from "./channels";
import { eventStatus } from "./enums";
import type { Address } from "./messages";
import { messages } from "./messages";
import { workspaces } from "./workspaces";

export const events = pgTable(
  "events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** NULL for events that live only in Aiva's own calendar. */
    calendarConnectionId: uuid("calendar_connection_id").references(() => calendarConnections.id, {
      onDelete: "cascade",
    }),
    providerEventId: text("provider_event_id"),
    title: text("title").notNull(),
    description: text("description"),
    startTime: timestamp("start_time", { withTimezone: true }).notNull(),
    endTime: timestamp("end_time", { withTimezone: true }).notNull(),
    allDay: boolean("all_day").notNull().default(false),
    timezone: text("timezone"),
    organizer: jsonb("organizer").$type<Address>(),
    attendees: jsonb("attendees").$type<Address[]>().notNull().default([]),
    location: text("location"),
    status: eventStatus("status").notNull().default("confirmed"),
    createdFromMessageId: uuid("created_from_message_id").references(() => messages.id, { onDelete: "set null" }),
    /** Identifies a suggestion within its message, so extracting again never duplicates it. */
    aiKey: text("ai_key"),
    createdBy: uuid("created_by").references(() => authUsers.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("events_provider_key").on(t.calendarConnectionId, t.providerEventId),
    index("events_workspace_start_idx").on(t.workspaceId, t.startTime),
    uniqueIndex("events_ai_key").on(t.createdFromMessageId, t.aiKey),
  ],
);
