import crypto from "node:crypto";
import http from "node:http";
import type net from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/webhooks/gmail/route";
import { googleOAuthClient } from "@/server/channels/gmail/client";
import { GOOGLE_SECRETS, googleConfig } from "@/server/channels/gmail/config";
import { handleGmailPush } from "@/server/channels/gmail/push";
import { RENEW_WITHIN_MS, renewGmailWatches, startGmailWatch, watchIsDue } from "@/server/channels/gmail/watch";
import { generateKeyText } from "@/server/crypto/keys";
import { stopJobQueue } from "@/server/jobs/queue";
import { runCronSync } from "@/server/sync/cron-sync";
import { connectionSecrets, loadConnection } from "@/server/sync/run-sync";
import { type GoogleEmulator, TEST_CLIENT, startGoogleEmulator } from "../helpers/google-emulator";
import { createTestDatabase, createUser, type TestUser } from "../helpers/test-database";

// Gmail push: users.watch against the Google emulator (started on connect, renewed when it
// nears expiry, nothing without a topic), and POST /api/webhooks/gmail with Pub/Sub OIDC
// tokens signed by a key this test makes and serves as Google's JWKS. Every forgery is
// refused and queues nothing; duplicate and late pushes add no work.

const ALICE = "alice@aiva.test";
const CAROL = "carol@aiva.test";
const DAN = "dan@aiva.test";
const TOPIC = "projects/aiva-test/topics/gmail";
const AUDIENCE = "https://aiva.test/api/webhooks/gmail";
const PUSHER = "gmail-push@aiva-test.iam.gserviceaccount.com";
const HOUR = 3_600_000;

const saved = { ...process.env };
let google: GoogleEmulator;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let ada: TestUser;
let bob: TestUser;
let carol: TestUser;

const q = <T extends Record<string, unknown> = Record<string, unknown>>(sql: string, params: unknown[] = []) => db.database.raw.query<T>(sql, params);
const count = async (sql: string, params: unknown[] = []) => (await q<{ n: number }>(sql, params))[0]?.n ?? -1;
const pendingSyncJobs = () => count("select count(*)::int as n from pgboss.job where name = 'sync' and state in ('created', 'retry', 'active')");
const syncRuns = () => count("select count(*)::int as n from public.sync_runs");
const metadata = async (id: string) => (await loadConnection(id))!.metadata;

async function insertGmailConnection(user: TestUser, email: string, status = "active"): Promise<string> {
  const [row] = await q<{ id: string }>(
    `insert into public.channel_connections (workspace_id, user_id, provider, provider_account_id, display_name, status, metadata)
     values ($1, $2, 'gmail', $3, $3, $4, $5::jsonb) returning id::text as id`,
    [user.personalWorkspaceId, user.id, email, status, JSON.stringify({ email })],
  );
  return row!.id;
}

// --- A stand-in for Google's signing keys ------------------------------------------------

type Key = { kid: string; privateKey: crypto.KeyObject; publicKey: crypto.KeyObject };
const makeKey = (kid: string): Key => ({ kid, ...crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }) });
const googleKey = makeKey("google-key-1");
/** Someone else's key, once under Google's key id and once under its own. */
const forgerKey = makeKey("google-key-1");
const strangerKey = makeKey("stranger-key");

let certs: http.Server;
let certsOrigin = "";
let certsRequests = 0;

