import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/workspaces/[workspaceId]/messages/[messageId]/attachments/[index]/route";
import { getCurrentUser } from "@/server/auth/current-user";
import { connectImap } from "@/server/connections/connect-imap";
import { generateKeyText } from "@/server/crypto/keys";
import { stopJobQueue } from "@/server/jobs/queue";
import { connectionSecrets, runSync } from "@/server/sync/run-sync";
import { MAIL_SERVERS_START_TIMEOUT_MS, type MailServers, mailServersAvailable, startMailServers, withImapClient } from "../helpers/mail-servers";
import { binaryBytes, mimeWithAttachments } from "../helpers/mime-attachments";
import { createTestDatabase, createUser, type TestUser } from "../helpers/test-database";

// Attachment downloads from a real Dovecot (AIVA_TEST_MAIL_SERVERS=1): the source fetched
// by folder + UID, followed by Message-ID when the UID went stale (UIDVALIDITY changed, or
// the message moved to a folder Aiva knows), never the wrong message at a reused UID, and
// clear refusals when the message was deleted or moved elsewhere, or the password changed.

vi.mock("@/server/auth/current-user", () => ({ getCurrentUser: vi.fn() }));

const savedKey = process.env.TOKEN_ENCRYPTION_KEY;
let servers: MailServers;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let ada: TestUser;
let alice: { email: string; password: string };
let connectionId: string;

const files = { a: binaryBytes(30_000, 1), b: binaryBytes(20_000, 2), c: binaryBytes(10_000, 3), d: binaryBytes(5_000, 4) };

function mail(key: keyof typeof files) {
  return mimeWithAttachments(
    { From: "Dana Ortiz <dana@client.test>", To: alice.email, Subject: `Files ${key}`, "Message-ID": `<files-${key}@client.test>` },
    `Attached: ${key}.pdf`,
    [{ filename: `${key}.pdf`, mimeType: "application/pdf", bytes: files[key] }],
  );
}

async function stored(key: string) {
  const [row] = await db.database.raw.query<{ id: string; provider_meta: { folder: string; uid: number; uidValidity: string } }>(
    "select id::text as id, provider_meta from public.messages where provider_message_id = $1",
    [`files-${key}@client.test`],
  );
  if (!row) throw new Error(`files-${key} was not synced`);
  return row;
}

async function download(key: string) {
  const { id } = await stored(key);
  const params = { workspaceId: ada.personalWorkspaceId, messageId: id, index: "0" };
  return GET(new Request(`http://localhost/api/workspaces/${params.workspaceId}/messages/${id}/attachments/0`), { params: Promise.resolve(params) });
}

async function onServer(work: (client: Parameters<Parameters<typeof withImapClient>[2]>[0]) => Promise<void>) {
  await withImapClient(servers, alice, async (client) => {
    const lock = await client.getMailboxLock("INBOX");
    try {
      await work(client);
    } finally {
      lock.release();
    }
  });
}

describe.skipIf(!mailServersAvailable())("IMAP attachment downloads against Dovecot", () => {
  beforeAll(async () => {
    process.env.TOKEN_ENCRYPTION_KEY = generateKeyText();
    servers = await startMailServers();
    alice = servers.users[0];
    db = await createTestDatabase();
    ada = await createUser(db.database, "ada@example.com");
    vi.mocked(getCurrentUser).mockResolvedValue({ id: ada.id, email: ada.email });
    for (const key of ["a", "b", "c", "d"] as const) await servers.deliver(alice.email, mail(key));
    ({ connectionId } = await connectImap(ada.id, ada.personalWorkspaceId, {
      email: alice.email,
      displayName: "Alice",
      imap: { host: "127.0.0.1", port: servers.imap.port, security: "starttls", username: alice.email, password: alice.password },
      smtp: { host: "127.0.0.1", port: servers.smtp.port, security: "starttls", username: "", password: "" },
      allowSelfSigned: true,
    }));
    expect((await runSync({ connectionId })).imported).toBe(4);
  }, MAIL_SERVERS_START_TIMEOUT_MS);

  afterAll(async () => {
    await stopJobQueue();
    await db?.cleanup();
    await servers?.stop();
    process.env.TOKEN_ENCRYPTION_KEY = savedKey;
  });

  it("fetches the message by folder and UID and serves the attachment's exact bytes", async () => {
    expect((await stored("a")).provider_meta).toMatchObject({ folder: "INBOX", uid: expect.any(Number), uidValidity: expect.any(String) });
    const response = await download("a");
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(files.a)).toBe(true);
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="a.pdf"; filename*=UTF-8''a.pdf`);
  });

  it("never serves another message found at the stored UID: it follows the Message-ID instead", async () => {
    const a = await stored("a");
    const c = await stored("c");
    await db.database.raw.query("update public.messages set provider_meta = $2::jsonb where id = $1", [a.id, JSON.stringify({ ...a.provider_meta, uid: c.provider_meta.uid })]);
    const response = await download("a");
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(files.a)).toBe(true);
  });

  it("finds the message by Message-ID when UIDVALIDITY no longer matches", async () => {
    const b = await stored("b");
    await db.database.raw.query("update public.messages set provider_meta = $2::jsonb where id = $1", [b.id, JSON.stringify({ ...b.provider_meta, uidValidity: "1" })]);
    const response = await download("b");
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(files.b)).toBe(true);
  });

  it("follows a message another client archived", async () => {
    await onServer((client) => client.messageMove({ header: { "message-id": "files-b@client.test" } }, "Archive").then(() => {}));
    const response = await download("b");
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(files.b)).toBe(true);
  });

  it("answers 409 with the folder named when the message was deleted, or moved where Aiva doesn't look", async () => {
    await onServer(async (client) => {
      await client.messageDelete({ header: { "message-id": "files-c@client.test" } });
      await client.mailboxCreate("Projects").catch(() => {});
      await client.messageMove({ header: { "message-id": "files-d@client.test" } }, "Projects");
    });
    for (const key of ["c", "d"]) {
      const response = await download(key);
      expect(response.status, key).toBe(409);
      expect((await response.json()).error).toBe(
        'This message is no longer in "INBOX" on the mail server: it was deleted or moved there. Aiva can only fetch attachments of messages still in your mailbox.',
      );
    }
  });

  it("answers 502 with the server's reason when the password no longer works", async () => {
    const secrets = connectionSecrets({ id: connectionId, workspaceId: ada.personalWorkspaceId });
    await secrets.set("imapPassword", "changed-elsewhere");
    try {
      const response = await download("a");
      expect(response.status).toBe(502);
      expect((await response.json()).error).toMatch(/^Couldn't get the attachment from IMAP mailbox\. The mail server rejected the user name or password/);
    } finally {
      await secrets.set("imapPassword", alice.password);
    }
  });
});
