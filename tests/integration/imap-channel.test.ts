import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChannelError } from "@/server/channels/errors";
import { adapter as imap } from "@/server/channels/imap/adapter";
import { connectImap } from "@/server/connections/connect-imap";
import { generateKeyText } from "@/server/crypto/keys";
import { connectionSecrets, loadConnection, runSync } from "@/server/sync/run-sync";
import { ingestMessages } from "@/server/sync/ingest";
import { requestSync } from "@/server/sync/request-sync";
import { prepareReply } from "@/server/inbox/send-message";
import { cancelSend, drainSends, queueSend, sendStatus } from "@/server/outbox/outbox";
import { drainTrash, trashMessages, trashStatus, undoTrash } from "@/server/inbox/trash-queue";
import { stopJobQueue } from "@/server/jobs/queue";
import { createTestDatabase, createUser, type TestUser } from "../helpers/test-database";
import {
  MAIL_SERVERS_START_TIMEOUT_MS,
  type MailServers,
  imapClientFor,
  mailServersAvailable,
  startMailServers,
  withImapClient,
} from "../helpers/mail-servers";

// IMAP/SMTP against real Dovecot and Postfix (npm run test:e2e). Covers connect checks,
// initial and incremental sync, flags both ways, archive, send in thread with a copy in
// Sent, a UIDVALIDITY change, and a connection that drops mid-sync.

const savedKey = process.env.TOKEN_ENCRYPTION_KEY;
let servers: MailServers;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let ada: TestUser;
let alice: { email: string; password: string };

function rawMessage(n: number, extra: Record<string, string> = {}, subject = `Report ${n}`): string {
  const headers = {
    From: "Dana Ortiz <dana@client.test>",
    To: alice.email,
    Subject: subject,
    Date: new Date(Date.now() - (200 - n) * 60_000).toUTCString(),
    "Message-ID": `<report-${n}@client.test>`,
    ...extra,
  };
  return `${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\r\n")}\r\n\r\nHello, this is message ${n}.\r\n`;
}

function connectInput(port = servers.imap.port, password = alice.password) {
  return {
    email: alice.email,
    displayName: "Alice at test",
    imap: { host: "127.0.0.1", port, security: "starttls" as const, username: alice.email, password },
    smtp: { host: "127.0.0.1", port: servers.smtp.port, security: "starttls" as const, username: "", password: "" },
    allowSelfSigned: true,
  };
}

const imapClient = () => imapClientFor(servers, alice);

const count = async (sql: string, params: unknown[] = []) =>
  (await db.database.raw.query<{ n: number }>(sql, params))[0]?.n ?? -1;

