import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { InboxItem, InboxPage } from "@/lib/inbox-types";
import { SafeError } from "@/lib/errors";
import { messages, threads } from "@/server/db/schema";
import { withUser } from "@/server/db/with-rls";
import { byTime } from "./listing-order";

// The inbox list: a workspace's unarchived messages, newest first (byTime, so
// messages_inbox_time_idx serves it), 50 at a time.
//
// Keyset pagination on (sent_at, id), in the listing's own order:
//   sent_at desc nulls last, id desc
// The cursor carries the last row's sent_at as Postgres prints it (microseconds and all,
// which a JS Date would round away) and its id. Undated messages come after every dated
// one, so a cursor without a date continues among the undated only.

export const INBOX_PAGE_SIZE = 50;

const cursorSchema = z.object({ s: z.string().max(64).nullable(), i: z.uuid() });
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
  options: { cursor?: string | null; limit?: number } = {},
): Promise<InboxPage> {
  const limit = Math.min(Math.max(options.limit ?? INBOX_PAGE_SIZE, 1), 200);
  const cursor = options.cursor ? decodeCursor(options.cursor) : null;

  const rows = await withUser(userId, (tx) =>
    tx
      .select({
        id: messages.id,
        threadId: messages.threadId,
        messageCount: threads.messageCount,
        senderName: messages.senderName,
        senderEmail: messages.senderEmail,
        subject: messages.subject,
        snippet: messages.snippet,
        sentAt: messages.sentAt,
        sentAtKey: sql<string | null>`${messages.sentAt}::text`,
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
      })
      .from(messages)
      .leftJoin(threads, eq(threads.id, messages.threadId))
      .where(
        and(eq(messages.workspaceId, workspaceId), eq(messages.isArchived, false), cursor ? after(cursor) : undefined),
      )
      .orderBy(...byTime, sql`${messages.id} desc`)
      .limit(limit + 1),
  );

  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(
      (r): InboxItem => ({
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
      }),
    ),
    nextCursor: rows.length > limit && last ? encodeCursor({ s: last.sentAtKey, i: last.id }) : null,
  };
}
