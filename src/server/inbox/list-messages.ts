import { type SQL, and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { InboxItem, InboxPage, Priority } from "@/lib/inbox-types";
import { INBOX_VIEWS, type InboxView } from "@/lib/inbox-views";
import { CATEGORIES, PRIORITIES } from "@/server/ai/types";
import { SafeError } from "@/lib/errors";
import { messages, threads } from "@/server/db/schema";
import { type Tx, withUser } from "@/server/db/with-rls";
import { PRIORITY_SEGMENTS, VIEW_PREDICATES, byTime, prioritySegment } from "./listing-order";

// The inbox list, 50 at a time, in one of its views:
//   priority     unarchived, most important first: the segments urgent, high, medium, low,
//                noise, unclassified one after another, each newest first
//   newest       unarchived, newest first
//   needs_reply  unarchived messages the AI says wait for your answer, newest first
//   unread, starred, sent (outbound, newest first), archived
//
// Keyset pagination in the listing's own order: (priority segment,) sent_at desc nulls
// last, id desc. The cursor carries the last row's priority segment, its sent_at as
// Postgres prints it (microseconds and all, which a JS Date would round away) and its id.
// A page is read with `(sent_at, id) < (cursor)` on the view's partial index
// (listing-order.ts), so the 200th page costs what the first does; undated messages come
// after every dated one, and are read on their own once the dated ones run out.

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

export async function listMessages(
  userId: string,
  workspaceId: string,
  options: { cursor?: string | null; limit?: number; view?: InboxView; filters?: ParsedInboxFilters } = {},
): Promise<InboxPage> {
  const limit = Math.min(Math.max(options.limit ?? INBOX_PAGE_SIZE, 1), 200);
  const cursor = options.cursor ? decodeCursor(options.cursor) : null;
  const view = options.view ?? "priority";
  const filters = options.filters ?? {};

  // Which partial-index reads make up the view, in order. Priority is a run of segments;
  // Newest narrowed to one priority is exactly that priority's segment.
  let segments: { priority?: Priority | null; where: SQL }[];
  if (view === "priority" || (view === "newest" && filters.priority)) {
    const from = cursor && view === "priority" ? PRIORITY_SEGMENTS.indexOf(cursor.p ?? null) : 0;
    segments = PRIORITY_SEGMENTS.slice(Math.max(from, 0))
      .filter((p) => !filters.priority || p === filters.priority)
      .map((priority) => ({ priority, where: prioritySegment(priority) }));
  } else {
    segments = [{ where: VIEW_PREDICATES[view] }];
  }
  const narrowing = and(
    eq(messages.workspaceId, workspaceId),
    // Deleted, waiting for the undo window: gone for the person already. An extra condition
    // on what the view's partial index returns (see the migration 20261123090000_message_trash.sql).
    isNull(messages.trashedAt),
    filters.account ? eq(messages.connectionId, filters.account) : undefined,
    filters.category ? eq(messages.category, filters.category) : undefined,
    // (In Priority and Newest the segment already is the priority.)
    filters.priority && view !== "priority" && view !== "newest" ? eq(messages.priority, filters.priority) : undefined,
  )!;

  const rows = await withUser(userId, async (tx) => {
    const found: (Row & { segment: Priority | null | undefined })[] = [];
    for (const [index, segment] of segments.entries()) {
      const want = limit + 1 - found.length;
      if (want <= 0) break;
      // Only the cursor's own segment continues after it; later segments start at the top.
      const after = index === 0 ? cursor : null;
      const page = await readSegment(tx, sql`${narrowing} and ${segment.where}`, after, want);
      found.push(...page.map((r) => ({ ...r, segment: segment.priority })));
    }
    return found;
  });

  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toInboxItem),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({ s: last.sentAtKey, i: last.id, ...(view === "priority" ? { p: last.segment ?? null } : {}) })
        : null,
  };
}

type Row = Parameters<typeof toInboxItem>[0] & { sentAtKey: string | null };

/** Up to `want` rows of one partial index's range, after the cursor if there is one. */
async function readSegment(tx: Tx, where: SQL, cursor: Cursor | null, want: number): Promise<Row[]> {
  const read = (keyset: SQL | undefined, count: number) =>
    tx
      .select({ ...inboxItemColumns, sentAtKey: sql<string | null>`${messages.sentAt}::text` })
      .from(messages)
      .leftJoin(threads, eq(threads.id, messages.threadId))
      .where(keyset ? sql`${where} and ${keyset}` : where)
      .orderBy(...byTime)
      .limit(count);

  if (!cursor) return read(undefined, want);
  if (cursor.s === null) return read(sql`${messages.sentAt} is null and ${messages.id} < ${cursor.i}::uuid`, want);
  // A row comparison is one range of the index; `or sent_at is null` would not be, so the
  // undated messages after the dated ones are a second read.
  const dated = await read(sql`(${messages.sentAt}, ${messages.id}) < (${cursor.s}::timestamptz, ${cursor.i}::uuid)`, want);
  if (dated.length >= want) return dated;
  return [...dated, ...(await read(sql`${messages.sentAt} is null`, want - dated.length))];
}
