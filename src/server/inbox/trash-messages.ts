import { and, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { SafeError } from "@/lib/errors";
import { loadAdapter } from "@/server/channels/registry";
import { channelConnections, messages } from "@/server/db/schema";
import { type Tx, withService, withUser } from "@/server/db/with-rls";

// Deleting a message is two steps (trash-queue.ts runs the second after the undo window):
//   1. hide: trashed_at is set, and every read path (list, reader, search) leaves it out;
//   2. purge: once the provider has it in its Trash, the row goes for good.
// Undo, or a provider that refuses, clears trashed_at instead. Each step recomputes the
// threads it touches from their visible messages, so counts, dates and people stay true.

export type HiddenMessage = { id: string; threadId: string | null; connectionId: string };

const uuidArray = (ids: string[]) => sql`array(select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`;

/**
 * Hides messages of the workspace at once. Row-level security decides which ids exist:
 * another workspace's ids, or ids already deleted, hide nothing. Messages of an account
 * whose provider Aiva can't delete from are refused as a whole, before anything changes.
 */
export async function hideMessages(userId: string, workspaceId: string, messageIds: string[]): Promise<HiddenMessage[]> {
  const ids = [...new Set(messageIds)];
  if (ids.length === 0) return [];
  const owners = await withUser(userId, (tx) =>
    tx
      .selectDistinct({ provider: channelConnections.provider })
      .from(messages)
      .innerJoin(channelConnections, eq(channelConnections.id, messages.connectionId))
      .where(and(eq(messages.workspaceId, workspaceId), inArray(messages.id, ids), isNull(messages.trashedAt))),
  );
  for (const { provider } of owners) {
    if (!(await canDelete(provider))) {
      throw new SafeError("Messages from this account can't be deleted from Aiva yet.", "unsupported");
    }
  }
  return withUser(userId, async (tx) => {
    const hidden = await tx
      .update(messages)
      .set({ trashedAt: sql`now()` })
      .where(and(eq(messages.workspaceId, workspaceId), inArray(messages.id, ids), isNull(messages.trashedAt)))
      .returning({ id: messages.id, threadId: messages.threadId, connectionId: messages.connectionId });
    await refreshThreads(tx, threadsOf(hidden));
    return hidden;
  });
}

/** Imported mail has no server: it is deleted in Aiva only. Others need the adapter's trash. */
async function canDelete(provider: string): Promise<boolean> {
  if (provider === "import") return true;
  const adapter = await loadAdapter(provider).catch(() => null);
  return Boolean(adapter?.trash);
}

/** Shows hidden messages again (Undo, or the provider refused). Returns the ids restored. */
export async function restoreMessages(tx: Tx, workspaceId: string, messageIds: string[]): Promise<string[]> {
  if (messageIds.length === 0) return [];
  const restored = await tx
    .update(messages)
    .set({ trashedAt: null })
    .where(and(eq(messages.workspaceId, workspaceId), inArray(messages.id, messageIds), isNotNull(messages.trashedAt)))
    .returning({ id: messages.id, threadId: messages.threadId });
  await refreshThreads(tx, threadsOf(restored));
  return restored.map((r) => r.id);
}

/** Deletes hidden messages for good; threads left with no message go too. */
export async function purgeMessages(tx: Tx, workspaceId: string, messageIds: string[]): Promise<string[]> {
  if (messageIds.length === 0) return [];
  const purged = await tx
    .delete(messages)
    .where(and(eq(messages.workspaceId, workspaceId), inArray(messages.id, messageIds), isNotNull(messages.trashedAt)))
    .returning({ id: messages.id, threadId: messages.threadId });
  const threadIds = threadsOf(purged);
  if (threadIds.length > 0) {
    await tx.execute(sql`
      delete from public.threads t
      where t.id = any(${uuidArray(threadIds)})
        and not exists (select 1 from public.messages m where m.thread_id = t.id)`);
    await refreshThreads(tx, threadIds);
  }
  return purged.map((r) => r.id);
}

/**
 * A deletion whose job was lost (its process died while it ran, and nobody asked for its
 * status since) would leave its messages hidden for ever: after this long, far past any
 * undo window and the job queue's expiry, they are shown again. Run by the scheduler, the
 * cron route and at start-up. Returns how many came back.
 */
export const ABANDONED_TRASH_MINUTES = 60;

export async function restoreAbandonedTrash(olderThanMinutes = ABANDONED_TRASH_MINUTES): Promise<number> {
  return withService({ userId: "trash-sweeper", reason: "show messages of deletions that never finished" }, async (tx) => {
    const restored = await tx
      .update(messages)
      .set({ trashedAt: null })
      .where(sql`${messages.trashedAt} < now() - make_interval(mins => ${olderThanMinutes})`)
      .returning({ id: messages.id, threadId: messages.threadId });
    await refreshThreads(tx, threadsOf(restored));
    if (restored.length > 0) console.warn(`[trash] ${restored.length} message(s) of unfinished deletions are back in the inbox`);
    return restored.length;
  });
}

function threadsOf(rows: { threadId: string | null }[]): string[] {
  return [...new Set(rows.flatMap((r) => (r.threadId ? [r.threadId] : [])))];
}

const MAX_PARTICIPANTS = 20;

/**
 * Recomputes count, last message time and participants of threads from their visible
 * messages, the same way ingest builds them (src/server/sync/ingest.ts addToThreads):
 * senders and To recipients, lower-cased, the first MAX_PARTICIPANTS by address.
 */
export async function refreshThreads(tx: Tx, threadIds: string[]): Promise<void> {
  if (threadIds.length === 0) return;
  await tx.execute(sql`
    update public.threads t set
      message_count = (select count(*) from public.messages m where m.thread_id = t.id and m.trashed_at is null),
      last_message_at = (select max(m.sent_at) from public.messages m where m.thread_id = t.id and m.trashed_at is null),
      participants = (
        select coalesce(jsonb_agg(p.person order by p.email), '[]'::jsonb) from (
          select distinct on (lower(q.email)) lower(q.email) as email, jsonb_build_object('name', q.name, 'email', lower(q.email)) as person
          from (
            select m.sender_name as name, m.sender_email as email, m.sent_at
            from public.messages m where m.thread_id = t.id and m.trashed_at is null
            union all
            select e ->> 'name', e ->> 'email', m.sent_at
            from public.messages m, jsonb_array_elements(coalesce(m.recipients -> 'to', '[]'::jsonb)) e
            where m.thread_id = t.id and m.trashed_at is null
          ) q
          where q.email is not null and q.email <> ''
          order by lower(q.email), q.name is null, q.sent_at nulls last
          limit ${MAX_PARTICIPANTS}
        ) p)
    where t.id = any(${uuidArray(threadIds)})`);
}
