import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ingestMessages, type IngestTarget } from "@/server/sync/ingest";
import { aMessage } from "../fixtures/normalized-message";
import { createTestDatabase, createUser, type TestUser } from "../helpers/test-database";

let test: Awaited<ReturnType<typeof createTestDatabase>>;
let ada: TestUser;
let target: IngestTarget;

beforeAll(async () => {
  test = await createTestDatabase();
  ada = await createUser(test.database, "ada@example.com");
});
afterAll(() => test.cleanup());

// Each test gets its own connection, so threads and dedup start empty.
beforeEach(async () => {
  const connectionId = crypto.randomUUID();
  await test.database.raw.query(
    `insert into public.channel_connections (id, workspace_id, user_id, provider, provider_account_id)
     values ($1, $2, $3, 'imap', $4)`,
    [connectionId, ada.personalWorkspaceId, ada.id, `${connectionId}@mail.test`],
  );
  target = { workspaceId: ada.personalWorkspaceId, connectionId };
});

const q = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) => test.database.raw.query<T>(text, params);
const threadOf = async (providerMessageId: string) =>
  (await q<{ thread_id: string }>("select thread_id from public.messages where provider_message_id = $1", [providerMessageId]))[0]
    ?.thread_id;

describe("ingest pipeline", () => {
  it("stores new messages once; a second run and in-batch repeats are duplicates", async () => {
    const batch = [aMessage(), aMessage(), aMessage()];
    const first = await ingestMessages(target, [...batch, batch[0]!]);
    expect(first.inserted).toHaveLength(3);
    expect(first.duplicates).toBe(1);
    const again = await ingestMessages(target, batch);
    expect(again).toEqual({ inserted: [], duplicates: 3 });
    const [row] = await q<{ n: number }>("select count(*)::int as n from public.messages where connection_id = $1", [target.connectionId]);
    expect(row?.n).toBe(3);
  });

  it("keeps content, recipients and provenance", async () => {
    const m = aMessage({
      subject: "Invoice 42",
      bodyHtml: "<p>Hi</p>",
      cc: [{ name: null, email: "cc@example.com" }],
      attachments: [{ filename: "invoice.pdf", mimeType: "application/pdf", size: 1234, contentId: null, disposition: "attachment" }],
      headers: { "list-unsubscribe": "<mailto:u@x.test>" },
      providerMeta: { mailbox: "INBOX", uid: 7 },
    });
    const { inserted } = await ingestMessages(target, [m]);
    const [row] = await q<Record<string, unknown>>("select * from public.messages where id = $1", [inserted[0]]);
    expect(row).toMatchObject({
      subject: "Invoice 42",
      body_html: "<p>Hi</p>",
      sender_email: "dana@client.test",
      recipients: { to: [{ name: "Ada", email: "ada@example.com" }], cc: [{ name: null, email: "cc@example.com" }], bcc: [] },
      attachments: [{ filename: "invoice.pdf", size: 1234 }],
      headers: { "list-unsubscribe": "<mailto:u@x.test>" },
      provider_meta: { mailbox: "INBOX", uid: 7 },
    });
  });

  it("threads by In-Reply-To and References, in or across batches, whichever arrives first", async () => {
    const root = aMessage({ subject: "Budget" });
    const reply = aMessage({ subject: "Re: Budget", inReplyTo: root.internetMessageId, references: [root.internetMessageId!] });
    const second = aMessage({ subject: "Re: Budget", references: [root.internetMessageId!, reply.internetMessageId!] });
    // The reply arrives before its parent.
    await ingestMessages(target, [reply]);
    await ingestMessages(target, [second, root]);
    const ids = await Promise.all([root, reply, second].map((m) => threadOf(m.providerMessageId)));
    expect(new Set(ids).size).toBe(1);
    const [thread] = await q<{ message_count: number; subject: string }>("select * from public.threads where id = $1", [ids[0]]);
    expect(thread).toMatchObject({ message_count: 3 });
  });

  it("uses the provider's thread id when there is one", async () => {
    const a = aMessage({ providerThreadId: "T1", subject: "One" });
    const b = aMessage({ providerThreadId: "T1", subject: "Different subject" });
    const c = aMessage({ providerThreadId: "T2", subject: "One" });
    await ingestMessages(target, [a, b, c]);
    expect(await threadOf(a.providerMessageId)).toBe(await threadOf(b.providerMessageId));
    expect(await threadOf(c.providerMessageId)).not.toBe(await threadOf(a.providerMessageId));
  });

  it("falls back to the subject only for replies to a recent thread", async () => {
    const root = aMessage({ subject: "Offsite plan", sentAt: new Date("2026-03-01T10:00:00Z") });
    const bareReply = aMessage({ subject: "RE: AW: Offsite plan", sentAt: new Date("2026-03-02T10:00:00Z") });
    const sameSubjectNotReply = aMessage({ subject: "Offsite plan", sentAt: new Date("2026-03-03T10:00:00Z") });
    const lateReply = aMessage({ subject: "Re: Offsite plan", sentAt: new Date("2026-06-01T10:00:00Z") });
    await ingestMessages(target, [root]);
    await ingestMessages(target, [bareReply]);
    await ingestMessages(target, [sameSubjectNotReply]);
    await ingestMessages(target, [lateReply]);
    const rootThread = await threadOf(root.providerMessageId);
    expect(await threadOf(bareReply.providerMessageId)).toBe(rootThread);
    expect(await threadOf(sameSubjectNotReply.providerMessageId)).not.toBe(rootThread);
    expect(await threadOf(lateReply.providerMessageId)).not.toBe(rootThread);
  });

  it("keeps thread count, last message time and participants current", async () => {
    const root = aMessage({ subject: "Plan", sentAt: new Date("2026-03-01T10:00:00Z") });
    const answer = aMessage({
      subject: "Re: Plan",
      direction: "outbound",
      from: { name: "Ada", email: "ada@example.com" },
      to: [{ name: "Dana Ortiz", email: "dana@client.test" }],
      inReplyTo: root.internetMessageId,
      sentAt: new Date("2026-03-01T12:00:00Z"),
    });
    await ingestMessages(target, [root, answer]);
    const [thread] = await q<{ message_count: number; last_message_at: Date; participants: { email: string }[] }>(
      "select * from public.threads where id = $1",
      [await threadOf(root.providerMessageId)],
    );
    expect(thread?.message_count).toBe(2);
    expect(new Date(thread!.last_message_at).toISOString()).toBe("2026-03-01T12:00:00.000Z");
    expect(thread?.participants.map((p) => p.email).sort()).toEqual(["ada@example.com", "dana@client.test"]);
  });

  it("adds later batches to a thread: count, last time, subject and the first 20 participants", async () => {
    const root = aMessage({ subject: "Launch", sentAt: new Date("2026-03-01T10:00:00Z"), from: { name: "Zoe", email: "zoe@x.test" }, to: [] });
    await ingestMessages(target, [root]);
    const thread = await threadOf(root.providerMessageId);
    // Replies over several batches, from 24 people, one of them twice and once in capitals;
    // one undated reply and one older than the root.
    const people = Array.from({ length: 24 }, (_, i) => ({ name: `P${i}`, email: `p${String(i).padStart(2, "0")}@x.test` }));
    const replies = people.map((from, i) =>
      aMessage({ subject: "Re: Launch", inReplyTo: root.internetMessageId, from, to: [], sentAt: new Date(Date.UTC(2026, 2, 2, 8, i)) }),
    );
    replies.push(aMessage({ inReplyTo: root.internetMessageId, from: { name: null, email: "P03@X.test" }, to: [], sentAt: null }));
    replies.push(aMessage({ inReplyTo: root.internetMessageId, from: people[5]!, to: [], sentAt: new Date("2026-02-20T00:00:00Z") }));
    for (let i = 0; i < replies.length; i += 7) await ingestMessages(target, replies.slice(i, i + 7));
    await ingestMessages(target, replies.slice(0, 3)); // again: duplicates change nothing

    const [row] = await q<{ message_count: number; last_message_at: Date; subject: string; participants: { name: string | null; email: string }[] }>(
      "select message_count, last_message_at, subject, participants from public.threads where id = $1",
      [thread],
    );
    expect(row!.message_count).toBe(27);
    const [stored] = await q<{ n: number }>("select count(*)::int as n from public.messages where thread_id = $1", [thread]);
    expect(stored!.n).toBe(27);
    expect(new Date(row!.last_message_at).toISOString()).toBe("2026-03-02T08:23:00.000Z");
    expect(row!.subject).toBe("Launch");
    // The first 20 distinct addresses in order, lower-cased, each with a name where one was given.
    expect(row!.participants.map((p) => p.email)).toEqual(people.slice(0, 20).map((p) => p.email));
    expect(row!.participants.find((p) => p.email === "p03@x.test")?.name).toBe("P3");
  });

  it("counts senders and recipients as contacts, once per message", async () => {
    const inbound = aMessage({ from: { name: "Lee Park", email: "Lee@Vendor.test" } });
    const outbound = aMessage({
      direction: "outbound",
      from: { name: "Ada", email: "ada@example.com" },
      to: [{ name: "Lee", email: "lee@vendor.test" }],
      cc: [{ name: "Ops", email: "ops@vendor.test" }],
    });
    await ingestMessages(target, [inbound, outbound]);
    await ingestMessages(target, [inbound, outbound]);
    const rows = await q<{ email: string; name: string; messages_received: number; messages_sent: number }>(
      "select email, name, messages_received, messages_sent from public.contacts where workspace_id = $1 and email like '%vendor.test' order by email",
      [ada.personalWorkspaceId],
    );
    expect(rows).toEqual([
      { email: "lee@vendor.test", name: "Lee Park", messages_received: 1, messages_sent: 1 },
      { email: "ops@vendor.test", name: "Ops", messages_received: 0, messages_sent: 1 },
    ]);
  });

  it("stores a message that could not be decoded, flagged, with its raw source", async () => {
    const broken = aMessage({ subject: null, bodyText: null, parseError: "Unterminated multipart", rawSource: "Subject: ?\r\n\r\n--x" });
    const { inserted } = await ingestMessages(target, [broken]);
    const [row] = await q<{ parse_error: string; raw_source: string }>("select parse_error, raw_source from public.messages where id = $1", [
      inserted[0],
    ]);
    expect(row).toEqual({ parse_error: "Unterminated multipart", raw_source: "Subject: ?\r\n\r\n--x" });
  });
});
