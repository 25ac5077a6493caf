import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { authUsers } from "drizzle-orm/supabase";
import {
  messageActionability,
  messageCategory,
  messageDirection,
  messagePriority,
  messageSentiment,
  replyTone,
} from "./enums";
import { channelConnections } from "./channels";
import type { Address, AttachmentMeta, CalendarPart } from "@/server/channels/types";
import { tsvector } from "./types";
import { workspaces } from "./workspaces";

export type { Address } from "@/server/channels/types";

export const threads = pgTable(
  "threads",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => channelConnections.id, { onDelete: "cascade" }),
    providerThreadId: text("provider_thread_id").notNull(),
    subject: text("subject"),
    participants: jsonb("participants").$type<Address[]>().notNull().default([]),
    messageCount: integer("message_count").notNull().default(0),
    lastMessageAt: timestamp("last_message_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("threads_provider_key").on(t.connectionId, t.providerThreadId),
    index("threads_workspace_last_idx").on(t.workspaceId, t.lastMessageAt.desc().nullsLast()),
  ],
);

export const messages = pgTable(
  "messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => channelConnections.id, { onDelete: "cascade" }),
    threadId: uuid("thread_id").references(() => threads.id, { onDelete: "set null" }),
    providerMessageId: text("provider_message_id").notNull(),
    providerThreadId: text("provider_thread_id"),
    /** RFC 5322 Message-ID, In-Reply-To and References, for threading and replies. */
    internetMessageId: text("internet_message_id"),
    inReplyTo: text("in_reply_to"),
    references: text("references").array(),
    direction: messageDirection("direction").notNull().default("inbound"),
    subject: text("subject"),
    snippet: text("snippet"),
    bodyText: text("body_text"),
    /** Already sanitized for display; raw provider HTML is never stored here. */
    bodyHtml: text("body_html"),
    senderName: text("sender_name"),
    senderEmail: text("sender_email"),
    recipients: jsonb("recipients").$type<{ to: Address[]; cc: Address[]; bcc: Address[] }>().notNull().default({ to: [], cc: [], bcc: [] }),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    isRead: boolean("is_read").notNull().default(false),
    isStarred: boolean("is_starred").notNull().default(false),
    isArchived: boolean("is_archived").notNull().default(false),
    /** Deleted in Aiva, waiting for its undo window to pass (src/server/inbox/trash-messages.ts); hidden everywhere. */
    trashedAt: timestamp("trashed_at", { withTimezone: true }),
    labels: text("labels").array().notNull().default(sql`'{}'::text[]`),
    /** The whole plain-text body as received; body_text is trimmed of quotes and signature. */
    fullText: text("full_text"),
    attachments: jsonb("attachments").$type<AttachmentMeta[]>().notNull().default([]),
    calendarParts: jsonb("calendar_parts").$type<CalendarPart[]>().notNull().default([]),
    /** Whitelisted header signals for the AI pre-filter. */
    headers: jsonb("headers").$type<Record<string, string>>().notNull().default({}),
    /** Provider locator (IMAP mailbox/uid, ...), opaque outside the provider's folder. */
    providerMeta: jsonb("provider_meta").$type<Record<string, unknown>>().notNull().default({}),
    /** Set when the source could not be decoded; raw_source then keeps it. */
    parseError: text("parse_error"),
    rawSource: text("raw_source"),
    priority: messagePriority("priority"),
    category: messageCategory("category"),
    sentiment: messageSentiment("sentiment"),
    actionability: messageActionability("actionability"),
    aiSummary: text("ai_summary"),
    aiShortSummary: text("ai_short_summary"),
    aiKeyPoints: jsonb("ai_key_points").$type<string[]>(),
    aiConfidence: real("ai_confidence"),
    aiReason: text("ai_reason"),
    classifiedAt: timestamp("classified_at", { withTimezone: true }),
    /** What decided the classification: "prefilter", "local" or "openai". */
    aiDecidedBy: text("ai_decided_by"),
    /** Hash of the content and engine version analysed; the same again is skipped. */
    aiFingerprint: text("ai_fingerprint"),
    search: tsvector("search").generatedAlwaysAs(
      sql`setweight(to_tsvector('english'::regconfig, coalesce(subject, '')), 'A') || setweight(to_tsvector('simple'::regconfig, coalesce(sender_name, '') || ' ' || coalesce(sender_email, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(body_text, '')), 'C')`,
    ),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("messages_provider_key").on(t.connectionId, t.providerMessageId),
    // One partial index per inbox view (and per priority for the Priority view), in the
    // views' order. The predicates must match the SQL of src/server/inbox/list-messages.ts
    // (supabase/migrations/20261122090500_inbox_scale.sql explains why, under RLS).
    index("messages_inbox_idx").on(t.workspaceId, t.sentAt.desc().nullsLast(), t.id.desc()).where(sql`is_archived = false and direction = 'inbound'`),
    index("messages_inbox_urgent_idx").on(t.workspaceId, t.sentAt.desc().nullsLast(), t.id.desc()).where(sql`is_archived = false and direction = 'inbound' and priority = 'urgent'`),
    index("messages_inbox_high_idx").on(t.workspaceId, t.sentAt.desc().nullsLast(), t.id.desc()).where(sql`is_archived = false and direction = 'inbound' and priority = 'high'`),
    index("messages_inbox_medium_idx").on(t.workspaceId, t.sentAt.desc().nullsLast(), t.id.desc()).where(sql`is_archived = false and direction = 'inbound' and priority = 'medium'`),
    index("messages_inbox_low_idx").on(t.workspaceId, t.sentAt.desc().nullsLast(), t.id.desc()).where(sql`is_archived = false and direction = 'inbound' and priority = 'low'`),
    index("messages_inbox_noise_idx").on(t.workspaceId, t.sentAt.desc().nullsLast(), t.id.desc()).where(sql`is_archived = false and direction = 'inbound' and priority = 'noise'`),
    index("messages_inbox_unclassified_idx").on(t.workspaceId, t.sentAt.desc().nullsLast(), t.id.desc()).where(sql`is_archived = false and direction = 'inbound' and priority is null`),
    index("messages_unread_idx").on(t.workspaceId, t.sentAt.desc().nullsLast(), t.id.desc()).where(sql`is_archived = false and direction = 'inbound' and is_read = false`),
    index("messages_needs_reply_idx").on(t.workspaceId, t.sentAt.desc().nullsLast(), t.id.desc()).where(sql`is_archived = false and direction = 'inbound' and actionability = 'reply_needed'`),
    index("messages_starred_idx").on(t.workspaceId, t.sentAt.desc().nullsLast(), t.id.desc()).where(sql`is_starred = true`),
    index("messages_sent_idx").on(t.workspaceId, t.sentAt.desc().nullsLast(), t.id.desc()).where(sql`direction = 'outbound'`),
    index("messages_archived_idx").on(t.workspaceId, t.sentAt.desc().nullsLast(), t.id.desc()).where(sql`is_archived = true and direction = 'inbound'`),
    // Search results newest first (app.search_inbox).
    index("messages_recent_idx").on(t.workspaceId, t.sentAt.desc().nullsLast(), t.id.desc()),
    index("messages_thread_idx").on(t.threadId, t.sentAt),
    // Threading looks messages up by the ids other messages refer to (ingest.ts).
    index("messages_internet_id_idx").on(t.connectionId, t.internetMessageId),
    index("messages_in_reply_to_idx").on(t.connectionId, t.inReplyTo),
    // No pending list: these lookups run every ingest batch (supabase/migrations/20261122094000_ingest_upkeep.sql).
    index("messages_references_idx").using("gin", t.references).with({ fastupdate: false }),
    index("messages_search_idx").using("gin", t.search),
    // What the workspace knows about a sender (the AI pre-filter), and from: search.
    index("messages_sender_idx").on(t.workspaceId, t.senderEmail),
    // Deletions that never finished (restoreAbandonedTrash): only rows in an undo window.
    index("messages_trashed_idx").on(t.trashedAt).where(sql`trashed_at is not null`),
    // Inbound messages the AI has not looked at yet, newest first (src/server/ai/analysis-queue.ts).
    index("messages_ai_pending_idx")
      .on(t.workspaceId, t.sentAt.desc().nullsLast())
      .where(sql`ai_fingerprint is null and direction = 'inbound'`),
  ],
);

export const messageDrafts = pgTable(
  "message_drafts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    messageId: uuid("message_id").references(() => messages.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => authUsers.id, { onDelete: "set null" }),
    subject: text("subject"),
    draftBody: text("draft_body").notNull(),
    tone: replyTone("tone").notNull().default("professional"),
    instructions: text("instructions"),
    edited: boolean("edited").notNull().default(false),
    sent: boolean("sent").notNull().default(false),
    aiActionLogId: uuid("ai_action_log_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    editedAt: timestamp("edited_at", { withTimezone: true }),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [index("message_drafts_message_idx").on(t.workspaceId, t.messageId)],
);
