import { z } from "zod";
import type { Address, AttachmentMeta, CalendarPart } from "@/server/channels/types";

// The seam between Aiva and its AI engines. An engine (local rules, OpenAI or any
// OpenAI-compatible server) sees a message as AiMessage, never a database row, and answers
// in the shapes below. The vocabularies match the database enums (schema/enums.ts).

export const PRIORITIES = ["urgent", "high", "medium", "low", "noise"] as const;
export const CATEGORIES = [
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
] as const;
export const SENTIMENTS = ["positive", "neutral", "negative", "mixed"] as const;
export const ACTIONABILITIES = ["reply_needed", "action_required", "scheduling", "fyi", "none"] as const;
export const TASK_PRIORITIES = ["urgent", "high", "medium", "low"] as const;
export const REPLY_TONES = ["professional", "friendly", "concise"] as const;

export type Priority = (typeof PRIORITIES)[number];
export type Category = (typeof CATEGORIES)[number];
export type Sentiment = (typeof SENTIMENTS)[number];
export type Actionability = (typeof ACTIONABILITIES)[number];
export type TaskPriority = (typeof TASK_PRIORITIES)[number];
export type ReplyTone = (typeof REPLY_TONES)[number];

/** A message as an engine sees it. Its content is untrusted data, never instructions. */
export type AiMessage = {
  subject: string | null;
  from: Address | null;
  to: Address[];
  cc: Address[];
  /** When the message was written (the Date header); relative dates resolve against it. */
  sentAt: Date | null;
  /**
   * The writer's UTC offset in minutes east of UTC, from the Date header ("+0200" → 120).
   * Null when unknown; dates then resolve in UTC.
   */
  utcOffsetMinutes: number | null;
  /** Plain text with quoted history and signature trimmed. */
  bodyText: string;
  /** The whole plain-text body as received, when it differs. */
  fullText: string | null;
  /** Lower-cased header names → values; only the pre-filter whitelist (parse-mime.ts). */
  headers: Record<string, string>;
  /** Provider labels (Gmail CATEGORY_PROMOTIONS, IMPORTANT, ...). */
  labels: string[];
  direction: "inbound" | "outbound";
  attachments: Pick<AttachmentMeta, "filename" | "mimeType">[];
  calendar: CalendarPart[];
};

/** What this workspace already knows about the sender (the pre-filter's memory). */
export type SenderHistory = {
  /** Messages received from this address before. */
  received: number;
  /** Messages the user sent to this address (a real correspondent when > 0). */
  repliedTo: number;
  /** The category most earlier messages from this sender got, when consistent. */
  usualCategory: Category | null;
};

/** The person the inbox belongs to: "you" in reasons and drafts. */
export type InboxOwner = { name: string | null; emails: string[] };

export type AnalysisInput = {
  message: AiMessage;
  sender: SenderHistory | null;
  owner: InboxOwner;
  /** Earlier messages of the thread, oldest first (context for drafts and summaries). */
  thread: AiMessage[];
};

export const classificationSchema = z.object({
  priority: z.enum(PRIORITIES),
  category: z.enum(CATEGORIES),
  sentiment: z.enum(SENTIMENTS),
  actionability: z.enum(ACTIONABILITIES),
  /** Two or three sentences. */
  summary: z.string(),
  /** One line for the inbox row, at most ~90 characters. */
  shortSummary: z.string(),
  keyPoints: z.array(z.string()),
  /** 0..1 */
  confidence: z.number().min(0).max(1),
  /** Human-readable, starts with the priority: "high: your manager asks for the budget by Friday". */
  reason: z.string(),
  /** Unsolicited bulk or fraudulent mail. */
  spam: z.boolean(),
  /** Mass-produced: newsletters, promotions, automated notices, circulars, spam (not a person's post to a discussion list). */
  bulk: z.boolean(),
});
export type Classification = z.infer<typeof classificationSchema>;

/** A date or time mentioned in the text, resolved against the message's date and offset. */
export type DateMention = {
  /** As written: "next Tuesday at 3pm". */
  text: string;
  /** ISO 8601: a date ("2026-11-24") when only the day is known, else a datetime with offset. */
  value: string;
  /** Character offset of `text` in the text it was found in. */
  index: number;
};

export type TaskSuggestion = {
  title: string;
  description: string | null;
  /** The due date as written, when there is one. */
  dueText: string | null;
  /** Resolved against the message's date and timezone. */
  due: Date | null;
  /** True when only a day is known (due end of that day). */
  dueAllDay: boolean;
  priority: TaskPriority;
};

export type MeetingSuggestion = {
  title: string;
  /** The proposed time as written. */
  startText: string | null;
  /** Resolved start; null when the message asks to meet without naming a time. */
  start: Date | null;
  durationMinutes: number;
  allDay: boolean;
  location: string | null;
  attendees: Address[];
  /** IANA zone or "+02:00"-style offset the time was written in, when known. */
  timezone: string | null;
};

export type Analysis = {
  classification: Classification;
  tasks: TaskSuggestion[];
  meeting: MeetingSuggestion | null;
};

/** What one engine call cost, for ai_action_logs. */
export type ModelCall = {
  engine: "local" | "openai";
  /** "aiva-local-1", "gpt-4o-mini", ... */
  model: string;
  promptTokens: number | null;
  completionTokens: number | null;
  costUsd: number | null;
  latencyMs: number;
};

export type DraftRequest = AnalysisInput & {
  tone: ReplyTone;
  /** Free-text instructions from the user ("decline politely, suggest next week"). */
  instructions: string | null;
};

export type Draft = { subject: string; body: string };

export interface AiEngine {
  readonly id: "local" | "openai";
  /** Changes whenever results for the same input could change; part of the skip-if-done key. */
  readonly version: string;
  /** Classification, tasks and meeting of one message in one call. */
  analyze(input: AnalysisInput, signal?: AbortSignal): Promise<{ analysis: Analysis; call: ModelCall }>;
  draftReply(request: DraftRequest, signal?: AbortSignal): Promise<{ draft: Draft; call: ModelCall }>;
}

/** An engine call that failed; `call` is set when the model answered (tokens were spent). */
export class AiEngineError extends Error {
  constructor(
    message: string,
    readonly kind: "rate_limited" | "unavailable" | "invalid_output" | "refused" | "config",
    readonly call: ModelCall | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "AiEngineError";
  }
}
