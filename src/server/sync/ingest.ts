import { and, eq, inArray, sql } from "drizzle-orm";
import type { Address, NormalizedMessage } from "@/server/channels/types";
import { contacts, messages, threads } from "@/server/db/schema";
import { type Tx, resultRows, withService } from "@/server/db/with-rls";
import { looksLikeReply, normalizeSubject } from "./normalize-subject";

// The one way messages enter Aiva, whatever their channel:
//   normalize (done by the adapter) → upsert unique on (connection, provider message id)
//   → thread → contacts → hand new ids back for AI work.
// One transaction per batch; callers fetch from the network first and never hold this
// transaction open across a network call. Re-running a batch changes nothing.

export type IngestTarget = { workspaceId: string; connectionId: string };
export type IngestResult = { inserted: string[]; duplicates: number };

/** Rows per INSERT: about 35 parameters each, well under Postgres's 65,535 limit. */
const INSERT_CHUNK = 250;
/** A reply with no threading headers joins a thread with its subject only if that thread is this recent. */
const SUBJECT_FALLBACK_DAYS = 30;

const clip = (value: string | null, max: number) => (value && value.length > max ? value.slice(0, max) : value);

function toRow(target: IngestTarget, m: NormalizedMessage) {
  return {
    workspaceId: target.workspaceId,
    connectionId: target.connectionId,
    providerMessageId: m.providerMessageId,
    providerThreadId: m.providerThreadId,
    internetMessageId: m.internetMessageId,
    inReplyTo: m.inReplyTo,
    references: m.references.length ? m.references.slice(-50) : null,
    direction: m.direction,
    subject: clip(m.subject, 1000),
    snippet: clip(m.snippet, 300),
    bodyText: m.bodyText,
    fullText: m.fullText,
    bodyHtml: m.bodyHtml,
    senderName: clip(m.from?.name ?? null, 300),
    senderEmail: m.from?.email.toLowerCase() ?? null,
    recipients: { to: m.to, cc: m.cc, bcc: m.bcc },
    sentAt: m.sentAt,
    isRead: m.isRead,
    isStarred: m.isStarred,
    isArchived: m.isArchived,
    labels: m.labels,
    attachments: m.attachments,
    calendarParts: m.calendar,
    headers: m.headers,
    providerMeta: m.providerMeta,
    parseError: m.parseError,
    rawSource: m.rawSource,
  };
}

export async function ingestMessages(target: IngestTarget, batch: NormalizedMessage[]): Promise<IngestResult> {
  if (batch.length === 0) return { inserted: [], duplicates: 0 };
  // Unique within the batch too: a mailbox file can hold the same message twice.
  const unique = [...new Map(batch.map((m) => [m.providerMessageId, m])).values()];
  const ordered = unique.sort((a, b) => (a.sentAt?.getTime() ?? 0) - (b.sentAt?.getTime() ?? 0));

  return withService({ connectionId: target.connectionId, reason: "ingest messages" }, async (tx) => {
    const inserted: { id: string; providerMessageId: string }[] = [];
    for (let i = 0; i < ordered.length; i += INSERT_CHUNK) {
      const rows = ordered.slice(i, i + INSERT_CHUNK).map((m) => toRow(target, m));
      inserted.push(
        ...(await tx
          .insert(messages)
          .values(rows)
          .onConflictDoNothing({ target: [messages.connectionId, messages.providerMessageId] })
          .returning({ id: messages.id, providerMessageId: messages.providerMessageId })),
      );
    }
    const newIds = new Map(inserted.map((r) => [r.providerMessageId, r.id]));
    const fresh = ordered.filter((m) => newIds.has(m.providerMessageId));

    const touchedThreads = new Set<string>();
    for (const m of fresh) {
      const threadId = await assignThread(tx, target, m, newIds.get(m.providerMessageId)!);
      touchedThreads.add(threadId);
    }
    await refreshThreads(tx, [...touchedThreads]);
    await recordContacts(tx, target.workspaceId, fresh);

    return { inserted: fresh.map((m) => newIds.get(m.providerMessageId)!), duplicates: batch.length - fresh.length };
  });
}

/** Finds or creates the message's thread and links the message to it. */
async function assignThread(tx: Tx, target: IngestTarget, m: NormalizedMessage, messageId: string): Promise<string> {
  const threadId = (await findThread(tx, target, m)) ?? (await createThread(tx, target, m));
  await tx.update(messages).set({ threadId }).where(eq(messages.id, messageId));
  return threadId;
}

async function findThread(tx: Tx, target: IngestTarget, m: NormalizedMessage): Promise<string | null> {
  // 1. The provider says which conversation it belongs to.
  if (m.providerThreadId) {
    const [row] = await tx
      .select({ id: threads.id })
      .from(threads)
      .where(and(eq(threads.connectionId, target.connectionId), eq(threads.providerThreadId, m.providerThreadId)));
    return row?.id ?? null;
  }
  // 2. A stored message this one answers (In-Reply-To, then References, nearest first).
  const parents = [m.inReplyTo, ...[...m.references].reverse()].filter((id): id is string => Boolean(id));
  if (parents.length) {
    const rows = await tx
      .select({ threadId: messages.threadId, internetMessageId: messages.internetMessageId })
      .from(messages)
      .where(
        and(
          eq(messages.connectionId, target.connectionId),
          inArray(messages.internetMessageId, parents),
          sql`${messages.threadId} is not null`,
        ),
      );
    for (const parent of parents) {
      const hit = rows.find((r) => r.internetMessageId === parent);
      if (hit?.threadId) return hit.threadId;
    }
  }
  // 3. A stored reply to this one (the reply arrived first).
  if (m.internetMessageId) {
    const [child] = await tx
      .select({ threadId: messages.threadId })
      .from(messages)
      .where(
        and(
          eq(messages.connectionId, target.connectionId),
          sql`${messages.threadId} is not null`,
          sql`(${messages.inReplyTo} = ${m.internetMessageId} or ${m.internetMessageId} = any(${messages.references}))`,
        ),
      )
      .limit(1);
    if (child?.threadId) return child.threadId;
  }
  // 4. A reply without threading headers: a recent thread with the same subject.
  const normalized = normalizeSubject(m.subject);
  if (normalized && (looksLikeReply(m.subject) || m.inReplyTo)) {
    const result = await tx.execute(sql`
      select t.id from public.threads t
      where t.connection_id = ${target.connectionId}
        and lower(regexp_replace(coalesce(t.subject, ''), ${SUBJECT_PREFIX_SQL}, '', 'i')) = ${normalized}
        and t.last_message_at > coalesce(${m.sentAt?.toISOString() ?? null}::timestamptz, now()) - make_interval(days => ${SUBJECT_FALLBACK_DAYS})
      order by t.last_message_at desc
      limit 1`);
    const row = resultRows<{ id: string }>(result)[0];
    if (row) return row.id;
  }
  return null;
}

