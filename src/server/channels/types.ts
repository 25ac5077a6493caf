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

// ---------------------------------------------------------------------------------------
// Adapters

export type ChannelProviderId = "gmail" | "outlook" | "slack" | "teams" | "whatsapp" | "imap";

/** A connection as an adapter sees it: identity, non-secret settings, and its cursor. */
export type StoredConnection = {
  id: string;
  workspaceId: string;
  userId: string | null;
  provider: ChannelProviderId;
  providerAccountId: string;
  displayName: string | null;
  metadata: Record<string, unknown>;
  syncCursor: Record<string, unknown> | null;
};

/** The connection's credentials, decrypted only on demand inside the adapter. */
export interface SecretAccess {
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
}

export type SyncLimits = {
  /** Initial sync: how far back. */
  initialDays: number;
  /** Initial sync: at most this many messages (newest first). */
  initialMaxMessages: number;
};

export type IngestOutcome = { inserted: string[]; duplicates: number };

/** State that changed at the provider for a message Aiva already has. */
export type RemoteStateChange = {
  providerMessageId: string;
  isRead?: boolean;
  isStarred?: boolean;
  isArchived?: boolean;
  /** Gone from every synced folder at the provider. */
  deleted?: boolean;
  providerMeta?: Record<string, unknown>;
};

export type KnownMessage = {
  providerMessageId: string;
  providerMeta: Record<string, unknown>;
  isRead: boolean;
  isStarred: boolean;
  isArchived: boolean;
};

/** State a person changed in Aiva, to write back to the provider. */
export type LocalStateChange = {
  providerMessageId: string;
  providerMeta: Record<string, unknown>;
  isRead?: boolean;
  isStarred?: boolean;
  isArchived?: boolean;
};

/** A message to move to the provider's Trash: its id and locator as stored. */
export type TrashTarget = { providerMessageId: string; providerMeta: Record<string, unknown> };

/** What a sync can do with what it fetched. Everything here is idempotent. */
export interface SyncSession {
  connection: StoredConnection;
  secrets: SecretAccess;
  limits: SyncLimits;
  signal: AbortSignal;
  ingest(messages: NormalizedMessage[]): Promise<IngestOutcome>;
  applyRemoteState(changes: RemoteStateChange[]): Promise<void>;
  /** Stored messages of this connection whose providerMeta contains `locator` (e.g. a folder). */
  knownMessages(locator: Record<string, string | number>): Promise<KnownMessage[]>;
  /** Persists the position after what has been stored so far. */
  saveCursor(cursor: Record<string, unknown>): Promise<void>;
  /**
   * Saves `next` only if the stored cursor is still `expected` (compare-and-swap), so two
   * workers on one connection cannot move a cursor backwards. Returns whether it saved.
   */
  compareAndSaveCursor(expected: Record<string, unknown> | null, next: Record<string, unknown>): Promise<boolean>;
  /** The cursor as stored now (another worker may have moved it since this sync began). */
  storedCursor(): Promise<Record<string, unknown> | null>;
  progress(progress: { processed: number; total: number | null }): Promise<void>;
}

export type AdapterContext = { connection: StoredConnection; secrets: SecretAccess; signal: AbortSignal };

export type OutgoingMessage = {
  from: Address;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  subject: string;
  text: string;
  html?: string | null;
  /** Replying: the message answered, for threading headers. */
  inReplyTo?: { internetMessageId: string | null; references: string[]; providerThreadId: string | null } | null;
};

/** Where a stored message is at its provider, as its adapter recorded it when syncing. */
export type StoredMessageLocator = {
  providerMessageId: string;
  /** RFC 5322 Message-ID, for finding the message again when its locator went stale. */
  internetMessageId: string | null;
  providerMeta: Record<string, unknown>;
};

export type ConnectResult = {
  providerAccountId: string;
  displayName: string;
  metadata: Record<string, unknown>;
  secrets: Record<string, string>;
};

/**
 * One provider. Required: sync. Everything else is a capability a provider may lack.
 * Errors meant for the user are ChannelError (see errors.ts); its `kind` tells the
 * engine whether to retry (`transient`), ask the user to reconnect (`auth`), or stop.
 */
export interface ChannelAdapter {
  provider: ChannelProviderId;
  /** Shown in the UI, e.g. "IMAP mailbox". */
  label: string;
  /** Initial and incremental sync, decided by the connection's cursor. */
  sync(session: SyncSession): Promise<void>;
  /** Connect with credentials a person types (IMAP); OAuth providers connect through routes. */
  connectWithCredentials?(input: unknown, signal: AbortSignal): Promise<ConnectResult>;
  /** Write read / starred / archived back to the provider; returns messages whose locator moved. */
  pushState?(context: AdapterContext, changes: LocalStateChange[]): Promise<RemoteStateChange[]>;
  /**
   * Move messages to the provider's Trash (deleted in Aiva). Messages already gone at the
   * provider count as done; anything else that fails throws, and Aiva keeps them all.
   */
  trash?(context: AdapterContext, messages: TrashTarget[]): Promise<void>;
  /** Send a new message or a reply; returns the sent message as stored in the thread. */
  send?(context: AdapterContext, message: OutgoingMessage): Promise<NormalizedMessage>;
  /**
   * The message's source (RFC 822 bytes) as the provider holds it now, fetched on demand
   * (downloading an attachment; Aiva stores attachment metadata only). Throws
   * MessageGoneError when the message is no longer where it was (deleted or moved).
   */
  fetchRawMessage?(context: AdapterContext, message: StoredMessageLocator): Promise<Buffer>;
}
