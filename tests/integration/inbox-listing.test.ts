import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SafeError } from "@/lib/errors";
import { getThread } from "@/server/inbox/get-thread";
import { listMessages } from "@/server/inbox/list-messages";
import { markThreadRead, setMessageFlags } from "@/server/inbox/message-flags";
import { createTestDatabase, createUser, type TestUser } from "../helpers/test-database";

// The inbox list and reader as a member, another workspace's member and an outsider see
// them: keyset pages that neither skip nor repeat (ties, microseconds and undated messages
// included), and flag changes that row-level security limits to the caller's workspaces.

let test: Awaited<ReturnType<typeof createTestDatabase>>;
let ada: TestUser;
let bob: TestUser;
let carol: TestUser;
let adaConnection: string;
let bobConnection: string;
let adaThread: string;
let bobThread: string;

const q = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) => test.database.raw.query<T>(text, params);

async function connectionFor(user: TestUser): Promise<string> {
  const id = crypto.randomUUID();
  await q(
    `insert into public.channel_connections (id, workspace_id, user_id, provider, provider_account_id)
     values ($1, $2, $3, 'import', 'files')`,
    [id, user.personalWorkspaceId, user.id],
  );
  return id;
}

beforeAll(async () => {
  test = await createTestDatabase();
  ada = await createUser(test.database, "ada@example.com");
  bob = await createUser(test.database, "bob@example.com");
  carol = await createUser(test.database, "carol@example.com");
  adaConnection = await connectionFor(ada);
  bobConnection = await connectionFor(bob);

  // Ada: 140 messages. 25 share one timestamp with microseconds (ties broken by id), 20
  // have no date at all, the rest are a minute apart; every 10th is archived.
  await q(
    `insert into public.messages (workspace_id, connection_id, provider_message_id, subject, sender_email, sent_at, is_archived)
     select $1, $2, 'a' || g, 'Ada message ' || g, 'sender' || g || '@mail.test',
            case
              when g <= 25 then '2026-03-01 09:00:00.123456+00'::timestamptz
              when g <= 45 then null
              else '2026-03-01 09:00:00+00'::timestamptz - (g || ' minutes')::interval
                   + (g || ' microseconds')::interval
            end,
            g % 10 = 0
     from generate_series(1, 140) g`,
    [ada.personalWorkspaceId, adaConnection],
  );
  // Bob: 30 messages of his own, some at the very same moments as Ada's.
  await q(
    `insert into public.messages (workspace_id, connection_id, provider_message_id, subject, sent_at)
     select $1, $2, 'b' || g, 'Bob message ' || g,
            case when g % 3 = 0 then null else '2026-03-01 09:00:00.123456+00'::timestamptz end
     from generate_series(1, 30) g`,
    [bob.personalWorkspaceId, bobConnection],
  );

  // One conversation in each workspace.
  const [a] = await q<{ id: string }>(
    `insert into public.threads (workspace_id, connection_id, provider_thread_id, subject, message_count)
     values ($1, $2, 't-ada', 'Budget', 3) returning id::text as id`,
    [ada.personalWorkspaceId, adaConnection],
  );
  adaThread = a!.id;
  await q(
    `insert into public.messages (workspace_id, connection_id, provider_message_id, thread_id, subject, sender_name, sender_email,
                                  recipients, sent_at, body_html, full_text, attachments, parse_error, raw_source, is_read)
     values
       ($1, $2, 'budget-2', $3, 'Re: Budget', 'Bob', 'bob@client.test', '{"to":[{"name":"Ada","email":"ada@example.com"}],"cc":[],"bcc":[]}',
        '2027-01-02 10:00+00', null, 'Sounds good.', '[{"filename":"logo.png","mimeType":"image/png","size":10,"contentId":"logo","disposition":"inline"}]', null, null, false),
       ($1, $2, 'budget-1', $3, 'Budget', 'Ada', 'ada@example.com', '{"to":[{"name":"Bob","email":"bob@client.test"}],"cc":[],"bcc":[]}',
        '2027-01-01 10:00+00', '<p>Here is the <b>budget</b>.</p>', 'Here is the budget.', '[{"filename":"budget.xlsx","mimeType":"application/vnd.ms-excel","size":2048,"contentId":null,"disposition":"attachment"}]', null, null, true),
       ($1, $2, 'budget-3', $3, 'Re: Budget', 'Dana', 'dana@client.test', '{"to":[],"cc":[],"bcc":[]}',
        '2027-01-03 10:00+00', null, null, '[]', 'Unexpected end of multipart body', 'From: dana@client.test\nSubject: Re: Budget\n\n--broken', false)`,
    [ada.personalWorkspaceId, adaConnection, adaThread],
  );
  const [b] = await q<{ id: string }>(
    `insert into public.threads (workspace_id, connection_id, provider_thread_id, subject, message_count)
     values ($1, $2, 't-bob', 'Bob only', 1) returning id::text as id`,
    [bob.personalWorkspaceId, bobConnection],
  );
  bobThread = b!.id;
  await q(
    `insert into public.messages (workspace_id, connection_id, provider_message_id, thread_id, subject, sent_at)
     values ($1, $2, 'bob-thread-1', $3, 'Bob only', '2027-01-01 10:00+00')`,
    [bob.personalWorkspaceId, bobConnection, bobThread],
  );
});
afterAll(() => test.cleanup());