async function startCertsServer(): Promise<void> {
  certs = http.createServer((req, res) => {
    if (req.url !== "/oauth2/v3/certs") {
      res.writeHead(404).end();
      return;
    }
    certsRequests++;
    const jwk = { ...googleKey.publicKey.export({ format: "jwk" }), kid: googleKey.kid, alg: "RS256", use: "sig" };
    res.writeHead(200, { "content-type": "application/json", "cache-control": "public, max-age=3600" });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => certs.listen(0, "127.0.0.1", resolve));
  certsOrigin = `http://127.0.0.1:${(certs.address() as net.AddressInfo).port}`;
}

const b64url = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

function signToken(claims: Record<string, unknown>, key: Key = googleKey, header: Record<string, unknown> = {}): string {
  const head = b64url({ alg: "RS256", typ: "JWT", kid: key.kid, ...header });
  const body = b64url(claims);
  const signature = crypto.sign("RSA-SHA256", Buffer.from(`${head}.${body}`), key.privateKey).toString("base64url");
  return `${head}.${body}.${signature}`;
}

/** The claims of a Pub/Sub push token as Google issues them. */
function pubsubClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { iss: certsOrigin, aud: AUDIENCE, azp: "1234567890", sub: "1234567890", email: PUSHER, email_verified: true, iat: now, exp: now + 3600, ...overrides };
}

const bearer = (token: string) => `Bearer ${token}`;
const validAuth = () => bearer(signToken(pubsubClaims()));

function pushBody(notification: unknown, messageId = String(Math.random()).slice(2)): string {
  const data = typeof notification === "string" ? notification : Buffer.from(JSON.stringify(notification)).toString("base64");
  return JSON.stringify({
    message: { data, messageId, message_id: messageId, publishTime: new Date().toISOString(), attributes: {} },
    subscription: "projects/aiva-test/subscriptions/gmail-push",
  });
}

async function post(authorization: string | null, body: string): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (authorization) headers.authorization = authorization;
  return POST(new Request("http://localhost/api/webhooks/gmail", { method: "POST", headers, body }));
}

beforeAll(async () => {
  process.env.TOKEN_ENCRYPTION_KEY = generateKeyText();
  process.env.GOOGLE_CLIENT_ID = TEST_CLIENT.clientId;
  process.env.GOOGLE_CLIENT_SECRET = TEST_CLIENT.clientSecret;
  google = await startGoogleEmulator({
    users: [
      { email: ALICE, name: "Alice" },
      { email: CAROL, name: "Carol" },
      { email: DAN, name: "Dan" },
    ],
    messages: [{ id: "c1", user_email: CAROL, from: "a@b.test", to: CAROL, subject: "Hi", body_text: "hi", label_ids: ["INBOX"], date: new Date().toISOString() }],
  });
  await startCertsServer();
  db = await createTestDatabase();
  ada = await createUser(db.database, "ada@example.com");
  bob = await createUser(db.database, "bob@example.com");
  carol = await createUser(db.database, "carol@example.com");
}, 60_000);

afterAll(async () => {
  await stopJobQueue();
  await db?.cleanup();
  await google?.close();
  certs?.closeAllConnections();
  await new Promise<void>((resolve) => (certs ? certs.close(() => resolve()) : resolve()));
  process.env = saved;
});

