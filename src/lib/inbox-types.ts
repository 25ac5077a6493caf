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
};

export type InboxPage = { items: InboxItem[]; nextCursor: string | null };

export type AttachmentView = { filename: string | null; mimeType: string; size: number };

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
  isRead: boolean;
  isStarred: boolean;
  isArchived: boolean;
  parseError: string | null;
  /** The message as received, only for messages that could not be fully read. */
  rawSource: string | null;
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
