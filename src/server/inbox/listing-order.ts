import { type SQL, sql } from "drizzle-orm";
import type { InboxView } from "@/lib/inbox-views";
import type { Priority } from "@/lib/inbox-types";
import { messages } from "@/server/db/schema";

// What each inbox view selects, and the order every view lists in.
//
// Every view reads one partial index on (workspace_id, sent_at desc nulls last, id desc)
// whose predicate is the view's own (schema/messages.ts; the migration
// 20261122090500_inbox_scale.sql says why). The predicates below are written with literal
// values, exactly as in those indexes, so Postgres can prove the index covers the query;
// with a bound parameter instead of `false` it could not. The Priority view is the
// priority segments one after the other, each with its own index: under row-level
// security an enum comparison can't narrow an index scan, an index predicate can.

const inbox = sql`${messages.isArchived} = false and ${messages.direction} = 'inbound'`;

export const VIEW_PREDICATES: Record<Exclude<InboxView, "priority">, SQL> = {
  newest: inbox,
  unread: sql`${inbox} and ${messages.isRead} = false`,
  needs_reply: sql`${inbox} and ${messages.actionability} = 'reply_needed'`,
  starred: sql`${messages.isStarred} = true`,
  // What you sent is in its conversation (the count on the row) and in Sent, not a row of
  // its own in the inbox.
  sent: sql`${messages.direction} = 'outbound'`,
  archived: sql`${messages.isArchived} = true and ${messages.direction} = 'inbound'`,
};

/** The Priority view's segments in order: urgent → noise, then messages the AI hasn't classified. */
export const PRIORITY_SEGMENTS: (Priority | null)[] = ["urgent", "high", "medium", "low", "noise", null];

/** Unarchived inbound messages of one priority (or unclassified). */
export function prioritySegment(priority: Priority | null): SQL {
  switch (priority) {
    case "urgent":
      return sql`${inbox} and ${messages.priority} = 'urgent'`;
    case "high":
      return sql`${inbox} and ${messages.priority} = 'high'`;
    case "medium":
      return sql`${inbox} and ${messages.priority} = 'medium'`;
    case "low":
      return sql`${inbox} and ${messages.priority} = 'low'`;
    case "noise":
      return sql`${inbox} and ${messages.priority} = 'noise'`;
    case null:
      return sql`${inbox} and ${messages.priority} is null`;
  }
}

/** Newest first, undated messages last, ties by id: the indexes' order. */
export const byTime: SQL[] = [sql`${messages.sentAt} desc nulls last`, sql`${messages.id} desc`];