describe("Gmail watch against the Google emulator", () => {
  let carolConnection: string;
  let danConnection: string;
  const watchCalls = () => google.requests.filter((r) => /^POST \/gmail\/v1\/users\/me\/watch/.test(r)).length;

  async function connectWithTokens(email: string): Promise<string> {
    const id = await insertGmailConnection(ada, email);
    const { tokens } = await googleOAuthClient(googleConfig()!, TEST_CLIENT.redirectUri).getToken(await google.authorize(email));
    const secrets = connectionSecrets({ id, workspaceId: ada.personalWorkspaceId });
    await secrets.set(GOOGLE_SECRETS.refreshToken, tokens.refresh_token!);
    await secrets.set(GOOGLE_SECRETS.accessToken, tokens.access_token!);
    await secrets.set(GOOGLE_SECRETS.accessTokenExpiresAt, String(tokens.expiry_date!));
    return id;
  }

  beforeAll(async () => {
    process.env.GOOGLE_API_BASE_URL = google.url;
    vi.spyOn(console, "error").mockImplementation(() => {});
    carolConnection = await connectWithTokens(CAROL);
    danConnection = await connectWithTokens(DAN);
  });

  beforeEach(() => {
    process.env.GOOGLE_API_BASE_URL = google.url;
    process.env.GMAIL_PUBSUB_TOPIC = TOPIC;
    google.clearFaults();
  });

  afterAll(() => {
    vi.restoreAllMocks();
  });

  it("does nothing at all without GMAIL_PUBSUB_TOPIC", async () => {
    delete process.env.GMAIL_PUBSUB_TOPIC;
    expect(await startGmailWatch(carolConnection)).toEqual({ kind: "skipped", reason: "no-topic" });
    expect(await renewGmailWatches()).toEqual({ renewed: 0, failed: 0 });
    expect(watchCalls()).toBe(0);
    expect(await metadata(carolConnection)).not.toHaveProperty("watchExpiresAt");
  });

  it("startGmailWatch calls users.watch and records the watch's expiry and history id", async () => {
    const result = await startGmailWatch(carolConnection);
    expect(result.kind).toBe("started");
    expect(watchCalls()).toBe(1);
    const meta = await metadata(carolConnection);
    // The emulator's watches last a day (Gmail's, 7 days).
    expect(Date.parse(String(meta.watchExpiresAt))).toBeGreaterThan(Date.now() + 23 * HOUR);
    expect(meta).toMatchObject({ email: CAROL, watchTopic: TOPIC, watchError: null, watchHistoryId: expect.stringMatching(/^\d+$/) });
  });

  it("renewGmailWatches renews only watches expiring within 48 hours (or missing)", async () => {
    const farOff = new Date(Date.now() + 5 * 24 * HOUR).toISOString();
    await q(`update public.channel_connections set metadata = metadata || $2::jsonb where id = $1`, [
      carolConnection,
      JSON.stringify({ watchExpiresAt: farOff, watchTopic: TOPIC, watchError: null }),
    ]);
    const soon = new Date(Date.now() + HOUR).toISOString();
    await q(`update public.channel_connections set metadata = metadata || $2::jsonb where id = $1`, [
      danConnection,
      JSON.stringify({ watchExpiresAt: soon, watchTopic: TOPIC, watchError: null }),
    ]);
    const before = watchCalls();
    expect(await renewGmailWatches()).toEqual({ renewed: 1, failed: 0 });
    expect(watchCalls()).toBe(before + 1);
    expect((await metadata(carolConnection)).watchExpiresAt).toBe(farOff);
    expect(Date.parse(String((await metadata(danConnection)).watchExpiresAt))).toBeGreaterThan(Date.now() + 23 * HOUR);
  });

  it("a refused watch is recorded and not retried on every run", async () => {
    await q(`update public.channel_connections set metadata = metadata || $2::jsonb where id = $1`, [
      danConnection,
      JSON.stringify({ watchExpiresAt: new Date(Date.now() + HOUR).toISOString() }),
    ]);
    // What Gmail answers when the topic doesn't let it publish.
    google.fail({
      match: (path) => path.startsWith("/gmail/v1/users/me/watch"),
      times: 1,
      status: 403,
      body: {
        error: {
          code: 403,
          message: `Error sending test message to Cloud PubSub ${TOPIC} : User not authorized to perform this action.`,
          errors: [{ domain: "global", reason: "forbidden", message: "User not authorized to perform this action." }],
          status: "PERMISSION_DENIED",
        },
      },
    });
    const before = watchCalls();
    expect(await renewGmailWatches()).toEqual({ renewed: 0, failed: 1 });
    expect((await metadata(danConnection)).watchError).toMatch(/gmail-api-push@system\.gserviceaccount\.com may publish/);
    expect(await q("select status from public.channel_connections where id = $1", [danConnection])).toEqual([{ status: "active" }]);
    expect(await renewGmailWatches()).toEqual({ renewed: 0, failed: 0 });
    expect(watchCalls()).toBe(before + 1);
    // Hours later it tries again, and succeeds.
    await q(`update public.channel_connections set metadata = metadata || $2::jsonb where id = $1`, [
      danConnection,
      JSON.stringify({ watchCheckedAt: new Date(Date.now() - 7 * HOUR).toISOString() }),
    ]);
    expect(await renewGmailWatches()).toEqual({ renewed: 1, failed: 0 });
    expect((await metadata(danConnection)).watchError).toBeNull();
  });

  it("the cron route's work renews due watches", async () => {
    await q(`update public.channel_connections set metadata = metadata || $2::jsonb where id = $1`, [
      danConnection,
      JSON.stringify({ watchExpiresAt: new Date(Date.now() + 5 * 24 * HOUR).toISOString() }),
    ]);
    await q(`update public.channel_connections set metadata = metadata || $2::jsonb where id = $1`, [
      carolConnection,
      JSON.stringify({ watchExpiresAt: new Date(Date.now() + HOUR).toISOString() }),
    ]);
    const result = await runCronSync();
    expect(result.watchesRenewed).toBe(1);
  });

  it("a watch is due when missing, near expiry, on another topic, or not yet retried after 6 hours", () => {
    const now = Date.now();
    const iso = (ms: number) => new Date(now + ms).toISOString();
    expect(watchIsDue({}, TOPIC, now)).toBe(true);
    expect(watchIsDue({ watchExpiresAt: iso(5 * 24 * HOUR), watchTopic: TOPIC }, TOPIC, now)).toBe(false);
    expect(watchIsDue({ watchExpiresAt: iso(RENEW_WITHIN_MS - HOUR), watchTopic: TOPIC }, TOPIC, now)).toBe(true);
    expect(watchIsDue({ watchExpiresAt: iso(5 * 24 * HOUR), watchTopic: "projects/x/topics/old" }, TOPIC, now)).toBe(true);
    expect(watchIsDue({ watchError: "no", watchCheckedAt: iso(-HOUR) }, TOPIC, now)).toBe(false);
    expect(watchIsDue({ watchError: "no", watchCheckedAt: iso(-7 * HOUR) }, TOPIC, now)).toBe(true);
  });
});

