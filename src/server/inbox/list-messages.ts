import { type SQL, and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { InboxItem, InboxPage } from "@/lib/inbox-types";
import { INBOX_VIEWS, type InboxView } from "@/lib/inbox-views";
import { CATEGORIES, PRIORITIES } from "@/server/ai/types";
import { SafeError } from "@/lib/errors";
import { messages, threads } from "@/server/db/schema";
import { withUser } from "@/server/db/with-rls";
import { byPriority, byTime } from "./listing-order";

// The inbox list, 50 at a time, in one of its views:
//   priority     unarchived, most important first (byPriority: messages_inbox_priority_idx)
//   newest       unarchived, newest first (byTime: messages_inbox_time_idx)
//   needs_reply  unarchived messages the AI says wait for your answer, newest first
//   unread, starred, sent (outbound, newest first), archived
//
// Keyset pagination in the listing's own order: (priority,) sent_at desc nulls last, id desc.
// The cursor carries the last row's priority, its sent_at as Postgres prints it
// (microseconds and all, which a JS Date would round away) and its id. Undated messages
// come after every dated one, so a cursor without a date continues among the undated only;
// unclassified messages come after classified ones in the same way.

export const INBOX_PAGE_SIZE = 50;


/** The columns of an inbox row (the list and search read the same). */
export const inboxItemColumns = {
  id: messages.id,
  threadId: messages.threadId,
  messageCount: threads.messageCount,
  senderName: messages.senderName,
  senderEmail: messages.senderEmail,
  subject: messages.subject,
  snippet: messages.snippet,
  sentAt: messages.sentAt,
  isRead: messages.isRead,
  isStarred: messages.isStarred,
  // Inline images (logos, signatures) are not what people mean by "has an attachment".
  hasAttachments: sql<boolean>`exists (
    select 1 from jsonb_array_elements(${messages.attachments}) a
    where coalesce(a ->> 'disposition', 'attachment') <> 'inline')`,
  hasParseError: sql<boolean>`${messages.parseError} is not null`,
  priority: messages.priority,
  category: messages.category,
  actionability: messages.actionability,
  summary: messages.aiShortSummary,
};

export function toInboxItem(r: {
  id: string;
  threadId: string | null;
  messageCount: number | null;
  senderName: string | null;
  senderEmail: string | null;
  subject: string | null;
  snippet: string | null;
  sentAt: Date | null;
  isRead: boolean;
  isStarred: boolean;
  hasAttachments: boolean;
  hasParseError: boolean;
  priority: InboxItem["priority"];
  category: InboxItem["category"];
  actionability: InboxItem["actionability"];
  summary: string | null;
}): InboxItem {
  return {
    id: r.id,
    threadId: r.threadId,
    messageCount: Math.max(r.messageCount ?? 1, 1),
    sender: r.senderEmail || r.senderName ? { name: r.senderName, email: r.senderEmail ?? "" } : null,
    subject: r.subject,
    snippet: r.snippet,
    sentAt: r.sentAt?.toISOString() ?? null,
    isRead: r.isRead,
    isStarred: r.isStarred,
    hasAttachments: Boolean(r.hasAttachments),
    hasParseError: Boolean(r.hasParseError),
    priority: r.priority,
    category: r.category,
    actionability: r.actionability,
    summary: r.summary,
  };
}

export const inboxViewSchema = z.enum(INBOX_VIEWS).catch("priority");

/** Filters from a URL: anything unknown is dropped rather than refused (links outlive enums). */
export const inboxFiltersSchema = z.object({
  account: z.uuid().optional().catch(undefined),
  category: z.enum(CATEGORIES).optional().catch(undefined),
  priority: z.enum(PRIORITIES).optional().catch(undefined),
});
export type ParsedInboxFilters = z.infer<typeof inboxFiltersSchema>;


const cursorSchema = z.object({ s: z.string().max(64).nullable(), i: z.uuid(), p: z.enum(PRIORITIES).nullable().optional() });
type Cursor = z.infer<typeof cursorSchema>;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

export function decodeCursor(value: string): Cursor {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
  } catch {
    throw new SafeError("That page of the inbox could not be found. Reload to start from the top.", "bad_cursor");
  }
}

/** After the cursor in priority order: lower priorities, then unclassified, then later in time. */
function afterByPriority(cursor: Cursor): SQL {
  if (!cursor.p) return sql`(${messages.priority} is null and ${after(cursor)})`;
  return sql`(${messages.priority} > ${cursor.p}::message_priority
    or ${messages.priority} is null
    or (${messages.priority} = ${cursor.p}::message_priority and ${after(cursor)}))`;
}

/** Which messages a view shows. */
function viewFilter(view: InboxView): SQL | undefined {
  switch (view) {
    // What you sent is in its conversation (the count on the row) and in Sent, not a row of
    // its own in the inbox.
    case "priority":
    case "newest":
      return and(eq(messages.isArchived, false), eq(messages.direction, "inbound"));
    case "needs_reply":
      return and(eq(messages.isArchived, false), eq(messages.actionability, "reply_needed"), eq(messages.direction, "inbound"));
    case "unread":
      return and(eq(messages.isArchived, false), eq(messages.isRead, false), eq(messages.direction, "inbound"));
    case "starred":
      return eq(messages.isStarred, true);
    case "sent":
      return eq(messages.direction, "outbound");
    case "archived":
      return and(eq(messages.isArchived, true), eq(messages.direction, "inbound"));
  }
}

function after(cursor: Cursor) {
  if (cursor.s === null) {
    return sql`(${messages.sentAt} is null and ${messages.id} < ${cursor.i})`;
  }
  return sql`(${messages.sentAt} < ${cursor.s}::timestamptz
    or (${messages.sentAt} = ${cursor.s}::timestamptz and ${messages.id} < ${cursor.i})
    or ${messages.sentAt} is null)`;
}

export async function listMessages(
  userId: string,
  workspaceId: string,
  options: { cursor?: string | null; limit?: number; view?: InboxView; filters?: ParsedInboxFilters } = {},
): Promise<InboxPage> {
  const limit = Math.min(Math.max(options.limit ?? INBOX_PAGE_SIZE, 1), 200);
  const cursor = options.cursor ? decodeCursor(options.cursor) : null;
  const view = options.view ?? "priority";
  const prioritized = view === "priority";

  const rows = await withUser(userId, (tx) =>
    tx
      .select({
        ...inboxItemColumns,
        sentAtKey: sql<string | null>`${messages.sentAt}::text`,
      })
      .from(messages)
      .leftJoin(threads, eq(threads.id, messages.threadId))
      .where(
        and(
          eq(messages.workspaceId, workspaceId),
          viewFilter(view),
          options.filters?.account ? eq(messages.connectionId, options.filters.account) : undefined,
          options.filters?.category ? eq(messages.category, options.filters.category) : undefined,
          options.filters?.priority ? eq(messages.priority, options.filters.priority) : undefined,
          cursor ? (prioritized ? afterByPriority(cursor) : after(cursor)) : undefined,
        ),
      )
      .orderBy(...(prioritized ? byPriority : byTime), sql`${messages.id} desc`)
      .limit(limit + 1),
  );

  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toInboxItem),
    nextCursor:
      rows.length > limit && last ? encodeCursor({ s: last.sentAtKey, i: last.id, ...(prioritized ? { p: last.priority } : {}) }) : null,
  };
}
