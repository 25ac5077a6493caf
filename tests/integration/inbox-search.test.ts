import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MARK_START, searchMessages } from "@/server/inbox/search-messages";
import { ingestMessages } from "@/server/sync/ingest";
import { aMessage } from "../fixtures/normalized-message";
import { createTestDatabase, createUser, type TestUser } from "../helpers/test-database";

// Search through the full-text index and the operators, as the user: what matches, what is
// marked, what is refused, and that another workspace's mail is never found.

let test: Awaited<ReturnType<typeof createTestDatabase>>;
let ada: TestUser;
let eve: TestUser;
const names = new Map<string, string>();

beforeAll(async () => {
  test = await createTestDatabase();
  ada = await createUser(test.database, "ada@example.com");
  eve = await createUser(test.database, "eve@example.com");
  const connectionId = crypto.randomUUID();
  await test.database.raw.query(
    `insert into public.channel_connections (id, workspace_id, user_id, provider, provider_account_id) values ($1, $2, $3, 'imap', 'ada@mail.test')`,
    [connectionId, ada.personalWorkspaceId, ada.id],
  );
  const seed = [
    aMessage({ subject: "Q3 budget review", bodyText: "The budget spreadsheet for the board is attached.", from: { name: "Dana Ortiz", email: "dana@client.test" }, sentAt: new Date("2026-02-10T10:00:00Z") }),
    aMessage({ subject: "Lunch", bodyText: "Tacos on Friday?", from: { name: "Lee Chen", email: "lee@friends.test" }, sentAt: new Date("2026-03-05T10:00:00Z"), isRead: true }),
    aMessage({ subject: "Invoice 1042", bodyText: "Your invoice is ready. 100% paid_in_full", from: { name: "Acme Billing", email: "billing@acme.test" }, sentAt: new Date("2026-01-20T10:00:00Z"), isStarred: true }),
  ];
  const { inserted } = await ingestMessages({ workspaceId: ada.personalWorkspaceId, connectionId }, seed);
  const bySubject = await test.database.raw.query<{ id: string; subject: string }>("select id, subject from public.messages where id = any($1::uuid[])", [inserted]);
  for (const row of bySubject) names.set(row.id, row.subject);
  await test.database.raw.query("update public.messages set category = 'finance' where subject = 'Invoice 1042'");
});
afterAll(() => test.cleanup());

const subjects = async (q: string, user = ada) => (await searchMessages(user.id, ada.personalWorkspaceId, q)).items.map((i) => names.get(i.id));

describe("search", () => {
  it("finds words in the subject and body, stemmed, and marks them", async () => {
    const result = await searchMessages(ada.id, ada.personalWorkspaceId, "budgets");
    expect(result.items.map((i) => names.get(i.id))).toEqual(["Q3 budget review"]);
    expect(result.items[0]!.highlight?.subject).toContain(`${MARK_START}budget`);
    expect(result.items[0]!.highlight?.snippet).toContain(`${MARK_START}budget`);
  });

  it("narrows with operators, alone or with words", async () => {
    expect(await subjects("from:dana")).toEqual(["Q3 budget review"]);
    expect(await subjects("from:Acme")).toEqual(["Invoice 1042"]);
    expect(await subjects("to:ada@example.com is:read")).toEqual(["Lunch"]);
    expect(await subjects("is:starred")).toEqual(["Invoice 1042"]);
    expect(await subjects("category:invoice")).toEqual(["Invoice 1042"]);
    expect(await subjects("after:2026-02-01 before:2026-03-01")).toEqual(["Q3 budget review"]);
    expect(await subjects("channel:imap tacos")).toEqual(["Lunch"]);
    expect(await subjects("channel:gmail")).toEqual([]);
    // LIKE wildcards in a name are literal characters.
    expect(await subjects("from:%")).toEqual([]);
  });

  it("refuses an empty search and explains operators it cannot use", async () => {
    await expect(searchMessages(ada.id, ada.personalWorkspaceId, "   ")).rejects.toThrow(/Type something/);
    await expect(searchMessages(ada.id, ada.personalWorkspaceId, "is:maybe")).rejects.toThrow(/Unknown "is:maybe"/);
    const partly = await searchMessages(ada.id, ada.personalWorkspaceId, "tacos category:stuff");
    expect(partly.problems[0]).toMatch(/Unknown category/);
    expect(partly.items).toHaveLength(1);
  });

  it("never finds another workspace's mail", async () => {
    expect(await subjects("budget", eve)).toEqual([]);
    expect(await subjects("from:dana", eve)).toEqual([]);
  });
});
