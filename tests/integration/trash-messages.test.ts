import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getThread } from "@/server/inbox/get-thread";
import { listMessages } from "@/server/inbox/list-messages";
import { searchMessages } from "@/server/inbox/search-messages";
import { restoreAbandonedTrash } from "@/server/inbox/trash-messages";
import { drainTrash, trashMessages, trashStatus, undoTrash } from "@/server/inbox/trash-queue";
import { stopJobQueue } from "@/server/jobs/queue";
import { ingestMessages } from "@/server/sync/ingest";
import { aMessage } from "../fixtures/normalized-message";
import { createTestDatabase, createUser, type TestUser } from "../helpers/test-database";

// Delete with Undo, on the embedded database: hidden at once from the list, the reader,
// search and the thread's counts; Undo brings it back; after the window the row goes (an
// imported message has no server to ask). A provider that fails brings the message back
// with a reason. Other people's messages and deletions are not theirs to touch.

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let ada: TestUser;
let eve: TestUser;
let importConnection: string;
let brokenConnection: string;
const saved = { ...process.env };

type Seeded = { first: string; reply: string; single: string; thread: string };
let mail: Seeded;

const one = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await db.database.raw.query<T>(sql, params))[0];
const threadRow = (id: string) =>
  one<{ message_count: number; last_at: string | null; participants: { email: string }[] }>(
    `select message_count, to_char(last_message_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as last_at, participants
     from public.threads where id = $1`,
    [id],
  );
const listed = async () => (await listMessages(ada.id, ada.personalWorkspaceId, { view: "newest" })).items.map((i) => i.id);
/** Waits until the job's undo window has passed (the job may start), then runs what is due. */
async function afterWindow(deleteAt: string) {
  const wait = new Date(deleteAt).getTime() - Date.now() + 400;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  return drainTrash(Date.now() + 30_000);
}

beforeAll(async () => {
  process.env.AIVA_UNDO_DELETE_SECONDS = "1";
  db = await createTestDatabase();
  ada = await createUser(db.database, "ada@example.com");
  eve = await createUser(db.database, "eve@example.com");
  importConnection = crypto.randomUUID();
  brokenConnection = crypto.randomUUID();
  await db.database.raw.query(
    `insert into public.channel_connections (id, workspace_id, user_id, provider, provider_account_id) values
       ($1, $3, $4, 'import', 'mbox upload'), ($2, $3, $4, 'imap', 'ada@mail.test')`,
    [importConnection, brokenConnection, ada.personalWorkspaceId, ada.id],
  );
  const target = { workspaceId: ada.personalWorkspaceId, connectionId: importConnection };
  const first = aMessage({ subject: "Budget review", bodyText: "Zebrafish budget numbers", sentAt: new Date("2026-03-01T09:00:00Z") });
  const reply = aMessage({
    subject: "Re: Budget review",
    bodyText: "Kangaroo figures attached",
    from: { name: "Lee Park", email: "lee@partner.test" },
    to: [{ name: "Dana Ortiz", email: "dana@client.test" }],
    inReplyTo: first.internetMessageId,
    references: [first.internetMessageId!],
    sentAt: new Date("2026-03-02T09:00:00Z"),
  });
  const single = aMessage({ subject: "Lunch", sentAt: new Date("2026-03-03T09:00:00Z") });
  const { inserted } = await ingestMessages(target, [first, reply, single]);
  const [firstId, replyId, singleId] = inserted as [string, string, string];
  const row = await one<{ thread_id: string }>("select thread_id::text from public.messages where id = $1", [replyId]);
  mail = { first: firstId, reply: replyId, single: singleId, thread: row!.thread_id };
});

afterAll(async () => {
  await stopJobQueue();
  await db?.cleanup();
  process.env = saved;
});

