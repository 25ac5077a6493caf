import { gmail as gmailApi, type gmail_v1 } from "@googleapis/gmail";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChannelError } from "@/server/channels/errors";
import { adapter as gmail } from "@/server/channels/gmail/adapter";
import { googleOAuthClient } from "@/server/channels/gmail/client";
import { GOOGLE_SECRETS, googleConfig } from "@/server/channels/gmail/config";
import { generateKeyText } from "@/server/crypto/keys";
import { ingestMessages } from "@/server/sync/ingest";
import { connectionSecrets, loadConnection, runSync } from "@/server/sync/run-sync";
import { stopJobQueue } from "@/server/jobs/queue";
import { type GoogleEmulator, TEST_CLIENT, faults, startGoogleEmulator } from "../helpers/google-emulator";
import { createTestDatabase, createUser, type TestUser } from "../helpers/test-database";

// Gmail against a local Google (@inbox-zero/emulate, behind a fault-injecting proxy):
// OAuth tokens from the emulator's own consent flow, initial sync, history, an expired
// history id, label write-back, sending in a thread, a revoked grant, and rate limits.

const ALICE = "alice@aiva.test";
const BOB = "bob@aiva.test";
const day = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * day).toISOString();

const saved = { ...process.env };
let google: GoogleEmulator;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let ada: TestUser;
let connectionId: string;
/** Another Gmail client acting on Alice's mailbox, as her phone would. */
let phone: gmail_v1.Gmail;

const count = async (sql: string, params: unknown[] = []) => (await db.database.raw.query<{ n: number }>(sql, params))[0]?.n ?? -1;

type Row = { provider_message_id: string; thread_id: string; direction: string; is_read: boolean; is_starred: boolean; is_archived: boolean; labels: string[] };
const rows = async () =>
  db.database.raw.query<Row>(
    `select provider_message_id, thread_id::text, direction, is_read, is_starred, is_archived, labels
     from public.messages where connection_id = $1 order by provider_message_id`,
    [connectionId],
  );
const row = async (id: string) => (await rows()).find((r) => r.provider_message_id === id);
const cursor = async () => String((await loadConnection(connectionId))?.syncCursor?.historyId ?? "");

async function connectGmail(email: string, tokens: { refresh: string; access: string; expiresAt: number }): Promise<string> {
  const [created] = await db.database.raw.query<{ id: string }>(
    `insert into public.channel_connections (workspace_id, user_id, provider, provider_account_id, display_name, metadata)
     values ($1, $2, 'gmail', $3, $3, $4::jsonb) returning id::text as id`,
    [ada.personalWorkspaceId, ada.id, email, JSON.stringify({ email, name: email, scopes: ["https://www.googleapis.com/auth/gmail.modify"] })],
  );
  const secrets = connectionSecrets({ id: created!.id, workspaceId: ada.personalWorkspaceId });
  await secrets.set(GOOGLE_SECRETS.refreshToken, tokens.refresh);
  await secrets.set(GOOGLE_SECRETS.accessToken, tokens.access);
  await secrets.set(GOOGLE_SECRETS.accessTokenExpiresAt, String(tokens.expiresAt));
  return created!.id;
}

async function context(id = connectionId) {
  const connection = (await loadConnection(id))!;
  return { connection, secrets: connectionSecrets(connection), signal: new AbortController().signal };
}

const labelsAtGoogle = async (id: string) => (await phone.users.messages.get({ userId: "me", id, format: "minimal" })).data.labelIds ?? [];

function rawMail(headers: Record<string, string>, body: string): string {
  const lines = Object.entries({ Date: new Date().toUTCString(), "MIME-Version": "1.0", "Content-Type": "text/plain; charset=utf-8", ...headers });
  return Buffer.from(`${lines.map(([k, v]) => `${k}: ${v}`).join("\r\n")}\r\n\r\n${body}\r\n`).toString("base64url");
}

