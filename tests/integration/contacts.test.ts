import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listContacts } from "@/server/contacts/list-contacts";
import { ingestMessages } from "@/server/sync/ingest";
import { aMessage } from "../fixtures/normalized-message";
import { createTestDatabase, createUser, type TestUser } from "../helpers/test-database";

let test: Awaited<ReturnType<typeof createTestDatabase>>;
let ada: TestUser;
let eve: TestUser;

beforeAll(async () => {
  test = await createTestDatabase();
  ada = await createUser(test.database, "ada@example.com");
  eve = await createUser(test.database, "eve@example.com");
  const connectionId = crypto.randomUUID();
  await test.database.raw.query(
    `insert into public.channel_connections (id, workspace_id, user_id, provider, provider_account_id) values ($1, $2, $3, 'imap', 'ada@mail.test')`,
    [connectionId, ada.personalWorkspaceId, ada.id],
  );
  await ingestMessages({ workspaceId: ada.personalWorkspaceId, connectionId }, [
    aMessage({ from: { name: "Dana Ortiz", email: "Dana@Client.test" }, sentAt: new Date("2026-03-01T10:00:00Z") }),
    aMessage({ from: { name: "Dana Ortiz", email: "dana@client.test" }, sentAt: new Date("2026-03-02T10:00:00Z") }),
    aMessage({ from: { name: "Lee Chen", email: "lee@friends.test" }, sentAt: new Date("2026-02-01T10:00:00Z") }),
  ]);
});
afterAll(() => test.cleanup());

describe("contacts", () => {
  it("merges a person's messages by address, most recent first", async () => {
    const people = await listContacts(ada.id, ada.personalWorkspaceId);
    const dana = people.find((p) => p.email === "dana@client.test");
    expect(dana).toMatchObject({ name: "Dana Ortiz", received: 2, lastMessageAt: "2026-03-02T10:00:00.000Z" });
    expect(people.findIndex((p) => p.email === "dana@client.test")).toBeLessThan(people.findIndex((p) => p.email === "lee@friends.test"));
  });

  it("filters by name or address, with LIKE wildcards taken literally", async () => {
    expect((await listContacts(ada.id, ada.personalWorkspaceId, "lee")).map((p) => p.email)).toEqual(["lee@friends.test"]);
    expect((await listContacts(ada.id, ada.personalWorkspaceId, "ORTIZ")).map((p) => p.email)).toEqual(["dana@client.test"]);
    expect(await listContacts(ada.id, ada.personalWorkspaceId, "%")).toEqual([]);
  });

  it("shows nobody from another workspace", async () => {
    expect(await listContacts(eve.id, ada.personalWorkspaceId)).toEqual([]);
  });
});