/** Every page, following nextCursor, as `userId` sees the workspace. */
async function allPages(userId: string, workspaceId: string, limit?: number) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await listMessages(userId, workspaceId, { cursor, limit });
    ids.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
    pages++;
    expect(pages).toBeLessThan(200);
  } while (cursor);
  return { ids, pages };
}

async function expectedOrder(workspaceId: string): Promise<string[]> {
  const rows = await q<{ id: string }>(
    `select id::text as id from public.messages
     where workspace_id = $1 and not is_archived
     order by sent_at desc nulls last, id desc`,
    [workspaceId],
  );
  return rows.map((r) => r.id);
}

describe("inbox listing", () => {
  it("pages through every unarchived message once, in order, across ties and undated messages", async () => {
    const expected = await expectedOrder(ada.personalWorkspaceId);
    expect(expected).toHaveLength(140 - 14 + 3);

    const full = await allPages(ada.id, ada.personalWorkspaceId);
    expect(full.pages).toBe(Math.ceil(expected.length / 50));
    expect(full.ids).toEqual(expected);

    // Small pages cross the tie group and the dated/undated boundary many times.
    for (const limit of [1, 7, 24, 25, 26]) {
      const small = await allPages(ada.id, ada.personalWorkspaceId, limit);
      expect(new Set(small.ids).size, `limit ${limit}`).toBe(small.ids.length);
      expect(small.ids, `limit ${limit}`).toEqual(expected);
    }
  });

  it("a page is stable while earlier rows are archived", async () => {
    const first = await listMessages(ada.id, ada.personalWorkspaceId, { limit: 10 });
    // Archive a row on the first page: the next page still starts right after the cursor.
    const [gone] = first.items;
    await setMessageFlags(ada.id, ada.personalWorkspaceId, [gone!.id], { isArchived: true });
    try {
      const second = await listMessages(ada.id, ada.personalWorkspaceId, { limit: 10, cursor: first.nextCursor });
      const expected = await expectedOrder(ada.personalWorkspaceId);
      const lastOfFirst = expected.indexOf(first.items.at(-1)!.id);
      expect(second.items.map((i) => i.id)).toEqual(expected.slice(lastOfFirst + 1, lastOfFirst + 11));
    } finally {
      await setMessageFlags(ada.id, ada.personalWorkspaceId, [gone!.id], { isArchived: false });
    }
  });

  it("lists only the workspace's messages, with what a row shows", async () => {
    const { ids } = await allPages(ada.id, ada.personalWorkspaceId);
    const [bobs] = await q<{ n: number }>(
      `select count(*)::int as n from public.messages where workspace_id = $1 and id = any($2::uuid[])`,
      [bob.personalWorkspaceId, ids],
    );
    expect(bobs?.n).toBe(0);

    const top = await listMessages(ada.id, ada.personalWorkspaceId, { limit: 3 });
    expect(top.items.map((i) => i.subject)).toEqual(["Re: Budget", "Re: Budget", "Budget"]);
    const [dana, bobReply, adaFirst] = top.items;
    expect(dana).toMatchObject({ threadId: adaThread, messageCount: 3, hasParseError: true, hasAttachments: false, isRead: false });
    expect(dana?.sender).toEqual({ name: "Dana", email: "dana@client.test" });
    // An inline image is not an attachment; a spreadsheet is.
    expect(bobReply).toMatchObject({ hasAttachments: false, hasParseError: false });
    expect(adaFirst).toMatchObject({ hasAttachments: true, isRead: true, sentAt: "2027-01-01T10:00:00.000Z" });

    // Undated messages come last: 20 made, two of them (30 and 40) archived.
    const { ids: all } = await allPages(ada.id, ada.personalWorkspaceId);
    const rows = await q<{ id: string; sent_at: Date | null }>(`select id::text as id, sent_at from public.messages where id = any($1::uuid[])`, [all]);
    const undated = new Set(rows.filter((r) => r.sent_at === null).map((r) => r.id));
    expect(undated.size).toBe(18);
    expect(new Set(all.slice(-18))).toEqual(undated);
  });

  it("gives a non-member nothing, whichever workspace id they name", async () => {
    expect(await listMessages(carol.id, ada.personalWorkspaceId)).toEqual({ items: [], nextCursor: null });
    expect(await listMessages(bob.id, ada.personalWorkspaceId)).toEqual({ items: [], nextCursor: null });
    // A cursor taken from Ada's listing does not open Ada's rows to Bob either.
    const adaPage = await listMessages(ada.id, ada.personalWorkspaceId, { limit: 5 });
    expect(await listMessages(bob.id, ada.personalWorkspaceId, { cursor: adaPage.nextCursor })).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  it("refuses a cursor it did not make", async () => {
    await expect(listMessages(ada.id, ada.personalWorkspaceId, { cursor: "not-a-cursor" })).rejects.toBeInstanceOf(SafeError);
    const forged = Buffer.from(JSON.stringify({ s: "x", i: "not-a-uuid" })).toString("base64url");
    await expect(listMessages(ada.id, ada.personalWorkspaceId, { cursor: forged })).rejects.toBeInstanceOf(SafeError);
  });
});

describe("thread reader", () => {
  it("returns the conversation oldest first, with bodies, recipients and attachments", async () => {
    const thread = await getThread(ada.id, ada.personalWorkspaceId, adaThread);
    expect(thread?.subject).toBe("Budget");
    expect(thread?.messages.map((m) => m.subject)).toEqual(["Budget", "Re: Budget", "Re: Budget"]);
    const [first, second, third] = thread!.messages;
    expect(first).toMatchObject({
      bodyHtml: "<p>Here is the <b>budget</b>.</p>",
      bodyText: "Here is the budget.",
      to: [{ name: "Bob", email: "bob@client.test" }],
      attachments: [{ filename: "budget.xlsx", mimeType: "application/vnd.ms-excel", size: 2048 }],
      rawSource: null,
    });
    expect(second?.attachments).toEqual([]);
    expect(third).toMatchObject({ parseError: "Unexpected end of multipart body", rawSource: expect.stringContaining("--broken") });
  });

  it("is null for another workspace's thread, an outsider, or a workspace id that does not match", async () => {
    expect(await getThread(carol.id, ada.personalWorkspaceId, adaThread)).toBeNull();
    expect(await getThread(bob.id, ada.personalWorkspaceId, adaThread)).toBeNull();
    expect(await getThread(bob.id, bob.personalWorkspaceId, adaThread)).toBeNull();
    expect(await getThread(ada.id, ada.personalWorkspaceId, bobThread)).toBeNull();
    expect(await getThread(ada.id, bob.personalWorkspaceId, bobThread)).toBeNull();
    expect(await getThread(bob.id, bob.personalWorkspaceId, bobThread)).not.toBeNull();
  });
});

describe("triage flags", () => {
  const flagsOf = async (ids: string[]) =>
    q<{ id: string; is_read: boolean; is_starred: boolean; is_archived: boolean }>(
      `select id::text as id, is_read, is_starred, is_archived from public.messages where id = any($1::uuid[]) order by id`,
      [ids],
    );

  it("changes a member's messages", async () => {
    const [item] = (await listMessages(ada.id, ada.personalWorkspaceId, { limit: 1 })).items;
    expect(await setMessageFlags(ada.id, ada.personalWorkspaceId, [item!.id], { isStarred: true, isRead: true })).toEqual([item!.id]);
    expect(await flagsOf([item!.id])).toEqual([{ id: item!.id, is_read: true, is_starred: true, is_archived: false }]);
    await setMessageFlags(ada.id, ada.personalWorkspaceId, [item!.id], { isStarred: false, isRead: false });
  });

  it("refuses another workspace's message ids: row-level security decides, not the workspace filter", async () => {
    const adaIds = (await listMessages(ada.id, ada.personalWorkspaceId, { limit: 5 })).items.map((i) => i.id);
    const before = await flagsOf(adaIds);
    for (const flags of [{ isArchived: true }, { isStarred: true }, { isRead: true }]) {
      // Bob names Ada's workspace: the filter matches her rows, RLS refuses them.
      expect(await setMessageFlags(bob.id, ada.personalWorkspaceId, adaIds, flags)).toEqual([]);
      // Bob names his own workspace with Ada's ids: nothing either.
      expect(await setMessageFlags(bob.id, bob.personalWorkspaceId, adaIds, flags)).toEqual([]);
      // An outsider.
      expect(await setMessageFlags(carol.id, ada.personalWorkspaceId, adaIds, flags)).toEqual([]);
    }
    expect(await markThreadRead(bob.id, ada.personalWorkspaceId, adaThread)).toEqual([]);
    expect(await markThreadRead(carol.id, ada.personalWorkspaceId, adaThread)).toEqual([]);
    expect(await flagsOf(adaIds)).toEqual(before);
  });

  it("changes only the caller's own ids in a mixed request", async () => {
    const [bobRow] = await q<{ id: string }>(`select id::text as id from public.messages where workspace_id = $1 limit 1`, [
      bob.personalWorkspaceId,
    ]);
    const [adaItem] = (await listMessages(ada.id, ada.personalWorkspaceId, { limit: 1 })).items;
    const changed = await setMessageFlags(ada.id, ada.personalWorkspaceId, [adaItem!.id, bobRow!.id], { isStarred: true });
    expect(changed).toEqual([adaItem!.id]);
    expect((await flagsOf([bobRow!.id]))[0]?.is_starred).toBe(false);
    await setMessageFlags(ada.id, ada.personalWorkspaceId, [adaItem!.id], { isStarred: false });
  });

  it("opening a thread marks its unread messages read, once", async () => {
    const first = await markThreadRead(ada.id, ada.personalWorkspaceId, adaThread);
    expect(first).toHaveLength(2);
    expect(await markThreadRead(ada.id, ada.personalWorkspaceId, adaThread)).toEqual([]);
    const thread = await getThread(ada.id, ada.personalWorkspaceId, adaThread);
    expect(thread?.messages.every((m) => m.isRead)).toBe(true);
  });
});
