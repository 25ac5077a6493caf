import { and, eq, inArray } from "drizzle-orm";
import { messages } from "@/server/db/schema";
import { withUser } from "@/server/db/with-rls";

// Read, starred and archived are the person's triage state of a message. Changes go through
// withUser, so row-level security decides which ids may change: another workspace's ids
// match nothing, whatever workspace id the caller names.

export type MessageFlags = { isRead?: boolean; isStarred?: boolean; isArchived?: boolean };

/** Sets flags on messages of the workspace; returns the ids that changed. */
export async function setMessageFlags(
  userId: string,
  workspaceId: string,
  messageIds: string[],
  flags: MessageFlags,
): Promise<string[]> {
  if (messageIds.length === 0 || Object.keys(flags).length === 0) return [];
  const rows = await withUser(userId, (tx) =>
    tx
      .update(messages)
      .set(flags)
      .where(and(eq(messages.workspaceId, workspaceId), inArray(messages.id, [...new Set(messageIds)])))
      .returning({ id: messages.id }),
  );
  return rows.map((r) => r.id);
}

/** Marks every message of a thread read (opening it in the reader). */
export async function markThreadRead(userId: string, workspaceId: string, threadId: string): Promise<string[]> {
  const rows = await withUser(userId, (tx) =>
    tx
      .update(messages)
      .set({ isRead: true })
      .where(and(eq(messages.workspaceId, workspaceId), eq(messages.threadId, threadId), eq(messages.isRead, false)))
      .returning({ id: messages.id }),
  );
  return rows.map((r) => r.id);
}