// The SQL twin of normalizeSubject's prefix rule, for comparing stored thread subjects.
const SUBJECT_PREFIX_SQL = String.raw`^((re|fw|fwd|aw|wg|sv|vs|rv|tr|antw|odp|r|ynt|enc|res)(\[\d+\]|\(\d+\))?\s*[:：]\s*)+`;

async function createThread(tx: Tx, target: IngestTarget, m: NormalizedMessage): Promise<string> {
  const key = m.providerThreadId ?? (m.internetMessageId ? `mid:${m.internetMessageId}` : `pm:${m.providerMessageId}`);
  await tx
    .insert(threads)
    .values({ workspaceId: target.workspaceId, connectionId: target.connectionId, providerThreadId: key, subject: m.subject })
    .onConflictDoNothing({ target: [threads.connectionId, threads.providerThreadId] });
  const [row] = await tx
    .select({ id: threads.id })
    .from(threads)
    .where(and(eq(threads.connectionId, target.connectionId), eq(threads.providerThreadId, key)));
  return row!.id;
}

/** Recomputes count, last time and participants of the threads a batch touched. */
export async function refreshThreads(tx: Tx, threadIds: string[]): Promise<void> {
  if (threadIds.length === 0) return;
  await tx.execute(sql`
    update public.threads t set
      message_count = agg.n,
      last_message_at = agg.last_at,
      subject = coalesce(t.subject, agg.first_subject),
      participants = agg.participants
    from (
      select m.thread_id,
             count(*)::int as n,
             max(m.sent_at) as last_at,
             (array_agg(m.subject order by m.sent_at nulls last) filter (where m.subject is not null))[1] as first_subject,
             coalesce((
               select jsonb_agg(p.person) from (
                 select distinct on (lower(x.email)) jsonb_build_object('name', x.name, 'email', lower(x.email)) as person
                 from public.messages mm,
                      lateral (select mm.sender_name as name, mm.sender_email as email
                               union all
                               select r ->> 'name', r ->> 'email' from jsonb_array_elements(mm.recipients -> 'to') r) x
                 where mm.thread_id = m.thread_id and x.email is not null
                 limit 20
               ) p
             ), '[]'::jsonb) as participants
      from public.messages m
      where m.thread_id in (${sql.join(threadIds.map((id) => sql`${id}::uuid`), sql`, `)})
      group by m.thread_id
    ) agg
    where t.id = agg.thread_id`);
}

type ContactTally = { email: string; name: string | null; received: number; sent: number; first: Date | null; last: Date | null };

/** Senders of inbound mail and recipients of outbound mail become the workspace's contacts. */
async function recordContacts(tx: Tx, workspaceId: string, fresh: NormalizedMessage[]): Promise<void> {
  const tally = new Map<string, ContactTally>();
  const count = (person: Address | null, field: "received" | "sent", at: Date | null) => {
    const email = person?.email?.trim().toLowerCase();
    if (!email || !email.includes("@") || email.length > 320) return;
    const entry = tally.get(email) ?? { email, name: null, received: 0, sent: 0, first: at, last: at };
    entry.name ??= person?.name?.trim() || null;
    entry[field]++;
    if (at && (!entry.first || at < entry.first)) entry.first = at;
    if (at && (!entry.last || at > entry.last)) entry.last = at;
    tally.set(email, entry);
  };
  for (const m of fresh) {
    if (m.direction === "inbound") count(m.from, "received", m.sentAt);
    else for (const r of [...m.to, ...m.cc, ...m.bcc]) count(r, "sent", m.sentAt);
  }
  const rows = [...tally.values()];
  for (let i = 0; i < rows.length; i += 500) {
    await tx
      .insert(contacts)
      .values(
        rows.slice(i, i + 500).map((c) => ({
          workspaceId,
          email: c.email,
          name: c.name,
          messagesReceived: c.received,
          messagesSent: c.sent,
          firstSeenAt: c.first,
          lastMessageAt: c.last,
        })),
      )
      .onConflictDoUpdate({
        target: [contacts.workspaceId, contacts.email],
        set: {
          name: sql`coalesce(${contacts.name}, excluded.name)`,
          messagesReceived: sql`${contacts.messagesReceived} + excluded.messages_received`,
          messagesSent: sql`${contacts.messagesSent} + excluded.messages_sent`,
          firstSeenAt: sql`least(${contacts.firstSeenAt}, excluded.first_seen_at)`,
          lastMessageAt: sql`greatest(${contacts.lastMessageAt}, excluded.last_message_at)`,
        },
      });
  }
}