describe("POST /api/webhooks/gmail", () => {
  let adaAlice: string;
  let bobAlice: string;

  beforeAll(async () => {
    // Alice's mailbox is connected in two workspaces, and was once in a third.
    adaAlice = await insertGmailConnection(ada, ALICE);
    bobAlice = await insertGmailConnection(bob, ALICE);
    await insertGmailConnection(carol, ALICE, "disconnected");
    // Every refusal logs a line; keep them for the assertions, out of the test output.
    vi.spyOn(console, "warn").mockImplementation(() => {});
    vi.spyOn(console, "error").mockImplementation(() => {});
  });

  afterAll(() => {
    vi.restoreAllMocks();
  });

  beforeEach(async () => {
    process.env.GOOGLE_API_BASE_URL = certsOrigin;
    process.env.GMAIL_PUBSUB_AUDIENCE = AUDIENCE;
    process.env.GMAIL_PUBSUB_SERVICE_ACCOUNT = PUSHER;
    await q("delete from pgboss.job where name = 'sync'");
    await q("delete from public.sync_runs");
    await q("update public.channel_connections set sync_cursor = null where provider_account_id = $1", [ALICE]);
  });

  it("a valid push queues one sync for each workspace that connected the mailbox", async () => {
    const response = await post(validAuth(), pushBody({ emailAddress: "Alice@AIVA.test", historyId: 1234 }));
    expect(response.status).toBe(204);
    expect(await pendingSyncJobs()).toBe(2);
    const runs = await q<{ connection_id: string; trigger: string }>("select connection_id::text, trigger from public.sync_runs order by connection_id");
    expect(runs).toEqual(
      [
        { connection_id: adaAlice, trigger: "push" },
        { connection_id: bobAlice, trigger: "push" },
      ].sort((a, b) => a.connection_id.localeCompare(b.connection_id)),
    );
  });

  it("duplicate pushes add no work while a sync is waiting", async () => {
    const body = pushBody({ emailAddress: ALICE, historyId: "1234" }, "same-message");
    expect((await post(validAuth(), body)).status).toBe(204);
    expect((await post(validAuth(), body)).status).toBe(204);
    const third = await handleGmailPush({ authorization: validAuth(), body: pushBody({ emailAddress: ALICE, historyId: "1240" }) });
    expect(third).toEqual({ kind: "accepted", queued: 0, absorbed: 2, upToDate: 0 });
    expect(await pendingSyncJobs()).toBe(2);
    expect(await syncRuns()).toBe(2);
  });

  it("a late push the cursor is already past queues nothing and moves nothing", async () => {
    await q("update public.channel_connections set sync_cursor = $2::jsonb where provider_account_id = $1", [ALICE, JSON.stringify({ historyId: "5000" })]);
    const late = await handleGmailPush({ authorization: validAuth(), body: pushBody({ emailAddress: ALICE, historyId: 4000 }) });
    expect(late).toEqual({ kind: "accepted", queued: 0, absorbed: 0, upToDate: 2 });
    expect((await post(validAuth(), pushBody({ emailAddress: ALICE, historyId: 5000 }))).status).toBe(204);
    expect(await pendingSyncJobs()).toBe(0);
    expect((await loadConnection(adaAlice))?.syncCursor).toEqual({ historyId: "5000" });
    // A newer one does queue.
    expect((await post(validAuth(), pushBody({ emailAddress: ALICE, historyId: 5001 }))).status).toBe(204);
    expect(await pendingSyncJobs()).toBe(2);
  });

  it("a mailbox no live connection has is acknowledged (so Pub/Sub stops) and queues nothing", async () => {
    expect(await handleGmailPush({ authorization: validAuth(), body: pushBody({ emailAddress: "nobody@aiva.test", historyId: 1 }) })).toEqual({
      kind: "ignored",
      reason: "unknown-account",
    });
    expect((await post(validAuth(), pushBody({ emailAddress: "nobody@aiva.test", historyId: 1 }))).status).toBe(204);
    expect(await pendingSyncJobs()).toBe(0);
    expect(await syncRuns()).toBe(0);
  });

  const now = () => Math.floor(Date.now() / 1000);
  const forgeries: { name: string; auth: () => string | null; status: number; reason: string }[] = [
    { name: "no token", auth: () => null, status: 401, reason: "missing-token" },
    { name: "a token that is not a bearer token", auth: () => `Basic ${Buffer.from("a:b").toString("base64")}`, status: 401, reason: "missing-token" },
    { name: "garbage for a token", auth: () => bearer("not.a.jwt"), status: 401, reason: "malformed-token" },
    { name: "the wrong audience", auth: () => bearer(signToken(pubsubClaims({ aud: "https://elsewhere.test/hook" }))), status: 403, reason: "wrong-audience" },
    { name: "the wrong signer under Google's key id", auth: () => bearer(signToken(pubsubClaims(), forgerKey)), status: 401, reason: "bad-signature" },
    { name: "a key Google doesn't publish", auth: () => bearer(signToken(pubsubClaims(), strangerKey)), status: 401, reason: "unknown-key" },
    { name: "an expired token", auth: () => bearer(signToken(pubsubClaims({ iat: now() - 7200, exp: now() - 3600 }))), status: 401, reason: "expired" },
    { name: "another issuer", auth: () => bearer(signToken(pubsubClaims({ iss: "https://issuer.evil.test" }))), status: 401, reason: "wrong-issuer" },
    { name: "another service account", auth: () => bearer(signToken(pubsubClaims({ email: "someone@evil.iam.gserviceaccount.com" }))), status: 403, reason: "wrong-service-account" },
    { name: "an unverified email", auth: () => bearer(signToken(pubsubClaims({ email_verified: false }))), status: 403, reason: "unverified-email" },
    { name: "a token living too long", auth: () => bearer(signToken(pubsubClaims({ exp: now() + 30 * 24 * 3600 }))), status: 401, reason: "malformed-token" },
    {
      name: "alg none",
      auth: () => bearer(`${b64url({ alg: "none", kid: googleKey.kid })}.${b64url(pubsubClaims())}.`),
      status: 401,
      reason: "malformed-token",
    },
    {
      name: "HS256 keyed with the public key",
      auth: () => {
        const head = b64url({ alg: "HS256", kid: googleKey.kid });
        const body = b64url(pubsubClaims());
        const pem = googleKey.publicKey.export({ type: "spki", format: "pem" });
        return bearer(`${head}.${body}.${crypto.createHmac("sha256", pem).update(`${head}.${body}`).digest("base64url")}`);
      },
      status: 401,
      reason: "malformed-token",
    },
    {
      name: "a genuine token with its claims swapped",
      auth: () => {
        const [head, , signature] = signToken(pubsubClaims({ aud: "https://elsewhere.test/hook" })).split(".");
        return bearer(`${head}.${b64url(pubsubClaims())}.${signature}`);
      },
      status: 401,
      reason: "bad-signature",
    },
  ];

  it.each(forgeries)("refuses $name and queues nothing", async ({ auth, status, reason }) => {
    const body = pushBody({ emailAddress: ALICE, historyId: 99 });
    expect(await handleGmailPush({ authorization: auth(), body })).toMatchObject({ kind: "refused", reason, status });
    const response = await post(auth(), body);
    expect(response.status).toBe(status);
    const answer = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(answer)).toEqual(["error"]);
    expect(String(answer.error)).not.toMatch(/at |Error|jwt|token:/);
    expect(await pendingSyncJobs()).toBe(0);
    expect(await syncRuns()).toBe(0);
  });

  const malformed: { name: string; body: string }[] = [
    { name: "not JSON", body: "{nope" },
    { name: "an empty object", body: "{}" },
    { name: "no subscription", body: JSON.stringify({ message: { data: Buffer.from("{}").toString("base64"), messageId: "1" } }) },
    { name: "data that isn't base64", body: pushBody("@@@ not base64 @@@") },
    { name: "data that isn't JSON", body: pushBody(Buffer.from("hello").toString("base64")) },
    { name: "no historyId", body: pushBody({ emailAddress: ALICE }) },
    { name: "a historyId that isn't a number", body: pushBody({ emailAddress: ALICE, historyId: "12; drop table" }) },
    { name: "no email address", body: pushBody({ historyId: 12 }) },
    { name: "an email address that isn't one", body: pushBody({ emailAddress: "alice", historyId: 12 }) },
    { name: "an oversized body", body: pushBody({ emailAddress: ALICE, historyId: 12, padding: "x".repeat(70_000) }) },
  ];

  it.each(malformed)("answers 400 to a verified push with $name, queueing nothing", async ({ body }) => {
    const response = await post(validAuth(), body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "Malformed push message" });
    expect(await pendingSyncJobs()).toBe(0);
    expect(await syncRuns()).toBe(0);
  });

  it("refuses everything while GMAIL_PUBSUB_AUDIENCE is unset (503, so Pub/Sub keeps the messages)", async () => {
    delete process.env.GMAIL_PUBSUB_AUDIENCE;
    vi.mocked(console.error).mockClear();
    const response = await post(validAuth(), pushBody({ emailAddress: ALICE, historyId: 12 }));
    expect(response.status).toBe(503);
    expect(vi.mocked(console.error)).toHaveBeenCalledWith(expect.stringMatching(/GMAIL_PUBSUB_AUDIENCE/));
    expect(await pendingSyncJobs()).toBe(0);
    process.env.GMAIL_PUBSUB_AUDIENCE = AUDIENCE;
    delete process.env.GMAIL_PUBSUB_SERVICE_ACCOUNT;
    expect((await post(validAuth(), pushBody({ emailAddress: ALICE, historyId: 12 }))).status).toBe(503);
    expect(await syncRuns()).toBe(0);
  });

  it("fetches Google's keys once and keeps them (Cache-Control max-age)", async () => {
    const before = certsRequests;
    for (let i = 0; i < 3; i++) await handleGmailPush({ authorization: validAuth(), body: pushBody({ emailAddress: "nobody@aiva.test", historyId: 1 }) });
    expect(certsRequests).toBe(before);
  });
});