describe("Gmail channel against the Google emulator", () => {
  beforeAll(async () => {
    process.env.TOKEN_ENCRYPTION_KEY = generateKeyText();
    google = await startGoogleEmulator({
      users: [
        { email: ALICE, name: "Alice Example" },
        { email: BOB, name: "Bob Example" },
      ],
      messages: [
        {
          id: "m1",
          thread_id: "t1",
          user_email: ALICE,
          from: "Dana Ortiz <dana@client.test>",
          to: ALICE,
          subject: "Quarterly report",
          body_text: "Could you review the quarterly report?",
          message_id: "<report-1@client.test>",
          label_ids: ["INBOX", "UNREAD", "CATEGORY_PERSONAL"],
          date: ago(3),
        },
        {
          id: "m2",
          thread_id: "t1",
          user_email: ALICE,
          from: ALICE,
          to: "dana@client.test",
          subject: "Re: Quarterly report",
          body_text: "Yes, on it.",
          message_id: "<reply-1@aiva.test>",
          in_reply_to: "<report-1@client.test>",
          references: "<report-1@client.test>",
          label_ids: ["SENT"],
          date: ago(2),
        },
        {
          id: "m3",
          user_email: ALICE,
          from: "Deals <deals@shop.test>",
          to: ALICE,
          subject: "50% off everything",
          body_text: "Sale ends Sunday.",
          label_ids: ["INBOX", "STARRED", "CATEGORY_PROMOTIONS"],
          date: ago(1),
        },
        { id: "m4", user_email: ALICE, from: "news@paper.test", to: ALICE, subject: "Old news", body_text: "Archived.", label_ids: ["CATEGORY_UPDATES"], date: ago(5) },
        { id: "m5", user_email: ALICE, from: "spam@bad.test", to: ALICE, subject: "Trash", body_text: "x", label_ids: ["TRASH"], date: ago(1) },
        { id: "m6", user_email: ALICE, from: ALICE, to: "x@y.test", subject: "Draft", body_text: "unsent", label_ids: ["DRAFT"], date: ago(1) },
        { id: "m7", user_email: ALICE, from: "a@b.test", to: ALICE, subject: "Ancient", body_text: "too old", label_ids: ["INBOX"], date: ago(200) },
        { id: "b1", user_email: BOB, from: "a@b.test", to: BOB, subject: "For Bob", body_text: "hi", label_ids: ["INBOX", "UNREAD"], date: ago(1) },
      ],
    });
    process.env.GOOGLE_CLIENT_ID = TEST_CLIENT.clientId;
    process.env.GOOGLE_CLIENT_SECRET = TEST_CLIENT.clientSecret;
    process.env.GOOGLE_API_BASE_URL = google.url;
    process.env.AIVA_SYNC_INITIAL_DAYS = "30";
    db = await createTestDatabase();
    ada = await createUser(db.database, "ada@example.com");

    // Real tokens through the emulator's consent screen and googleOAuthClient's code exchange.
    const oauth = googleOAuthClient(googleConfig()!, TEST_CLIENT.redirectUri);
    const { tokens } = await oauth.getToken(await google.authorize(ALICE));
    connectionId = await connectGmail(ALICE, { refresh: tokens.refresh_token!, access: tokens.access_token!, expiresAt: tokens.expiry_date! });
    const phoneAuth = googleOAuthClient(googleConfig()!);
    phoneAuth.setCredentials((await googleOAuthClient(googleConfig()!, TEST_CLIENT.redirectUri).getToken(await google.authorize(ALICE))).tokens);
    phone = gmailApi({ version: "v1", auth: phoneAuth, rootUrl: `${google.url}/` });
  }, 60_000);

  afterAll(async () => {
    await stopJobQueue();
    await db?.cleanup();
    await google?.close();
    process.env = saved;
  });

  it("initial sync stores the window's mail (not trash, drafts or older mail) with threads, labels and state", async () => {
    const outcome = await runSync({ connectionId });
    expect(outcome.imported).toBe(4);
    const stored = await rows();
    expect(stored.map((r) => r.provider_message_id)).toEqual(["m1", "m2", "m3", "m4"]);
    const [m1, m2, m3, m4] = stored;
    expect(m1).toMatchObject({ direction: "inbound", is_read: false, is_starred: false, is_archived: false });
    expect(m1!.labels).toEqual(expect.arrayContaining(["INBOX", "UNREAD", "CATEGORY_PERSONAL"]));
    expect(m2).toMatchObject({ direction: "outbound", is_read: true, is_archived: false });
    expect(m2!.thread_id).toBe(m1!.thread_id);
    expect(m3).toMatchObject({ is_read: true, is_starred: true, is_archived: false });
    expect(m3!.labels).toContain("CATEGORY_PROMOTIONS");
    expect(m4).toMatchObject({ is_archived: true });
    const [meta] = await db.database.raw.query<{ provider_thread_id: string; provider_meta: unknown }>(
      "select provider_thread_id, provider_meta from public.messages where connection_id = $1 and provider_message_id = 'm1'",
      [connectionId],
    );
    expect(meta).toEqual({ provider_thread_id: "t1", provider_meta: { gmailId: "m1", threadId: "t1" } });
    expect(await cursor()).toMatch(/^\d+$/);
    expect((await loadConnection(connectionId))?.syncCursor).toEqual({ historyId: await cursor() });
    const [state] = await db.database.raw.query<{ status: string }>("select status from public.channel_connections where id = $1", [connectionId]);
    expect(state?.status).toBe("active");
  });

  it("picks up new mail and label changes made elsewhere through history, refreshing an expired token", async () => {
    const before = await cursor();
    await phone.users.messages.insert({
      userId: "me",
      requestBody: {
        labelIds: ["INBOX", "UNREAD", "CATEGORY_SOCIAL"],
        raw: rawMail({ From: "Sam <sam@friends.test>", To: ALICE, Subject: "Dinner?", "Message-ID": "<dinner@friends.test>" }, "Friday?"),
      },
    });
    await phone.users.messages.modify({ userId: "me", id: "m1", requestBody: { removeLabelIds: ["UNREAD"], addLabelIds: ["STARRED"] } });
    await phone.users.messages.modify({ userId: "me", id: "m3", requestBody: { removeLabelIds: ["INBOX"] } });
    await phone.users.messages.trash({ userId: "me", id: "m4" });
    // The stored access token has expired: the adapter refreshes it and saves the new one.
    const secrets = connectionSecrets({ id: connectionId, workspaceId: ada.personalWorkspaceId });
    const oldToken = await secrets.get(GOOGLE_SECRETS.accessToken);
    await secrets.set(GOOGLE_SECRETS.accessTokenExpiresAt, String(Date.now() - 1000));

    const outcome = await runSync({ connectionId });
    expect(outcome.imported).toBe(1);
    expect(await row("m1")).toMatchObject({ is_read: true, is_starred: true });
    expect(await row("m3")).toMatchObject({ is_archived: true });
    expect(await row("m4")).toMatchObject({ is_archived: true });
    const added = (await rows()).find((r) => !["m1", "m2", "m3", "m4"].includes(r.provider_message_id));
    expect(added).toMatchObject({ direction: "inbound", is_read: false });
    expect(added!.labels).toContain("CATEGORY_SOCIAL");
    expect(BigInt(await cursor())).toBeGreaterThan(BigInt(before));
    expect(await secrets.get(GOOGLE_SECRETS.accessToken)).not.toBe(oldToken);
    expect(Number(await secrets.get(GOOGLE_SECRETS.accessTokenExpiresAt))).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect(google.requests.some((r) => r.startsWith("GET /gmail/v1/users/me/history?"))).toBe(true);
  });

  it("resyncs after an expired history id without duplicates, catching up on state", async () => {
    const before = await count("select count(*)::int as n from public.messages where connection_id = $1", [connectionId]);
    await phone.users.messages.modify({ userId: "me", id: "m1", requestBody: { addLabelIds: ["UNREAD"] } });
    google.fail(faults.notFound((path) => path.startsWith("/gmail/v1/users/me/history?"), 1));
    const outcome = await runSync({ connectionId });
    expect(outcome.imported).toBe(0);
    expect(await count("select count(*)::int as n from public.messages where connection_id = $1", [connectionId])).toBe(before);
    expect(
      await count(
        "select count(*)::int as n from (select provider_message_id from public.messages where connection_id = $1 group by 1 having count(*) > 1) d",
        [connectionId],
      ),
    ).toBe(0);
    expect(await row("m1")).toMatchObject({ is_read: false });
    // Stored messages are not downloaded again: their labels are read in "minimal" format.
    const rawGets = google.requests.filter((r) => /\/messages\/m1\?.*format=raw/.test(r));
    expect(rawGets).toHaveLength(1);
  });

  it("writes read, starred and archived back as labels, never putting sent mail in the inbox", async () => {
    const ctx = await context();
    const meta = (id: string) => ({ gmailId: id, threadId: id === "m2" ? "t1" : id });
    const moved = await gmail.pushState!(ctx, [
      { providerMessageId: "m1", providerMeta: meta("m1"), isRead: true, isStarred: false, isArchived: true },
      { providerMessageId: "m3", providerMeta: meta("m3"), isRead: false, isStarred: true, isArchived: false },
      { providerMessageId: "m2", providerMeta: meta("m2"), isRead: true, isStarred: false, isArchived: false },
    ]);
    expect(moved).toEqual([]);
    const m1 = await labelsAtGoogle("m1");
    expect(m1).not.toContain("UNREAD");
    expect(m1).not.toContain("STARRED");
    expect(m1).not.toContain("INBOX");
    expect(await labelsAtGoogle("m3")).toEqual(expect.arrayContaining(["INBOX", "UNREAD", "STARRED"]));
    expect(await labelsAtGoogle("m2")).not.toContain("INBOX");
  });

  it("replies in the Gmail thread with In-Reply-To, References and threadId, and the next sync stores it once", async () => {
    const ctx = await context();
    const sent = await gmail.send!(ctx, {
      from: { name: "Alice Example", email: ALICE },
      to: [{ name: "Dana Ortiz", email: "dana@client.test" }],
      cc: [],
      bcc: [],
      subject: "Re: Quarterly report",
      text: "Done, see attached notes.",
      inReplyTo: { internetMessageId: "reply-1@aiva.test", references: ["report-1@client.test"], providerThreadId: "t1" },
    });
    expect(sent).toMatchObject({ direction: "outbound", providerThreadId: "t1", inReplyTo: "reply-1@aiva.test", isRead: true });
    expect(sent.references).toEqual(["report-1@client.test", "reply-1@aiva.test"]);
    expect(sent.labels).toContain("SENT");
    expect(sent.providerMeta).toEqual({ gmailId: sent.providerMessageId, threadId: "t1" });
    const atGoogle = await phone.users.messages.get({ userId: "me", id: sent.providerMessageId, format: "raw" });
    expect(atGoogle.data.threadId).toBe("t1");
    const source = Buffer.from(atGoogle.data.raw!, "base64url").toString();
    expect(source).toMatch(/^In-Reply-To: <reply-1@aiva\.test>/m);
    expect(source).toMatch(/^References: <report-1@client\.test> <reply-1@aiva\.test>/m);

    const { inserted } = await ingestMessages({ workspaceId: ada.personalWorkspaceId, connectionId }, [sent]);
    expect(inserted).toHaveLength(1);
    expect((await row(sent.providerMessageId))?.thread_id).toBe((await row("m1"))?.thread_id);
    const outcome = await runSync({ connectionId });
    expect(outcome.imported).toBe(0);
    expect(await count("select count(*)::int as n from public.messages where connection_id = $1 and provider_message_id = $2", [connectionId, sent.providerMessageId])).toBe(1);
  });

  it("waits out 429 (Retry-After) and 403 userRateLimitExceeded, then succeeds", async () => {
    await phone.users.messages.insert({
      userId: "me",
      requestBody: { labelIds: ["INBOX", "UNREAD"], raw: rawMail({ From: "ops@client.test", To: ALICE, Subject: "Limits", "Message-ID": "<limits@client.test>" }, "x") },
    });
    const isGet = (path: string) => /^\/gmail\/v1\/users\/me\/messages\/[^/?]+\?/.test(path);
    google.fail({ ...faults.rateLimited(isGet, 2, 1), method: "GET" });
    google.fail({ ...faults.userRateLimited((p) => p.startsWith("/gmail/v1/users/me/history?"), 1), method: "GET" });
    const started = Date.now();
    const outcome = await runSync({ connectionId });
    expect(outcome.imported).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    google.clearFaults();
  });

  it("gives up after repeated rate limits as a transient error, keeping the cursor on what was stored", async () => {
    const before = await cursor();
    await phone.users.messages.insert({
      userId: "me",
      requestBody: { labelIds: ["INBOX"], raw: rawMail({ From: "ops@client.test", To: ALICE, Subject: "Still limited", "Message-ID": "<still@client.test>" }, "x") },
    });
    google.fail({ ...faults.rateLimited((p) => /^\/gmail\/v1\/users\/me\/messages\/[^/?]+\?/.test(p), Infinity, 0), method: "GET" });
    const error = await runSync({ connectionId }).catch((e) => e);
    google.clearFaults();
    expect(error).toBeInstanceOf(ChannelError);
    expect((error as ChannelError).kind).toBe("transient");
    const [state] = await db.database.raw.query<{ status: string; last_error: string }>(
      "select status, last_error from public.channel_connections where id = $1",
      [connectionId],
    );
    expect(state).toMatchObject({ status: "error", last_error: expect.stringMatching(/limiting/) });
    expect(await cursor()).toBe(before);
    // The next run picks the message up.
    expect((await runSync({ connectionId })).imported).toBe(1);
  });

  it("marks the connection reauth_required, with a readable error, when Google refuses the refresh token", async () => {
    const revoked = await connectGmail(BOB, { refresh: "google_refresh_bogus", access: "expired-access", expiresAt: Date.now() - 60_000 });
    const outcome = await runSync({ connectionId: revoked });
    expect(outcome.imported).toBe(0);
    const [state] = await db.database.raw.query<{ status: string; last_error: string }>(
      "select status, last_error from public.channel_connections where id = $1",
      [revoked],
    );
    expect(state).toEqual({ status: "reauth_required", last_error: "Google access was revoked. Reconnect the account." });
    const tokenCalls = google.requests.filter((r) => r.startsWith("POST /oauth2/token")).length;
    expect(tokenCalls).toBeGreaterThanOrEqual(1);
  });

  it("treats a 401 that survives a token refresh as revoked access", async () => {
    const oauth = googleOAuthClient(googleConfig()!, TEST_CLIENT.redirectUri);
    const { tokens } = await oauth.getToken(await google.authorize(BOB));
    await db.database.raw.query("delete from public.channel_connections where provider_account_id = $1", [BOB]);
    const bob = await connectGmail(BOB, { refresh: tokens.refresh_token!, access: tokens.access_token!, expiresAt: tokens.expiry_date! });
    google.fail(faults.unauthorized((p) => p.startsWith("/gmail/v1/"), Infinity));
    const before = google.requests.length;
    await runSync({ connectionId: bob });
    google.clearFaults();
    const [state] = await db.database.raw.query<{ status: string; last_error: string }>(
      "select status, last_error from public.channel_connections where id = $1",
      [bob],
    );
    expect(state).toEqual({ status: "reauth_required", last_error: "Google access was revoked. Reconnect the account." });
    // One try, one refresh, one retry: no loop.
    expect(google.requests.slice(before).filter((r) => r.startsWith("GET /gmail/")).length).toBe(2);
    expect(google.requests.slice(before).filter((r) => r.startsWith("POST /oauth2/token")).length).toBe(1);
  });
});
