import { sql } from "drizzle-orm";
import { boolean, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { authUsers } from "drizzle-orm/supabase";
import { aiEnginePreference, replyTone, workspaceRole } from "./enums";

export const workspaces = pgTable("workspaces", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  isPersonal: boolean("is_personal").notNull().default(false),
  /** Classify new messages with AI as they arrive. */
  autoClassify: boolean("auto_classify").notNull().default(true),
  /** Turn action items into suggested tasks as messages arrive. */
  autoCreateTasks: boolean("auto_create_tasks").notNull().default(false),
  /** Turn scheduling requests into suggested events as messages arrive. */
  autoSuggestMeetings: boolean("auto_suggest_meetings").notNull().default(true),
  /** "auto": OpenAI when the server has a key, local otherwise; "local": never send mail to a model API. */
  aiEngine: aiEnginePreference("ai_engine").notNull().default("auto"),
  /** The tone the reply composer drafts in first. */
  defaultReplyTone: replyTone("default_reply_tone").notNull().default("professional"),
  createdBy: uuid("created_by").references(() => authUsers.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const workspaceMembers = pgTable(
  "workspace_members",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => authUsers.id, { onDelete: "cascade" }),
    role: workspaceRole("role").notNull().default("member"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.userId] }),
    // Membership checks in every policy look up (user, workspace).
    index("workspace_members_user_idx").on(t.userId, t.workspaceId),
  ],
);

export const profiles = pgTable(
  "profiles",
  {
    id: uuid("id")
      .primaryKey()
      .references(() => authUsers.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    displayName: text("display_name"),
    avatarUrl: text("avatar_url"),
    lastWorkspaceId: uuid("last_workspace_id").references(() => workspaces.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("profiles_email_key").on(sql`lower(${t.email})`)],
);
