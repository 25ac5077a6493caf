import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Priority } from "@/lib/inbox-types";
import { INBOX_VIEWS, type InboxView } from "@/lib/inbox-views";
import { messages } from "@/server/db/schema";
import { withUser } from "@/server/db/with-rls";
import { type ParsedInboxFilters, listMessages } from "@/server/inbox/list-messages";
import { PRIORITY_SEGMENTS, VIEW_PREDICATES, byTime, prioritySegment } from "@/server/inbox/listing-order";
import { createTestDatabase, createUser, rowsOf, type TestUser } from "../helpers/test-database";

// Keyset paging through every inbox view returns each message exactly once, in the view's
// order, whatever the page size: with many messages at the very same microsecond (ties
// broken by id), undated messages, every priority and unclassified ones, and another
// workspace's messages at the same moments. And each view reads its own partial index in
// order, with the cursor as an index condition (no sort, no scan from the top).

let test: Awaited<ReturnType<typeof createTestDatabase>>;
let ada: TestUser;
let bob: TestUser;
let connectionId: string;

const q = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) => test.database.raw.query<T>(text, params);

/** What each view shows, as plain SQL over the superuser connection (the test's own oracle). */
const ORACLE: Record<InboxView, string> = {
  priority: "not is_archived and direction = 'inbound'",
  newest: "not is_archived and direction = 'inbound'",
  needs_reply: "not is_archived and direction = 'inbound' and actionability = 'reply_needed'",
  unread: "not is_archived and direction = 'inbound' and not is_read",
  starred: "is_starred",
  sent: "direction = 'outbound'",
  archived: "is_archived and direction = 'inbound'",
};
const PRIORITY_RANK = "coalesce(array_position(array['urgent','high','medium','low','noise'], priority::text), 6)";

beforeAll(async () => {
  test = await createTestDatabase();
  ada = await createUser(test.database, "ada@example.com");
  bob = await createUser(test.database, "bob@example.com");
  connectionId = crypto.randomUUID();
  await q(
    `insert into public.channel_connections (id, workspace_id, user_id, provider, provider_account_id) values ($1, $2, $3, 'imap', 'ada@mail.test')`,
    [connectionId, ada.personalWorkspaceId, ada.id],
  );
  const bobConnection = crypto.randomUUID();
  await q(
    `insert into public.channel_connections (id, workspace_id, user_id, provider, provider_account_id) values ($1, $2, $3, 'imap', 'bob@mail.test')`,
    [bobConnection, bob.personalWorkspaceId, bob.id],
  );
  // 400 messages: one in three at the very same microsecond, one in 23 undated, the rest a
  // minute apart in bursts of equal minutes; priorities cycle through all five and
  // unclassified; flags in patterns that overlap, so every view has ties and undated rows.
  await q(
    `insert into public.messages (workspace_id, connection_id, provider_message_id, subject, sent_at, priority, category,
                                  actionability, is_read, is_starred, is_archived, direction)
     select $1, $2, 'm' || g, 'Message ' || g,
            case when g % 23 = 0 then null
                 when g % 3 = 0 then '2026-03-01 09:00:00.123456+00'::timestamptz
                 else '2026-03-01 09:00:00+00'::timestamptz - ((g / 4) || ' minutes')::interval end,
            (array['urgent','high','medium','low','noise',null])[1 + g % 6]::public.message_priority,
            (array['work','newsletter','customer'])[1 + g % 3]::public.message_category,
            case when g % 4 = 0 then 'reply_needed'::public.message_actionability else 'fyi' end,
            g % 5 <> 0, g % 9 = 0, g % 7 = 0,
            case when g % 11 = 0 then 'outbound'::public.message_direction else 'inbound' end
     from generate_series(1, 400) g`,
    [ada.personalWorkspaceId, connectionId],
  );
  // Bob's messages at the same moments must never show up in Ada's pages.
  await q(
    `insert into public.messages (workspace_id, connection_id, provider_message_id, subject, sent_at, priority)
     select $1, $2, 'b' || g, 'Bob ' || g, case when g % 2 = 0 then '2026-03-01 09:00:00.123456+00'::timestamptz end, 'urgent'
     from generate_series(1, 40) g`,
    [bob.personalWorkspaceId, bobConnection],
  );
  await test.database.raw.exec("analyze public.messages");
});
afterAll(() => test.cleanup());

async function expected(view: InboxView, extra = "true"): Promise<string[]> {
  const order = view === "priority" ? `${PRIORITY_RANK}, sent_at desc nulls last, id desc` : "sent_at desc nulls last, id desc";
  const rows = await q<{ id: string }>(
    `select id::text as id from public.messages where workspace_id = $1 and ${ORACLE[view]} and ${extra} order by ${order}`,
    [ada.personalWorkspaceId],
  );
  return rows.map((r) => r.id);
}