describe.skipIf(!mailServersAvailable())("IMAP/SMTP channel against Dovecot and Postfix", () => {
  let connectionId: string;

  beforeAll(async () => {
    process.env.TOKEN_ENCRYPTION_KEY = generateKeyText();
    servers = await startMailServers();
    alice = servers.users[0];
    db = await createTestDatabase();
    ada = await createUser(db.database, "ada@example.com");
    for (let n = 1; n <= 5; n++) await servers.deliver(alice.email, rawMessage(n));
    // A reply to message 1, threaded by headers.
    await servers.deliver(
      alice.email,
      rawMessage(6, { "In-Reply-To": "<report-1@client.test>", References: "<report-1@client.test>" }, "Re: Report 1"),
    );
  }, MAIL_SERVERS_START_TIMEOUT_MS);

  afterAll(async () => {
    await stopJobQueue();
    await db?.cleanup();
    await servers?.stop();
    process.env.TOKEN_ENCRYPTION_KEY = savedKey;
  });

  it("refuses a wrong password with a message that says so, storing nothing", async () => {
    const error = await connectImap(ada.id, ada.personalWorkspaceId, connectInput(undefined, "wrong-password")).catch((e) => e);
    expect(error).toBeInstanceOf(ChannelError);
    expect((error as ChannelError).kind).toBe("auth");
    expect((error as Error).message).toMatch(/rejected the user name or password/);
    expect(await count("select count(*)::int as n from public.channel_connections where provider = 'imap'")).toBe(0);
  });

  it("explains an unreachable port and a TLS mismatch", async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const refused = await connectImap(ada.id, ada.personalWorkspaceId, connectInput(closed)).catch((e) => e);
    expect((refused as Error).message).toMatch(/refused the connection/);
    const tlsOnPlainPort = await connectImap(ada.id, ada.personalWorkspaceId, {
      ...connectInput(),
      imap: { ...connectInput().imap, security: "tls" },
    }).catch((e) => e);
    expect(tlsOnPlainPort).toBeInstanceOf(ChannelError);
    expect((tlsOnPlainPort as Error).message).toMatch(/secure connection|didn't answer/);
  });

  it("connects, stores the passwords encrypted, and syncs INBOX with threads and flags", async () => {
    ({ connectionId } = await connectImap(ada.id, ada.personalWorkspaceId, connectInput()));
    const raw = await db.database.raw.query<{ line: string }>("select t::text as line from private.secrets t");
    expect(raw.length).toBeGreaterThan(0);
    for (const { line } of raw) expect(line).not.toContain(alice.password);

    const outcome = await runSync({ connectionId });
    expect(outcome.imported).toBe(6);
    expect(await count("select count(*)::int as n from public.messages where connection_id = $1", [connectionId])).toBe(6);
    const [thread] = await db.database.raw.query<{ n: number }>(
      `select count(distinct thread_id)::int as n from public.messages
       where connection_id = $1 and provider_message_id in ('report-1@client.test', 'report-6@client.test')`,
      [connectionId],
    );
    expect(thread?.n).toBe(1);
    const connection = await loadConnection(connectionId);
    expect(connection?.syncCursor).toMatchObject({ folders: { INBOX: { uidNext: 7 } } });
  });

  it("picks up new mail, and flag changes and archiving done in another client", async () => {
    await servers.deliver(alice.email, rawMessage(7));
    const other = await imapClient();
    try {
      const lock = await other.getMailboxLock("INBOX");
      try {
        await other.messageFlagsAdd({ header: { "message-id": "report-2@client.test" } }, ["\\Seen", "\\Flagged"]);
        await other.messageMove({ header: { "message-id": "report-3@client.test" } }, "Archive");
      } finally {
        lock.release();
      }
    } finally {
      await other.logout();
    }
    const outcome = await runSync({ connectionId });
    expect(outcome.imported).toBe(1);
    const rows = await db.database.raw.query<{ provider_message_id: string; is_read: boolean; is_starred: boolean; is_archived: boolean }>(
      `select provider_message_id, is_read, is_starred, is_archived from public.messages
       where connection_id = $1 and provider_message_id in ('report-2@client.test', 'report-3@client.test') order by 1`,
      [connectionId],
    );
    expect(rows).toEqual([
      { provider_message_id: "report-2@client.test", is_read: true, is_starred: true, is_archived: false },
      { provider_message_id: "report-3@client.test", is_read: false, is_starred: false, is_archived: true },
    ]);
  });

  it("writes read, starred and archived back to the server", async () => {
    const connection = (await loadConnection(connectionId))!;
    const [row] = await db.database.raw.query<{ provider_meta: Record<string, unknown> }>(
      "select provider_meta from public.messages where connection_id = $1 and provider_message_id = 'report-4@client.test'",
      [connectionId],
    );
    const context = { connection, secrets: connectionSecrets(connection), signal: new AbortController().signal };
    await imap.pushState!(context, [{ providerMessageId: "report-4@client.test", providerMeta: row!.provider_meta, isRead: true, isStarred: true }]);
    const moved = await imap.pushState!(context, [
      { providerMessageId: "report-4@client.test", providerMeta: row!.provider_meta, isArchived: true },
    ]);
    expect(moved[0]?.providerMeta).toMatchObject({ folder: "Archive" });
    const other = await imapClient();
    try {
      const lock = await other.getMailboxLock("Archive");
      try {
        const found = [];
        for await (const m of other.fetch({ header: { "message-id": "report-4@client.test" } }, { flags: true })) found.push(m);
        expect(found).toHaveLength(1);
        expect([...found[0]!.flags!]).toEqual(expect.arrayContaining(["\\Seen", "\\Flagged"]));
      } finally {
        lock.release();
      }
    } finally {
      await other.logout();
    }
  });

  it("deletes into the Trash folder after the undo window; Undo leaves the server untouched", async () => {
    const workspaceId = ada.personalWorkspaceId;
    const idOf = async (messageId: string) =>
      (
        await db.database.raw.query<{ id: string }>("select id::text as id from public.messages where connection_id = $1 and provider_message_id = $2", [
          connectionId,
          messageId,
        ])
      )[0]?.id;
    const inFolder = (folder: string, messageId: string) =>
      withImapClient(servers, alice, async (client) => {
        const lock = await client.getMailboxLock(folder);
        try {
          return ((await client.search({ header: { "message-id": messageId } }, { uid: true })) || []).length;
        } finally {
          lock.release();
        }
      });
    const afterWindow = async (deleteAt: string) => {
      await new Promise((resolve) => setTimeout(resolve, Math.max(new Date(deleteAt).getTime() - Date.now() + 400, 0)));
      return drainTrash(Date.now() + 60_000);
    };

    process.env.AIVA_UNDO_DELETE_SECONDS = "30";
    const undone = await trashMessages(ada.id, workspaceId, [(await idOf("report-5@client.test"))!]);
    await undoTrash(ada.id, workspaceId, undone.trashId);
    expect(await drainTrash(Date.now() + 30_000)).toBe(0);
    expect(await inFolder("INBOX", "report-5@client.test")).toBe(1);

    process.env.AIVA_UNDO_DELETE_SECONDS = "1";
    const queued = await trashMessages(ada.id, workspaceId, [(await idOf("report-5@client.test"))!]);
    expect(await afterWindow(queued.deleteAt)).toBe(1);
    expect(await trashStatus(ada.id, workspaceId, queued.trashId)).toEqual({ state: "deleted" });
    expect(await inFolder("INBOX", "report-5@client.test")).toBe(0);
    expect(await inFolder("Trash", "report-5@client.test")).toBe(1);
    expect(await idOf("report-5@client.test")).toBeUndefined();
    await runSync({ connectionId });
    expect(await idOf("report-5@client.test")).toBeUndefined();

    // In Trash already, or on a server without a Trash folder: \Deleted and EXPUNGE.
    const connection = (await loadConnection(connectionId))!;
    const noTrash = { ...connection, metadata: { ...connection.metadata, mailboxes: { ...(connection.metadata.mailboxes as object), trash: null } } };
    const [row] = await db.database.raw.query<{ provider_meta: Record<string, unknown> }>(
      "select provider_meta from public.messages where connection_id = $1 and provider_message_id = 'report-2@client.test'",
      [connectionId],
    );
    await imap.trash!({ connection: noTrash, secrets: connectionSecrets(connection), signal: new AbortController().signal }, [
      { providerMessageId: "report-2@client.test", providerMeta: row!.provider_meta },
    ]);
    expect(await inFolder("INBOX", "report-2@client.test")).toBe(0);
    expect(await inFolder("Trash", "report-2@client.test")).toBe(0);
    delete process.env.AIVA_UNDO_DELETE_SECONDS;
  });

  it("replies in thread over SMTP with threading headers and a copy in Sent", async () => {
    const connection = (await loadConnection(connectionId))!;
    const context = { connection, secrets: connectionSecrets(connection), signal: new AbortController().signal };
    const sent = await imap.send!(context, {
      from: { name: "Alice", email: alice.email },
      to: [{ name: "Bob", email: servers.users[1].email }],
      cc: [],
      bcc: [],
      subject: "Re: Report 1",
      text: "Thanks, looks good.",
      inReplyTo: { internetMessageId: "report-6@client.test", references: ["report-1@client.test"], providerThreadId: null },
    });
    expect(sent.inReplyTo).toBe("report-6@client.test");
    expect(sent.references).toEqual(["report-1@client.test", "report-6@client.test"]);
    const { inserted } = await ingestMessages({ workspaceId: ada.personalWorkspaceId, connectionId }, [sent]);
    const [threads] = await db.database.raw.query<{ n: number }>(
      `select count(distinct thread_id)::int as n from public.messages
       where connection_id = $1 and (provider_message_id = 'report-1@client.test' or id = $2)`,
      [connectionId, inserted[0]],
    );
    expect(threads?.n).toBe(1);
    const other = await imapClient();
    try {
      const lock = await other.getMailboxLock("Sent");
      try {
        expect(other.mailbox && other.mailbox.exists).toBeGreaterThanOrEqual(1);
      } finally {
        lock.release();
      }
    } finally {
      await other.logout();
    }
    // The next sync sees the Sent copy and does not store it twice.
    const outcome = await runSync({ connectionId });
    expect(outcome.duplicates).toBeGreaterThanOrEqual(1);
    expect(await count("select count(*)::int as n from public.messages where connection_id = $1 and direction = 'outbound'", [connectionId])).toBe(1);
  });

  it("holds a reply for the undo window: undone, it never leaves; otherwise it leaves once", async () => {
    process.env.AIVA_UNDO_SEND_SECONDS = "1";
    const workspaceId = ada.personalWorkspaceId;
    const [original] = await db.database.raw.query<{ id: string }>(
      `select id::text as id from public.messages where connection_id = $1 and provider_message_id = 'report-1@client.test'`,
      [connectionId],
    );
    const reply = async (body: string) =>
      queueSend({ userId: ada.id, workspaceId, prepared: await prepareReply(ada.id, workspaceId, { messageId: original!.id, body }), draftId: null });
    const outbound = (text: string) =>
      count("select count(*)::int as n from public.messages where connection_id = $1 and direction = 'outbound' and body_text like $2", [
        connectionId,
        `%${text}%`,
      ]);

    const undone = await reply("Please ignore this one.");
    expect(undone.undoSeconds).toBe(1);
    expect(await sendStatus(ada.id, workspaceId, undone.sendId)).toMatchObject({ state: "waiting" });
    const eve = await createUser(db.database, "eve-outbox@example.com");
    await expect(cancelSend(eve.id, workspaceId, undone.sendId)).rejects.toThrow("isn't in your outbox");
    await cancelSend(ada.id, workspaceId, undone.sendId);
    expect(await sendStatus(ada.id, workspaceId, undone.sendId)).toEqual({ state: "undone" });

    const kept = await reply("Sounds good, sending the numbers today.");
    await new Promise((resolve) => setTimeout(resolve, new Date(kept.sendAt).getTime() - Date.now() + 200));
    expect(await drainSends(Date.now() + 60_000)).toBe(1);
    expect(await sendStatus(ada.id, workspaceId, kept.sendId)).toMatchObject({ state: "sent" });
    await expect(cancelSend(ada.id, workspaceId, kept.sendId)).rejects.toThrow("Too late to undo");
    expect(await outbound("Please ignore this one")).toBe(0);
    expect(await outbound("sending the numbers today")).toBe(1);
    delete process.env.AIVA_UNDO_SEND_SECONDS;
  });

  it("resyncs after a UIDVALIDITY change without duplicates", async () => {
    const before = await count("select count(*)::int as n from public.messages where connection_id = $1", [connectionId]);
    await db.database.raw.query(
      `update public.channel_connections set sync_cursor = jsonb_set(sync_cursor, '{folders,INBOX,uidValidity}', '"1"') where id = $1`,
      [connectionId],
    );
    const outcome = await runSync({ connectionId });
    expect(outcome.imported).toBe(0);
    expect(outcome.duplicates).toBeGreaterThan(0);
    expect(await count("select count(*)::int as n from public.messages where connection_id = $1", [connectionId])).toBe(before);
  });

  it("loses and duplicates nothing when the connection drops mid-sync", async () => {
    const bob = servers.users[1];
    for (let n = 100; n < 160; n++) await servers.deliver(bob.email, rawMessage(n).replace(alice.email, bob.email));
    // A proxy that cuts the connection after ~12 KB from the server, mid-fetch.
    const CUT_AFTER = 12_000;
    let budget = CUT_AFTER;
    let cut = false;
    const proxy = net.createServer((client) => {
      const upstream = net.connect(servers.imap.port, "127.0.0.1");
      client.pipe(upstream);
      upstream.on("data", (chunk: Buffer) => {
        budget -= chunk.length;
        if (budget < 0 && !cut) {
          cut = true;
          client.destroy();
          upstream.destroy();
          return;
        }
        client.write(chunk);
      });
      upstream.on("error", () => client.destroy());
      client.on("error", () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const proxyPort = (proxy.address() as net.AddressInfo).port;
    try {
      const input = {
        ...connectInput(proxyPort, bob.password),
        email: bob.email,
        imap: { ...connectInput(proxyPort, bob.password).imap, username: bob.email },
      };
      budget = Number.POSITIVE_INFINITY;
      const { connectionId: bobConnection } = await connectImap(ada.id, ada.personalWorkspaceId, input);
      budget = CUT_AFTER;
      await expect(runSync({ connectionId: bobConnection })).rejects.toThrow(ChannelError);
      expect(cut).toBe(true);
      const [state] = await db.database.raw.query<{ status: string; last_error: string }>(
        "select status, last_error from public.channel_connections where id = $1",
        [bobConnection],
      );
      expect(state).toMatchObject({ status: "error", last_error: expect.stringMatching(/dropped|didn't answer|error/) });
      const partial = await count("select count(*)::int as n from public.messages where connection_id = $1", [bobConnection]);
      budget = Number.POSITIVE_INFINITY;
      await runSync({ connectionId: bobConnection });
      const inBobsInbox = await withImapClient(servers, bob, async (client) => {
        const status = await client.status("INBOX", { messages: true });
        return status ? (status.messages ?? -1) : -1;
      });
      expect(partial).toBeLessThan(inBobsInbox);
      expect(await count("select count(*)::int as n from public.messages where connection_id = $1", [bobConnection])).toBe(inBobsInbox);
      expect(
        await count(
          "select count(*)::int as n from (select provider_message_id from public.messages where connection_id = $1 group by 1 having count(*) > 1) d",
          [bobConnection],
        ),
      ).toBe(0);
    } finally {
      proxy.close();
    }
  });

  it("absorbs a second sync request while one is queued", async () => {
    const connection = (await loadConnection(connectionId))!;
    const first = await requestSync(connection, "manual");
    const second = await requestSync(connection, "cron");
    expect([first.queued, second.queued]).toEqual([expect.any(Boolean), false]);
    const queuedRuns = await count("select count(*)::int as n from public.sync_runs where connection_id = $1 and status = 'queued'", [
      connectionId,
    ]);
    expect(queuedRuns).toBeLessThanOrEqual(2);
  });
});
