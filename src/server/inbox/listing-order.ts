import { type SQL, sql } from "drizzle-orm";
import { messages } from "@/server/db/schema";

// The inbox's two sort orders. The indexes messages_inbox_priority_idx and
// messages_inbox_time_idx (schema/messages.ts) are declared with the same NULL placement;
// if the two disagree, Postgres sorts instead of reading the index in order
// (tests/integration/inbox-index.test.ts checks the plan).

/** Most important first; unclassified messages after classified ones; newest first within. */
export const byPriority: SQL[] = [sql`${messages.priority} asc nulls last`, sql`${messages.sentAt} desc nulls last`];

/** Newest first; messages without a date last. */
export const byTime: SQL[] = [sql`${messages.sentAt} desc nulls last`];