async function walk(view: InboxView, limit: number, filters: ParsedInboxFilters = {}): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await listMessages(ada.id, ada.personalWorkspaceId, { view, limit, cursor, filters });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    if (page.nextCursor) expect(page.items).toHaveLength(limit);
    ids.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
    expect(++pages).toBeLessThan(500);
  } while (cursor);
  return ids;
}

describe("keyset paging", () => {
  it.each(INBOX_VIEWS)("%s: every message exactly once, in order, at any page size", async (view) => {
    const want = await expected(view);
    expect(want.length).toBeGreaterThan(10);
    for (const limit of [50, 13, 1]) {
      const got = await walk(view, limit);
      expect(new Set(got).size).toBe(got.length);
      expect(got).toEqual(want);
    }
  });

  it("the ties and undated messages are really there", async () => {
    const [row] = await q<{ tied: number; undated: number; unclassified: number }>(
      `select count(*) filter (where sent_at = '2026-03-01 09:00:00.123456+00')::int as tied,
              count(*) filter (where sent_at is null)::int as undated,
              count(*) filter (where priority is null)::int as unclassified
       from public.messages where workspace_id = $1 and not is_archived and direction = 'inbound'`,
      [ada.personalWorkspaceId],
    );
    expect(row!.tied).toBeGreaterThan(50);
    expect(row!.undated).toBeGreaterThan(5);
    expect(row!.unclassified).toBeGreaterThan(20);
  });

  it("filters narrow a view and page the same way", async () => {
    expect(await walk("priority", 7, { priority: "medium" })).toEqual(await expected("priority", "priority = 'medium'"));
    expect(await walk("newest", 7, { priority: "high" })).toEqual(await expected("newest", "priority = 'high'"));
    expect(await walk("unread", 7, { priority: "urgent" })).toEqual(await expected("unread", "priority = 'urgent'"));
    expect(await walk("priority", 9, { category: "customer" })).toEqual(await expected("priority", "category = 'customer'"));
    expect(await walk("needs_reply", 5, { account: connectionId, category: "work" })).toEqual(
      await expected("needs_reply", "category = 'work'"),
    );
  });

  it("another workspace's member pages through nothing", async () => {
    const page = await listMessages(bob.id, ada.personalWorkspaceId, { view: "newest" });
    expect(page).toEqual({ items: [], nextCursor: null });
  });
});

/** The plan of one segment read as Ada, with the cursor of the 30th row. */
async function planOf(where: ReturnType<typeof sql>, cursorRow: { s: string; i: string } | null) {
  return withUser(ada.id, async (tx) => {
    const query = tx
      .select({ id: messages.id })
      .from(messages)
      .where(
        and(
          eq(messages.workspaceId, ada.personalWorkspaceId),
          where,
          cursorRow ? sql`(${messages.sentAt}, ${messages.id}) < (${cursorRow.s}::timestamptz, ${cursorRow.i}::uuid)` : undefined,
        ),
      )
      .orderBy(...byTime)
      .limit(51);
    const { sql: text, params } = query.toSQL();
    // Parameters inlined for EXPLAIN only: our own uuids and timestamps.
    const inlined = params.reduce<string>((s, p, i) => s.replace(new RegExp(`\\$${i + 1}\\b`), `'${String(p)}'`), text);
    // The table is small: make sure the planner shows what it does at scale.
    await tx.execute(sql`set local enable_seqscan = off`);
    await tx.execute(sql`set local enable_bitmapscan = off`);
    const rows = rowsOf<Record<string, string>>(await tx.execute(sql.raw(`explain ${inlined}`)));
    return rows.map((r) => Object.values(r)[0]).join("\n");
  });
}

describe("each view reads its own index in order", () => {
  const cases: [string, ReturnType<typeof sql>, string][] = [
    ...Object.entries(VIEW_PREDICATES).map(([view, where]): [string, ReturnType<typeof sql>, string] => [
      view,
      where,
      { newest: "messages_inbox_idx", unread: "messages_unread_idx", needs_reply: "messages_needs_reply_idx", starred: "messages_starred_idx", sent: "messages_sent_idx", archived: "messages_archived_idx" }[view]!,
    ]),
    ...PRIORITY_SEGMENTS.map((p: Priority | null): [string, ReturnType<typeof sql>, string] => [
      `priority segment ${p ?? "unclassified"}`,
      prioritySegment(p),
      `messages_inbox_${p ?? "unclassified"}_idx`,
    ]),
  ];

  it.each(cases)("%s", async (_name, where, index) => {
    const first = await planOf(where, null);
    expect(first).toContain(index);
    expect(first).not.toMatch(/\bSort\b/);
    const deep = await planOf(where, { s: "2026-03-01 08:30:00+00", i: "00000000-0000-4000-8000-000000000000" });
    expect(deep).toContain(index);
    expect(deep).not.toMatch(/\bSort\b/);
    // The cursor narrows the index scan itself, not a filter over rows read from the top.
    expect(deep).toMatch(/Index Cond: .*ROW\(sent_at, id\) < ROW\(/);
  });
});
