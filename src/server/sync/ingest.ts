import { and, eq, inArray, sql } from "drizzle-orm";
import type { Address, NormalizedMessage } from "@/server/channels/types";
import { contacts, messages, threads } from "@/server/db/schema";
import { type Tx, resultRows, withService } from "@/server/db/with-rls";
import { looksLikeReply, normalizeSubject } from "./normalize-subject";

// The one way messages enter Aiva, whatever their channel:
//   normalize (done by the adapter) → skip what is stored (unique on connection, provider
//   message id) → thread → insert → thread aggregates → contacts → hand new ids back for AI work.
// One transaction per batch, and a fixed number of statements per batch whatever its size
// (threading is decided in memory from set-based lookups). Callers fetch from the network
// first and never hold this transaction open across a network call. Re-running a batch
// changes nothing.

export type IngestTarget = { workspaceId: string; connectionId: string };
export type IngestResult = { inserted: string[]; duplicates: number };

/**
 * Messages per INSERT (one JSON parameter): at most INSERT_CHUNK, and no more than about
 * INSERT_CHUNK_CHARS of content. Small statements keep memory low: PGlite's WASM memory
 * grows to the largest statement and never shrinks, and each statement's text is copied
 * a few times on its way in.
 */
const INSERT_CHUNK = 100;
const INSERT_CHUNK_CHARS = 512 * 1024;
const THREAD_CHUNK = 1000;
const CONTACT_CHUNK = 1000;
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
    // What is stored already is a duplicate: the unique index answers without building
    // (and text-indexing) a row for it.
    const stored = new Set(
      (
        await tx
          .select({ id: messages.providerMessageId })
          .from(messages)
          .where(
            and(
              eq(messages.connectionId, target.connectionId),
              sql`${messages.providerMessageId} = any(${textArray(ordered.map((m) => m.providerMessageId))})`,
            ),
          )
      ).map((r) => r.id),
    );
    const candidates = ordered.filter((m) => !stored.has(m.providerMessageId));
    if (candidates.length === 0) return { inserted: [], duplicates: batch.length };

    // Threads are decided before the messages are written, from one look at what is stored.
    const plan = await planThreads(tx, target, candidates);
    await createThreads(tx, target, plan);

    const inserted: { id: string; providerMessageId: string }[] = [];
    for (const chunk of insertChunks(candidates)) inserted.push(...(await insertMessages(tx, target, chunk, plan.threadOf)));
    const newIds = new Map(inserted.map((r) => [r.providerMessageId, r.id]));
    const fresh = candidates.filter((m) => newIds.has(m.providerMessageId));
    if (fresh.length < candidates.length && plan.created.length > 0) {
      // Another writer stored some of these meanwhile: drop threads made only for them.
      await tx.execute(sql`
        delete from public.threads t
        where t.id = any(${uuidArray(plan.created.map((c) => c.id))})
          and not exists (select 1 from public.messages m where m.thread_id = t.id)`);
    }

    await addToThreads(tx, fresh, plan.threadOf);
    await recordContacts(tx, target.workspaceId, fresh);

    return { inserted: fresh.map((m) => newIds.get(m.providerMessageId)!), duplicates: batch.length - fresh.length };
  });
}

