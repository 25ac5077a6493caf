// What the inbox and import screens receive from the server, as plain JSON (dates as ISO
// strings). Server code builds these; client components import only the types.

export type Person = { name: string | null; email: string };

/** One row of the inbox list. */
export type InboxItem = {
  id: string;
  threadId: string | null;
  /** Messages in the row's thread (1 when it has none). */
  messageCount: number;
  sender: Person | null;
  subject: string | null;
  snippet: string | null;
  sentAt: string | null;
  isRead: boolean;
  isStarred: boolean;
  hasAttachments: boolean;
  /** The source could not be fully decoded; the reader offers "Show original". */
  hasParseError: boolean;
  /** What the AI decided; null until the message is analysed. */
  priority: Priority | null;
  category: Category | null;
  actionability: Actionability | null;
  /** The AI's one-line summary, shown instead of the snippet when present. */
  summary: string | null;
  /** Search results: subject and an excerpt with matches between \u0002 and \u0003. */
  highlight?: { subject: string | null; snippet: string | null } | null;
};

export type InboxPage = { items: InboxItem[]; nextCursor: string | null };

export type AttachmentView = {
  /** Position in the message's stored attachment list (the download URL's index). */
  index: number;
  filename: string | null;
  mimeType: string;
  size: number;
};

/** One message of a thread, as the reader shows it. */
export type ThreadMessage = {
  id: string;
  sender: Person | null;
  to: Person[];
  cc: Person[];
  sentAt: string | null;
  subject: string | null;
  snippet: string | null;
  /** Sanitized at ingest; render only inside the sandboxed frame. */
  bodyHtml: string | null;
  /** The whole plain-text body, when there is no HTML (or as the HTML's fallback). */
  bodyText: string | null;
  attachments: AttachmentView[];
  /** Its account can fetch the message again, so attachments download (not imported files). */
  attachmentsDownloadable: boolean;
  isRead: boolean;
  isStarred: boolean;
  isArchived: boolean;
  parseError: string | null;
  /** The message as received, only for messages that could not be fully read. */
  rawSource: string | null;
  /** Sent from this account (the user's side of the conversation). */
  outbound: boolean;
};

export type ThreadView = {
  id: string;
  subject: string | null;
  messages: ThreadMessage[];
  /** The conversation's account can send (a connected mailbox, not an imported file). */
  canReply: boolean;
};

export type SyncRunStatus = "queued" | "running" | "succeeded" | "failed";

/** A sync or import run, as the import screen polls it. */
export type SyncRunView = {
  id: string;
  trigger: string;
  status: SyncRunStatus;
  label: string | null;
  processed: number;
  total: number | null;
  imported: number;
  duplicates: number;
  failed: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
};

export type Priority = "urgent" | "high" | "medium" | "low" | "noise";
export type Category =
  | "personal"
  | "work"
  | "customer"
  | "sales_lead"
  | "meeting_request"
  | "finance"
  | "security"
  | "newsletter"
  | "marketing"
  | "notification"
  | "social"
  | "spam";
export type Actionability = "reply_needed" | "action_required" | "scheduling" | "fyi" | "none";
export type Sentiment = "positive" | "neutral" | "negative" | "mixed";
export type Tone = "professional" | "friendly" | "concise";

export type TaskSuggestionView = {
  id: string;
  title: string;
  description: string | null;
  dueAt: string | null;
  /** Due on a day rather than at a time. */
  dueAllDay: boolean;
  priority: "urgent" | "high" | "medium" | "low";
  status: "suggested" | "open" | "in_progress" | "done" | "dismissed";
};

export type EventSuggestionView = {
  id: string;
  title: string;
  startTime: string;
  endTime: string;
  allDay: boolean;
  location: string | null;
  attendees: Person[];
  status: "suggested" | "confirmed" | "tentative" | "cancelled";
};

export type DraftView = {
  id: string;
  messageId: string;
  tone: Tone;
  subject: string;
  body: string;
  instructions: string | null;
  edited: boolean;
  /** Set when the chosen engine failed and the local engine wrote this draft instead. */
  notice: string | null;
};

/** What the AI made of one message, for the reader's AI panel. */
export type AiInsight = {
  messageId: string;
  /** pending: waiting in the queue; off: auto-classify is off; error: the engine failed. */
  status: "done" | "pending" | "off" | "error" | "not_needed";
  priority: Priority | null;
  category: Category | null;
  sentiment: Sentiment | null;
  actionability: Actionability | null;
  summary: string | null;
  keyPoints: string[];
  reason: string | null;
  confidence: number | null;
  /** "prefilter", "local" or "openai". */
  decidedBy: string | null;
  /** The engine that answers for this workspace now. */
  engine: "local" | "openai";
  defaultTone: Tone;
  tasks: TaskSuggestionView[];
  events: EventSuggestionView[];
  drafts: DraftView[];
};
