import { pgEnum } from "drizzle-orm/pg-core";

// Fixed vocabularies. Their order matters where a column is sorted: Postgres sorts an
// enum by declaration order, so `priority asc` lists urgent first.

export const workspaceRole = pgEnum("workspace_role", ["owner", "admin", "member"]);

export const channelProvider = pgEnum("channel_provider", [
  "gmail",
  "outlook",
  "slack",
  "teams",
  "whatsapp",
  "imap",
  // Messages brought in from .mbox/.eml files: one such connection per workspace.
  "import",
]);

export const calendarProvider = pgEnum("calendar_provider", ["google", "outlook", "caldav"]);

export const connectionStatus = pgEnum("connection_status", [
  "active",
  "syncing",
  "paused",
  "error",
  "reauth_required",
  "disconnected",
]);

export const messagePriority = pgEnum("message_priority", ["urgent", "high", "medium", "low", "noise"]);

export const messageCategory = pgEnum("message_category", [
  "personal",
  "work",
  "customer",
  "sales_lead",
  "meeting_request",
  "finance",
  "security",
  "newsletter",
  "marketing",
  "notification",
  "social",
  "spam",
]);

export const messageSentiment = pgEnum("message_sentiment", ["positive", "neutral", "negative", "mixed"]);

export const messageActionability = pgEnum("message_actionability", [
  "reply_needed",
  "action_required",
  "scheduling",
  "fyi",
  "none",
]);

export const messageDirection = pgEnum("message_direction", ["inbound", "outbound"]);

export const replyTone = pgEnum("reply_tone", ["professional", "friendly", "concise", "custom"]);

export const taskStatus = pgEnum("task_status", ["suggested", "open", "in_progress", "done", "dismissed"]);

export const taskPriority = pgEnum("task_priority", ["urgent", "high", "medium", "low"]);

export const eventStatus = pgEnum("event_status", ["suggested", "confirmed", "tentative", "cancelled"]);

export const aiEnginePreference = pgEnum("ai_engine_preference", ["auto", "local", "openai"]);

export const aiActionType = pgEnum("ai_action_type", [
  "classify",
  "summarize",
  "draft_reply",
  "extract_tasks",
  "extract_event",
]);

export const secretOwnerKind = pgEnum("secret_owner_kind", ["channel_connection", "calendar_connection"]);

export const syncTrigger = pgEnum("sync_trigger", ["connect", "manual", "scheduler", "cron", "push", "import"]);

export const syncStatus = pgEnum("sync_status", ["queued", "running", "succeeded", "failed"]);
