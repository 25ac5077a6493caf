// The seam between providers and the rest of Aiva. Nothing here names a provider: a
// provider is a folder under src/server/channels/<provider>/ that implements
// ChannelAdapter and maps what it fetches into NormalizedMessage.

export type Address = { name: string | null; email: string };

export type AttachmentMeta = {
  filename: string | null;
  mimeType: string;
  size: number;
  contentId: string | null;
  disposition: "attachment" | "inline" | null;
};

/** A calendar invitation carried by a message (text/calendar part). */
export type CalendarPart = { method: string | null; ics: string };

/** One message from any provider, in the shape the ingest pipeline stores. */
export type NormalizedMessage = {
  /** Unique within the connection, stable across syncs (dedup key). */
  providerMessageId: string;
  /** The provider's conversation id when it has one (Gmail threadId, Slack thread_ts...). */
  providerThreadId: string | null;
  /** RFC 5322 ids, for threading mail without provider thread ids, and for replies. */
  internetMessageId: string | null;
  inReplyTo: string | null;
  references: string[];
  direction: "inbound" | "outbound";
  subject: string | null;
  from: Address | null;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  replyTo: Address[];
  sentAt: Date | null;
  /** Plain text for search and AI: quoted history and signature trimmed. */
  bodyText: string | null;
  /** The whole plain-text body as received (before trimming). */
  fullText: string | null;
  /** Sanitized HTML, safe to render; never the provider's raw HTML. */
  bodyHtml: string | null;
  snippet: string | null;
  attachments: AttachmentMeta[];
  calendar: CalendarPart[];
  /** Header signals for the AI pre-filter (List-Unsubscribe, Precedence, Auto-Submitted...). */
  headers: Record<string, string>;
  isRead: boolean;
  isStarred: boolean;
  isArchived: boolean;
  labels: string[];
  /** Set when the source could not be decoded; the raw source is kept alongside. */
  parseError: string | null;
  rawSource: string | null;
  /** Provider-specific locator (IMAP mailbox/uid, Gmail ids...), opaque to the pipeline. */
  providerMeta: Record<string, unknown>;
};
