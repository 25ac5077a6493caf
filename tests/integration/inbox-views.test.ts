import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type InboxView } from "@/lib/inbox-views";
import { inboxFiltersSchema, listMessages, type ParsedInboxFilters } from "@/server/inbox/list-messages";
import { ingestMessages } from "@/server/sync/ingest";
import { aMessage } from "../fixtures/normalized-message";
import { createTestDatabase, createUser, type TestUser } from "../helpers/test-database";

// The inbox's views: what each shows, and that paging through the priority view visits
// every message once, in order, across priorities, unclassified and undated messages.

let test: Awaited<ReturnType<typeof createTestDatabase>>;
let ada: TestUser;
const ids = new Map<string, string>();

// name → priority, actionability, read, starred, archived, date
const SEED: [string, string | null, string | null, boolean, boolean, boolean, string | null][] = [
  ["urgent-old", "urgent", "reply_needed", false, false, false, "2026-01-01T10:00:00Z"],
  ["urgent-new", "urgent", null, true, false, false, "2026-03-01T10:00:00Z"],
  ["high", "high", "reply_needed", true, true, false, "2026-02-01T10:00:00Z"],
  ["medium-a", "medium", "fyi", false, false, false, "2026-02-15T10:00:00Z"],
  ["medium-b", "medium", "fyi", true, false, false, "2026-02-15T10:00:00Z"],
  ["noise", "noise", "none", false, false, false, "2026-03-02T10:00:00Z"],
  ["unclassified", null, null, false, false, false, "2026-03-03T10:00:00Z"],
  ["undated", null, null, true, false, false, null],
  ["archived", "high", "reply_needed", true, true, true, "2026-03-04T10:00:00Z"],
];

beforeAll(async () => {
  test = await createTestDatabase();
  ada = await createUser(test.database, "ada@example.com");
  const connectionId = crypto.randomUUID();
  await test.database.raw.query(
    `insert into public.channel_connections (id, workspace_id, user_id, provider, provider_account_id) values ($1, $2, $3, 'imap', 'ada@mail.test')`,
    [connectionId, ada.personalWorkspaceId, ada.id],
  );
  for (const [name, priority, actionability, read, starred, archived, date] of SEED) {
    const { inserted } = await ingestMessages({ workspaceId: ada.personalWorkspaceId, connectionId }, [
      aMessage({ subject: name, sentAt: date ? new Date(date) : null, isRead: read, isStarred: starred, isArchived: archived }),
    ]);
    ids.set(inserted[0]!, name);
    await test.database.raw.query(
      "update public.messages set priority = $2::message_priority, actionability = $3::message_actionability where id = $1",
      [inserted[0], priority, actionability],
    );
  }
});
afterAll(() => test.cleanup());

async function all(view: InboxView, limit: number, filters: ParsedInboxFilters = {}): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await listMessages(ada.id, ada.personalWorkspaceId, { view, limit, cursor, filters });
    names.push(...page.items.map((i) => ids.get(i.id)!));
    cursor = page.nextCursor;
  } while (cursor);
  return names;
}

describe("inbox views", () => {
  it("priority: most important first, newest first within, unclassified and undated last, one page or many", async () => {
    const expected = ["urgent-new", "urgent-old", "high", "medium-b", "medium-a", "noise", "unclassified", "undated"];
    const onePage = await all("priority", 50);
    // medium-a and medium-b share a date: their order is by id, whichever that is.
    expect(onePage.map((n) => n.replace(/-[ab]$/, ""))).toEqual(expected.map((n) => n.replace(/-[ab]$/, "")));
    for (const limit of [1, 2, 3]) expect(await all("priority", limit)).toEqual(onePage);
  });

  it("newest, needs reply, unread, starred and archived show what they say", async () => {
    const tie = (names: string[]) => names.map((n) => n.replace(/-[ab]$/, ""));
    expect(tie(await all("newest", 2))).toEqual(["unclassified", "noise", "urgent-new", "medium", "medium", "high", "urgent-old", "undated"]);
    expect(await all("needs_reply", 2)).toEqual(["high", "urgent-old"]);
    expect((await all("unread", 2)).sort()).toEqual(["medium-a", "noise", "unclassified", "urgent-old"]);
    expect(await all("starred", 2)).toEqual(["archived", "high"]);
    expect(await all("archived", 2)).toEqual(["archived"]);
  });

  it("what you sent is in Sent, not a row of its own in the inbox views", async () => {
    const connectionId = ((await test.database.raw.query<{ id: string }>(
      "select id::text as id from public.channel_connections where workspace_id = $1",
      [ada.personalWorkspaceId],
    )) as { id: string }[])[0]!.id;
    const { inserted } = await ingestMessages({ workspaceId: ada.personalWorkspaceId, connectionId }, [
      aMessage({ subject: "my reply", direction: "outbound", sentAt: new Date("2026-03-05T10:00:00Z"), isRead: true }),
    ]);
    ids.set(inserted[0]!, "my reply");
    expect(await all("sent", 5)).toEqual(["my reply"]);
    for (const view of ["priority", "newest", "unread", "needs_reply", "archived"] as const) {
      expect(await all(view, 50)).not.toContain("my reply");
    }
    await test.database.raw.query("delete from public.messages where id = $1", [inserted[0]]);
  });

  it("filters narrow any view by priority or category; unknown filter values are ignored", async () => {
    expect(await all("priority", 1, { priority: "urgent" })).toEqual(["urgent-new", "urgent-old"]);
    expect((await all("newest", 2, { priority: "medium" })).sort()).toEqual(["medium-a", "medium-b"]);
    expect(await all("newest", 50, { category: "finance" })).toEqual([]);
    expect(inboxFiltersSchema.parse({ priority: "extreme", category: "work", account: "nope" })).toEqual({ category: "work" });
  });
});