describe("deleting a message", () => {
  it("hides it at once from the list, the reader, search and the thread's count; Undo brings it all back", async () => {
    // A window long enough for every check below to happen inside it.
    process.env.AIVA_UNDO_DELETE_SECONDS = "30";
    expect((await threadRow(mail.thread))?.message_count).toBe(2);
    const queued = await trashMessages(ada.id, ada.personalWorkspaceId, [mail.reply]);
    expect(queued).toMatchObject({ messageIds: [mail.reply], undoSeconds: 30 });
    expect(await trashStatus(ada.id, ada.personalWorkspaceId, queued.trashId)).toMatchObject({ state: "waiting" });

    expect(await listed()).not.toContain(mail.reply);
    expect((await getThread(ada.id, ada.personalWorkspaceId, mail.thread))?.messages.map((m) => m.id)).toEqual([mail.first]);
    expect((await searchMessages(ada.id, ada.personalWorkspaceId, "kangaroo")).items).toEqual([]);
    const hidden = await threadRow(mail.thread);
    expect(hidden?.message_count).toBe(1);
    expect(hidden?.last_at).toBe("2026-03-01 09:00");
    expect(hidden?.participants.map((p) => p.email)).not.toContain("lee@partner.test");
    // The list's count of messages in the conversation follows.
    const firstItem = (await listMessages(ada.id, ada.personalWorkspaceId, { view: "newest" })).items.find((i) => i.id === mail.first);
    expect(firstItem?.messageCount).toBe(1);

    // Deleting it twice changes nothing more.
    await expect(trashMessages(ada.id, ada.personalWorkspaceId, [mail.reply])).rejects.toThrow("no longer in this workspace");

    expect(await undoTrash(ada.id, ada.personalWorkspaceId, queued.trashId)).toEqual([mail.reply]);
    expect(await trashStatus(ada.id, ada.personalWorkspaceId, queued.trashId)).toEqual({ state: "undone" });
    expect(await listed()).toContain(mail.reply);
    expect((await searchMessages(ada.id, ada.personalWorkspaceId, "kangaroo")).items.map((i) => i.id)).toEqual([mail.reply]);
    const back = await threadRow(mail.thread);
    expect(back?.message_count).toBe(2);
    expect(back?.last_at).toBe("2026-03-02 09:00");
    expect(back?.participants.map((p) => p.email)).toContain("lee@partner.test");

    // An undone deletion never runs.
    expect(await drainTrash(Date.now() + 30_000)).toBe(0);
    expect(await one("select 1 from public.messages where id = $1", [mail.reply])).toBeDefined();
    process.env.AIVA_UNDO_DELETE_SECONDS = "1";
  });

  it("after the window, imported mail is deleted in Aiva with its thread kept right; Undo is then too late", async () => {
    const queued = await trashMessages(ada.id, ada.personalWorkspaceId, [mail.reply]);
    expect(await afterWindow(queued.deleteAt)).toBe(1);
    expect(await trashStatus(ada.id, ada.personalWorkspaceId, queued.trashId)).toEqual({ state: "deleted" });
    await expect(undoTrash(ada.id, ada.personalWorkspaceId, queued.trashId)).rejects.toThrow("Too late to undo");
    expect(await one("select 1 from public.messages where id = $1", [mail.reply])).toBeUndefined();
    expect((await threadRow(mail.thread))?.message_count).toBe(1);
    expect((await getThread(ada.id, ada.personalWorkspaceId, mail.thread))?.messages.map((m) => m.id)).toEqual([mail.first]);

    // The last message of a conversation takes the conversation with it.
    const last = await trashMessages(ada.id, ada.personalWorkspaceId, [mail.first]);
    expect(await afterWindow(last.deleteAt)).toBe(1);
    expect(await threadRow(mail.thread)).toBeUndefined();
    expect(await listed()).toEqual([mail.single]);
  });

  it("brings the message back, saying why, when its provider can't delete it", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const [broken] = (await ingestMessages({ workspaceId: ada.personalWorkspaceId, connectionId: brokenConnection }, [aMessage({ subject: "Stuck" })])).inserted;
    const queued = await trashMessages(ada.id, ada.personalWorkspaceId, [broken!]);
    expect(await listed()).not.toContain(broken);
    expect(await afterWindow(queued.deleteAt)).toBe(1);
    const status = await trashStatus(ada.id, ada.personalWorkspaceId, queued.trashId);
    // The IMAP account has no settings: the adapter refuses with words a person can act on.
    expect(status).toEqual({ state: "failed", error: expect.stringMatching(/^Couldn't delete it, so it's back: .*settings/), restored: [broken] });
    expect(await listed()).toContain(broken);
    vi.restoreAllMocks();
  });

  it("refuses another workspace's messages and deletions, and bad ids", async () => {
    process.env.AIVA_UNDO_DELETE_SECONDS = "30";
    await expect(trashMessages(eve.id, eve.personalWorkspaceId, [mail.single])).rejects.toThrow("no longer in this workspace");
    // Naming Ada's workspace changes nothing: row-level security hides her rows from Eve.
    await expect(trashMessages(eve.id, ada.personalWorkspaceId, [mail.single])).rejects.toThrow("no longer in this workspace");
    expect(await listed()).toContain(mail.single);

    const queued = await trashMessages(ada.id, ada.personalWorkspaceId, [mail.single]);
    await expect(undoTrash(eve.id, eve.personalWorkspaceId, queued.trashId)).rejects.toThrow("no deletion to undo");
    await expect(undoTrash(eve.id, ada.personalWorkspaceId, queued.trashId)).rejects.toThrow("no deletion to undo");
    await expect(trashStatus(eve.id, eve.personalWorkspaceId, queued.trashId)).rejects.toThrow("no deletion to undo");
    await expect(undoTrash(ada.id, ada.personalWorkspaceId, crypto.randomUUID())).rejects.toThrow("no deletion to undo");
    await undoTrash(ada.id, ada.personalWorkspaceId, queued.trashId);
    expect(await listed()).toContain(mail.single);
  });

  it("shows again what a deletion that never finished left hidden, once it is long past due", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const [lost] = (await ingestMessages({ workspaceId: ada.personalWorkspaceId, connectionId: importConnection }, [aMessage({ subject: "Lost delete" })])).inserted;
    // A job that died with its process: the message is hidden and nothing will delete it.
    await db.database.raw.query(`update public.messages set trashed_at = now() - interval '10 minutes' where id = $1`, [lost]);
    expect(await listed()).not.toContain(lost);
    // Ten minutes is still within what a job may take: left alone.
    expect(await restoreAbandonedTrash()).toBe(0);
    expect(await listed()).not.toContain(lost);
    await db.database.raw.query(`update public.messages set trashed_at = now() - interval '2 hours' where id = $1`, [lost]);
    expect(await restoreAbandonedTrash()).toBe(1);
    expect(await listed()).toContain(lost);
    vi.restoreAllMocks();
  });
});