/** The messages in order, in INSERT-sized groups (at least one message each). */
function* insertChunks(batch: NormalizedMessage[]): Generator<NormalizedMessage[]> {
  let chunk: NormalizedMessage[] = [];
  let chars = 0;
  for (const m of batch) {
    const size = (m.bodyText?.length ?? 0) + (m.fullText?.length ?? 0) + (m.bodyHtml?.length ?? 0) + (m.rawSource?.length ?? 0) + 1000;
    if (chunk.length > 0 && (chunk.length >= INSERT_CHUNK || chars + size > INSERT_CHUNK_CHARS)) {
      yield chunk;
      chunk = [];
      chars = 0;
    }
    chunk.push(m);
    chars += size;
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * Inserts messages as one JSON parameter each, expanded by jsonb_to_record: one parameter
 * instead of ~30 per row, so the statement is cheap to build and to send.
 */
async function insertMessages(
  tx: Tx,
  target: IngestTarget,
  batch: NormalizedMessage[],
  threadOf: Map<string, string>,
): Promise<{ id: string; providerMessageId: string }[]> {
  const rows = batch.map((m) => {
    const r = toRow(target, m);
    return {
      thread_id: threadOf.get(m.providerMessageId)!,
      provider_message_id: r.providerMessageId,
      provider_thread_id: r.providerThreadId,
      internet_message_id: r.internetMessageId,
      in_reply_to: r.inReplyTo,
      references: r.references,
      direction: r.direction,
      subject: r.subject,
      snippet: r.snippet,
      body_text: r.bodyText,
      full_text: r.fullText,
      body_html: r.bodyHtml,
      sender_name: r.senderName,
      sender_email: r.senderEmail,
      recipients: r.recipients,
      sent_at: r.sentAt,
      is_read: r.isRead,
      is_starred: r.isStarred,
      is_archived: r.isArchived,
      labels: r.labels,
      attachments: r.attachments,
      calendar_parts: r.calendarParts,
      headers: r.headers,
      provider_meta: r.providerMeta,
      parse_error: r.parseError,
      raw_source: r.rawSource,
    };
  });
  // One JSON parameter per message, not one for the chunk: a string over ~128 KB goes to
  // V8's large-object space, which only a full collection frees; ~10 KB ones die young.
  const values = sql.join(
    rows.map((row) => sql`(${storableJson(row)}::jsonb)`),
    sql`, `,
  );
  const result = await tx.execute(sql`
    insert into public.messages (
      workspace_id, connection_id, thread_id, provider_message_id, provider_thread_id, internet_message_id,
      in_reply_to, "references", direction, subject, snippet, body_text, full_text, body_html, sender_name,
      sender_email, recipients, sent_at, is_read, is_starred, is_archived, labels, attachments, calendar_parts,
      headers, provider_meta, parse_error, raw_source)
    select ${target.workspaceId}::uuid, ${target.connectionId}::uuid, x.thread_id, x.provider_message_id, x.provider_thread_id,
      x.internet_message_id, x.in_reply_to, x."references", x.direction, x.subject, x.snippet, x.body_text, x.full_text,
      x.body_html, x.sender_name, x.sender_email, x.recipients, x.sent_at, x.is_read, x.is_starred, x.is_archived,
      coalesce(x.labels, '{}'), coalesce(x.attachments, '[]'), coalesce(x.calendar_parts, '[]'), coalesce(x.headers, '{}'),
      coalesce(x.provider_meta, '{}'), x.parse_error, x.raw_source
    from (values ${values}) as v(row), jsonb_to_record(v.row) as x(
      thread_id uuid, provider_message_id text, provider_thread_id text, internet_message_id text, in_reply_to text,
      "references" text[], direction public.message_direction, subject text, snippet text, body_text text, full_text text,
      body_html text, sender_name text, sender_email text, recipients jsonb, sent_at timestamptz, is_read boolean,
      is_starred boolean, is_archived boolean, labels text[], attachments jsonb, calendar_parts jsonb, headers jsonb,
      provider_meta jsonb, parse_error text, raw_source text)
    on conflict (connection_id, provider_message_id) do nothing
    returning id::text as id, provider_message_id`);
  return resultRows<{ id: string; provider_message_id: string }>(result).map((r) => ({ id: r.id, providerMessageId: r.provider_message_id }));
}

/** NUL, and UTF-16 surrogates without their pair. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Rows (or one row) as a JSON parameter. jsonb refuses \u0000 and unpaired surrogates (text columns
 * refuse NUL too): they are replaced rather than lose the row. Rare, so only checked for on
 * the encoded batch.
 */
function storableJson(rows: unknown): string {
  const json = JSON.stringify(rows);
  if (!/\\u0000|\\ud[89a-f]/i.test(json)) return json;
  return JSON.stringify(rows, (_key, value: unknown) => (typeof value === "string" ? value.replace(UNSTORABLE, "\uFFFD") : value));
}

/** A text[] from one parameter, whatever its length (Postgres allows 65,535 parameters per statement). */
const textArray = (values: string[]) => sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
const uuidArray = (values: string[]) => sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb)::uuid)`;

type ThreadPlan = {
  /** provider message id → thread id, for every candidate. */
  threadOf: Map<string, string>;
  /** Threads to create (ids chosen here), in the order they were needed. */
  created: { id: string; key: string; subject: string | null }[];
};

/**
 * Assigns each new message its thread, in sent order, exactly as if they were stored one
 * by one: each message sees the stored ones and the earlier ones of this batch.
 *   1. The provider says which conversation it belongs to.
 *   2. A message it answers (In-Reply-To, then References, nearest first).
 *   3. A reply to it (the reply arrived first).
 *   4. A reply without threading headers: a recent thread with the same subject.
 *   Otherwise a new thread, keyed by the provider thread id, Message-ID or provider id.
 * The database is asked three set-based questions up front instead of several per message.
 */
async function planThreads(tx: Tx, target: IngestTarget, batch: NormalizedMessage[]): Promise<ThreadPlan> {
  const threadKey = (m: NormalizedMessage) =>
    m.providerThreadId ?? (m.internetMessageId ? `mid:${m.internetMessageId}` : `pm:${m.providerMessageId}`);
  const byHeaders = batch.filter((m) => !m.providerThreadId);
  const parentsOf = (m: NormalizedMessage) => [m.inReplyTo, ...[...m.references].reverse()].filter((id): id is string => Boolean(id));
  const subjectOf = (m: NormalizedMessage) => {
    const normalized = normalizeSubject(m.subject);
    return normalized && (looksLikeReply(m.subject) || m.inReplyTo) ? normalized : null;
  };

  // Threads stored under the keys this batch may use (rule 1 and new-thread keys).
  const keys = [...new Set(batch.flatMap((m) => (m.providerThreadId ? [m.providerThreadId] : [threadKey(m)])))];
  const threadByKey = new Map<string, string>();
  const keyRows = await tx
    .select({ id: threads.id, key: threads.providerThreadId })
    .from(threads)
    .where(and(eq(threads.connectionId, target.connectionId), sql`${threads.providerThreadId} = any(${textArray(keys)})`));
  for (const row of keyRows) threadByKey.set(row.key, row.id);

  // Stored messages this batch answers (rule 2) or that answer it (rule 3).
  const parentIndex = new Map<string, string>(); // internet message id → thread
  const childIndex = new Map<string, string>(); // id a stored message answers → its thread
  const parentIds = [...new Set(byHeaders.flatMap(parentsOf))];
  const ownIds = [...new Set(byHeaders.map((m) => m.internetMessageId).filter((id): id is string => Boolean(id)))];
  if (parentIds.length || ownIds.length) {
    // Three lookups, one per index: as one OR the planner scanned every message of the
    // connection (a whole mailbox during an import).
    const selectRelated = sql`select m.thread_id, m.internet_message_id, m.in_reply_to, m.references from public.messages m
      where m.connection_id = ${target.connectionId} and m.thread_id is not null`;
    const related = resultRows<{ thread_id: string; internet_message_id: string | null; in_reply_to: string | null; references: string[] | null }>(
      await tx.execute(sql`
        ${selectRelated} and m.internet_message_id = any(${textArray(parentIds)})
        union all
        ${selectRelated} and m.in_reply_to = any(${textArray(ownIds)})
        union all
        ${selectRelated} and m.references && ${textArray(ownIds)}`),
    );
    const wanted = new Set(ownIds);
    for (const row of related) {
      if (row.internet_message_id && !parentIndex.has(row.internet_message_id)) parentIndex.set(row.internet_message_id, row.thread_id);
      for (const id of [row.in_reply_to, ...(row.references ?? [])]) {
        if (id && wanted.has(id) && !childIndex.has(id)) childIndex.set(id, row.thread_id);
      }
    }
  }

  // Recent threads by normalized subject (rule 4). Threads are compared as stored before
  // this batch: their last_message_at is refreshed only once the batch is written.
  const subjects = [...new Set(byHeaders.map(subjectOf).filter((s): s is string => Boolean(s)))];
  const bySubject = new Map<string, { id: string; lastAt: number }[]>();
  if (subjects.length) {
    const rows = resultRows<{ id: string; normalized: string; last_message_at: string | Date }>(
      await tx.execute(sql`
        select t.id, lower(regexp_replace(coalesce(t.subject, ''), ${SUBJECT_PREFIX_SQL}, '', 'i')) as normalized, t.last_message_at
        from public.threads t
        where t.connection_id = ${target.connectionId}
          and t.last_message_at is not null
          and lower(regexp_replace(coalesce(t.subject, ''), ${SUBJECT_PREFIX_SQL}, '', 'i')) = any(${textArray(subjects)})`),
    );
    for (const row of rows) {
      const list = bySubject.get(row.normalized) ?? [];
      list.push({ id: row.id, lastAt: new Date(row.last_message_at).getTime() });
      bySubject.set(row.normalized, list);
    }
  }

  const plan: ThreadPlan = { threadOf: new Map(), created: [] };
  const now = Date.now();
  for (const m of batch) {
    let threadId: string | null = null;
    if (m.providerThreadId) {
      threadId = threadByKey.get(m.providerThreadId) ?? null;
    } else {
      for (const parent of parentsOf(m)) {
        threadId = parentIndex.get(parent) ?? null;
        if (threadId) break;
      }
      if (!threadId && m.internetMessageId) threadId = childIndex.get(m.internetMessageId) ?? null;
      const subject = threadId ? null : subjectOf(m);
      if (subject) {
        const since = (m.sentAt?.getTime() ?? now) - SUBJECT_FALLBACK_DAYS * 24 * 60 * 60 * 1000;
        let best: { id: string; lastAt: number } | null = null;
        for (const t of bySubject.get(subject) ?? []) if (t.lastAt > since && (!best || t.lastAt > best.lastAt)) best = t;
        threadId = best?.id ?? null;
      }
    }
    if (!threadId) {
      const key = threadKey(m);
      threadId = threadByKey.get(key) ?? null;
      if (!threadId) {
        threadId = crypto.randomUUID();
        threadByKey.set(key, threadId);
        plan.created.push({ id: threadId, key, subject: m.subject });
      }
    }
    plan.threadOf.set(m.providerMessageId, threadId);
    // Later messages of the batch see this one as stored.
    if (m.internetMessageId && !parentIndex.has(m.internetMessageId)) parentIndex.set(m.internetMessageId, threadId);
    for (const id of [m.inReplyTo, ...m.references.slice(-50)]) if (id && !childIndex.has(id)) childIndex.set(id, threadId);
  }
  return plan;
}

/** Creates the planned threads; one created meanwhile by another writer is used instead. */
async function createThreads(tx: Tx, target: IngestTarget, plan: ThreadPlan): Promise<void> {
  if (plan.created.length === 0) return;
  const made = new Set<string>();
  for (let i = 0; i < plan.created.length; i += THREAD_CHUNK) {
    const rows = plan.created.slice(i, i + THREAD_CHUNK).map((t) => ({ id: t.id, key: t.key, subject: t.subject }));
    const result = await tx.execute(sql`
      insert into public.threads (id, workspace_id, connection_id, provider_thread_id, subject)
      select x.id, ${target.workspaceId}::uuid, ${target.connectionId}::uuid, x.key, x.subject
      from jsonb_to_recordset(${storableJson(rows)}::jsonb) as x(id uuid, key text, subject text)
      on conflict (connection_id, provider_thread_id) do nothing
      returning id::text as id`);
    for (const row of resultRows<{ id: string }>(result)) made.add(row.id);
  }
  const lost = plan.created.filter((t) => !made.has(t.id));
  if (lost.length === 0) return;
  const existing = await tx
    .select({ id: threads.id, key: threads.providerThreadId })
    .from(threads)
    .where(and(eq(threads.connectionId, target.connectionId), inArray(threads.providerThreadId, lost.map((t) => t.key))));
  const idByKey = new Map(existing.map((r) => [r.key, r.id]));
  const remap = new Map(lost.map((t) => [t.id, idByKey.get(t.key)!]));
  for (const [messageId, threadId] of plan.threadOf) {
    const replacement = remap.get(threadId);
    if (replacement) plan.threadOf.set(messageId, replacement);
  }
  plan.created = plan.created.filter((t) => made.has(t.id));
}

// The SQL twin of normalizeSubject's prefix rule, for comparing stored thread subjects.
const SUBJECT_PREFIX_SQL = String.raw`^((re|fw|fwd|aw|wg|sv|vs|rv|tr|antw|odp|r|ynt|enc|res)(\[\d+\]|\(\d+\))?\s*[:：]\s*)+`;

/** Participants a thread lists (the first this many by address). */
const MAX_PARTICIPANTS = 20;

/**
 * Adds the batch's new messages to their threads' count, last message time and
 * participants. Incremental: a long thread that keeps receiving mail is not re-read each
 * batch. Participants are the first MAX_PARTICIPANTS distinct addresses (lower-cased, in
 * order) of the senders and To recipients, the names already listed kept.
 */
async function addToThreads(tx: Tx, fresh: NormalizedMessage[], threadOf: Map<string, string>): Promise<void> {
  type Aggregate = { thread_id: string; n: number; last_at: Date | null; first_subject: string | null; first_at: number; people: Address[] };
  const byThread = new Map<string, Aggregate>();
  for (const m of fresh) {
    const threadId = threadOf.get(m.providerMessageId)!;
    let agg = byThread.get(threadId);
    if (!agg) {
      agg = { thread_id: threadId, n: 0, last_at: null, first_subject: null, first_at: Number.POSITIVE_INFINITY, people: [] };
      byThread.set(threadId, agg);
    }
    agg.n++;
    if (m.sentAt && (!agg.last_at || m.sentAt > agg.last_at)) agg.last_at = m.sentAt;
    const subject = clip(m.subject, 1000);
    // The earliest subject (undated last), as the thread's title when it has none.
    const at = m.sentAt?.getTime() ?? Number.MAX_SAFE_INTEGER;
    if (subject !== null && at < agg.first_at) {
      agg.first_subject = subject;
      agg.first_at = at;
    }
    if (m.from?.email) agg.people.push({ name: clip(m.from.name, 300), email: m.from.email });
    for (const r of m.to) if (r.email) agg.people.push({ name: r.name, email: r.email });
  }
  if (byThread.size === 0) return;
  const rows = [...byThread.values()].map(({ first_at: _, ...agg }) => agg);
  await tx.execute(sql`
    update public.threads t set
      message_count = t.message_count + x.n,
      last_message_at = greatest(t.last_message_at, x.last_at),
      subject = coalesce(t.subject, x.first_subject),
      participants = (
        select coalesce(jsonb_agg(p.person order by p.email), '[]'::jsonb) from (
          select distinct on (lower(q.email)) lower(q.email) as email, jsonb_build_object('name', q.name, 'email', lower(q.email)) as person
          from (
            select e ->> 'name' as name, e ->> 'email' as email, 0 as source from jsonb_array_elements(t.participants) e
            union all
            select e ->> 'name', e ->> 'email', 1 from jsonb_array_elements(x.people) e
          ) q
          where q.email is not null and q.email <> ''
          order by lower(q.email), q.name is null, q.source
          limit ${MAX_PARTICIPANTS}
        ) p)
    from jsonb_to_recordset(${storableJson(rows)}::jsonb)
      as x(thread_id uuid, n integer, last_at timestamptz, first_subject text, people jsonb)
    where t.id = x.thread_id`);
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
  const rows = [...tally.values()].map((c) => ({
    email: c.email,
    name: c.name,
    received: c.received,
    sent: c.sent,
    first: c.first,
    last: c.last,
  }));
  for (let i = 0; i < rows.length; i += CONTACT_CHUNK) {
    await tx.execute(sql`
      insert into public.contacts as c (workspace_id, email, name, messages_received, messages_sent, first_seen_at, last_message_at)
      select ${workspaceId}::uuid, x.email, x.name, x.received, x.sent, x.first, x.last
      from jsonb_to_recordset(${storableJson(rows.slice(i, i + CONTACT_CHUNK))}::jsonb)
        as x(email text, name text, received integer, sent integer, first timestamptz, last timestamptz)
      on conflict (workspace_id, email) do update set
        name = coalesce(c.name, excluded.name),
        messages_received = c.messages_received + excluded.messages_received,
        messages_sent = c.messages_sent + excluded.messages_sent,
        first_seen_at = least(c.first_seen_at, excluded.first_seen_at),
        last_message_at = greatest(c.last_message_at, excluded.last_message_at)`);
  }
}
