import http from "node:http";
import type net from "node:net";
import { type Emulator, createEmulator } from "@inbox-zero/emulate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GOOGLE_SCOPES, GOOGLE_SECRETS } from "@/server/channels/gmail/config";
import { CALLBACK_PATH, CONNECT_COOKIE, GoogleConnectError, finishGoogleConnect, startGoogleConnect } from "@/server/connections/google-oauth";
import { disconnect } from "@/server/connections/manage-connections";
import { generateKeyText } from "@/server/crypto/keys";
import { stopJobQueue } from "@/server/jobs/queue";
import { connectionSecrets } from "@/server/sync/run-sync";
import { freePort } from "../helpers/google-emulator";
import { createTestDatabase, createUser, type TestUser } from "../helpers/test-database";

// "Connect Gmail" against a local Google (@inbox-zero/emulate): the consent screen is
// driven with fetch, the code exchange and userinfo are the emulator's. Then every way a
// callback can be forged or replayed, each refused with its kind and nothing stored.

const ORIGIN = "http://aiva.connect.test:3999";
const CLIENT = { id: "aiva-connect-test.apps.googleusercontent.com", secret: "GOCSPX-connect-test" };
const ALICE = "Alice.Example@Aiva.test"; // Google keeps the case; Aiva keys the account lower-cased
const BOB = "bob@aiva.test";
const CAROL = "carol@aiva.test";

const saved = { ...process.env };
let emulator: Emulator;
let proxy: http.Server;
/** When set, the proxy drops refresh_token from the next token answer (Google does that for some re-grants). */
let stripRefreshToken = false;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let ada: TestUser;
let ben: TestUser;

type Started = ReturnType<typeof startGoogleConnect>;

/** Signs `email` in on the emulator's consent page for `authUrl`; returns Google's redirect query. */
async function consent(authUrl: string, email: string): Promise<URLSearchParams> {
  const page = await fetch(authUrl);
  const html = await page.text();
  expect(page.status, html).toBe(200);
  const form = html.split("<form").find((f) => f.includes(`name="email" value="${email}"`));
  if (!form) throw new Error(`no consent button for ${email}`);
  const action = /action="([^"]+)"/.exec(form)![1]!;
  const fields = new URLSearchParams();
  for (const [, name, value] of form.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"\/>/g)) {
    fields.set(name!, value!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"));
  }
  const answer = await fetch(new URL(action, authUrl), { method: "POST", body: fields, redirect: "manual" });
  const location = answer.headers.get("location");
  if (answer.status !== 302 || !location) throw new Error(`consent answered ${answer.status}`);
  const back = new URL(location);
  expect(`${back.origin}${back.pathname}`).toBe(`${ORIGIN}${CALLBACK_PATH}`);
  return back.searchParams;
}

const start = (user: TestUser, workspaceId = user.personalWorkspaceId, returnTo?: string) =>
  startGoogleConnect({ userId: user.id, workspaceId, returnTo, origin: ORIGIN });

async function connect(user: TestUser, email: string, workspaceId = user.personalWorkspaceId) {
  const started = start(user, workspaceId);
  const query = await consent(started.url, email);
  return finishGoogleConnect({ userId: user.id, query, cookie: started.cookie.value, origin: ORIGIN });
}

async function refusal(promise: Promise<unknown>): Promise<GoogleConnectError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GoogleConnectError);
  return error as GoogleConnectError;
}

const count = async (sql: string, params: unknown[] = []) => (await db.database.raw.query<{ n: number }>(sql, params))[0]?.n ?? -1;
const gmailConnections = () => count("select count(*)::int as n from public.channel_connections where provider = 'gmail'");

type ConnectionRow = { id: string; workspace_id: string; user_id: string; provider_account_id: string; display_name: string; status: string; metadata: { email: string; name: string; scopes: string[] } };
const connectionRow = async (id: string) =>
  (await db.database.raw.query<ConnectionRow>(
    "select id::text, workspace_id::text, user_id::text, provider_account_id, display_name, status::text, metadata from public.channel_connections where id = $1",
    [id],
  ))[0];

beforeAll(async () => {
  process.env.TOKEN_ENCRYPTION_KEY = generateKeyText();
  const port = await freePort();
  emulator = await createEmulator({
    service: "google",
    port,
    seed: {
      google: {
        users: [
          { email: ALICE, name: "Alice Example" },
          { email: BOB, name: "Bob Example" },
          { email: CAROL, name: "Carol Example" },
        ],
        oauth_clients: [{ client_id: CLIENT.id, client_secret: CLIENT.secret, name: "Aiva", redirect_uris: [`${ORIGIN}${CALLBACK_PATH}`] }],
      },
    },
  });
  const upstream = `http://127.0.0.1:${port}`;
  proxy = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !["host", "connection", "content-length", "accept-encoding"].includes(name)) headers.set(name, String(value));
    }
    const answer = await fetch(`${upstream}${req.url}`, {
      method: req.method,
      headers,
      body: req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks),
      redirect: "manual",
    });
    let body = Buffer.from(await answer.arrayBuffer());
    if (stripRefreshToken && req.url === "/oauth2/token" && answer.ok) {
      stripRefreshToken = false;
      const { refresh_token: _dropped, ...rest } = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
      body = Buffer.from(JSON.stringify(rest));
    }
    const out: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (!["content-length", "content-encoding", "transfer-encoding", "connection"].includes(name)) out[name] = value;
    });
    res.writeHead(answer.status, out).end(body);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  process.env.GOOGLE_CLIENT_ID = CLIENT.id;
  process.env.GOOGLE_CLIENT_SECRET = CLIENT.secret;
  process.env.GOOGLE_API_BASE_URL = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
  process.env.AIVA_PUBLIC_URL = ORIGIN;
  db = await createTestDatabase();
  ada = await createUser(db.database, "ada@example.com", "Ada");
  ben = await createUser(db.database, "ben@example.com", "Ben");
}, 60_000);

afterAll(async () => {
  await stopJobQueue();
  await db?.cleanup();
  proxy?.closeAllConnections();
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
  await emulator?.close();
  process.env = saved;
});

describe("starting a Gmail connect", () => {
  it("asks Google for offline access with PKCE and binds the flow to this browser", () => {
    const { url, cookie } = start(ada);
    const auth = new URL(url);
    expect(`${auth.origin}${auth.pathname}`).toBe(`${process.env.GOOGLE_API_BASE_URL}/o/oauth2/v2/auth`);
    const q = auth.searchParams;
    expect(q.get("client_id")).toBe(CLIENT.id);
    expect(q.get("redirect_uri")).toBe(`${ORIGIN}/api/connect/google/callback`);
    expect(q.get("response_type")).toBe("code");
    expect(q.get("access_type")).toBe("offline");
    expect(q.get("prompt")).toBe("consent");
    expect(q.get("include_granted_scopes")).toBe("true");
    expect(q.get("scope")!.split(" ").sort()).toEqual([...GOOGLE_SCOPES].sort());
    expect(q.get("code_challenge_method")).toBe("S256");
    expect(q.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    // The state names the flow but carries nothing secret, and the cookie is opaque.
    const state = q.get("state")!;
    const payload = JSON.parse(Buffer.from(state.split(".")[0]!, "base64url").toString("utf8"));
    expect(Object.keys(payload).sort()).toEqual(["e", "n", "r", "u", "w"]);
    expect(payload).toMatchObject({ w: ada.personalWorkspaceId, u: ada.id, r: `/w/${ada.personalWorkspaceId}/settings#connections` });
    expect(payload.e - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(payload.e - Date.now()).toBeLessThanOrEqual(10 * 60_000);
    expect(cookie.value).not.toContain(payload.n);
    expect(cookie).toMatchObject({
      name: CONNECT_COOKIE,
      options: { httpOnly: true, sameSite: "lax", secure: false, path: "/api/connect/google/callback", maxAge: 600 },
    });
  });

  it("returns only to a page of the same workspace", () => {
    const r = (returnTo: string) =>
      JSON.parse(Buffer.from(new URL(start(ada, ada.personalWorkspaceId, returnTo).url).searchParams.get("state")!.split(".")[0]!, "base64url").toString()).r;
    expect(r(`/w/${ada.personalWorkspaceId}/inbox`)).toBe(`/w/${ada.personalWorkspaceId}/inbox`);
    expect(r("https://evil.test/")).toBe(`/w/${ada.personalWorkspaceId}/settings#connections`);
    expect(r(`/w/${ben.personalWorkspaceId}/settings`)).toBe(`/w/${ada.personalWorkspaceId}/settings#connections`);
    expect(r(`/w/${ada.personalWorkspaceId}//evil.test`)).toBe(`/w/${ada.personalWorkspaceId}/settings#connections`);
  });

  it("says so when Google isn't configured", async () => {
    const id = process.env.GOOGLE_CLIENT_ID;
    delete process.env.GOOGLE_CLIENT_ID;
    try {
      const error = await refusal(Promise.resolve().then(() => start(ada)));
      expect(error.kind).toBe("not_configured");
      expect(error.message).toMatch(/isn't set up/);
    } finally {
      process.env.GOOGLE_CLIENT_ID = id;
    }
  });
});

describe("finishing a Gmail connect", () => {
  let started: Started;
  let query: URLSearchParams;
  let connectionId: string;

  it("connects the account, stores its tokens encrypted and queues the first sync", async () => {
    started = start(ada);
    query = await consent(started.url, ALICE);
    expect(query.get("code")).toBeTruthy();
    const done = await finishGoogleConnect({ userId: ada.id, query, cookie: started.cookie.value, origin: ORIGIN });
    connectionId = done.connectionId;
    expect(done).toMatchObject({ workspaceId: ada.personalWorkspaceId, email: ALICE.toLowerCase(), reconnected: false, returnTo: `/w/${ada.personalWorkspaceId}/settings#connections` });

    const row = (await connectionRow(connectionId))!;
    expect(row).toMatchObject({
      workspace_id: ada.personalWorkspaceId,
      user_id: ada.id,
      provider_account_id: "alice.example@aiva.test",
      display_name: "Alice Example",
      status: "active",
    });
    expect(row.metadata.email).toBe("alice.example@aiva.test");
    expect(row.metadata.name).toBe("Alice Example");
    expect(row.metadata.scopes).toEqual(expect.arrayContaining(["https://www.googleapis.com/auth/gmail.modify", ...GOOGLE_SCOPES]));

    const secrets = connectionSecrets({ id: connectionId, workspaceId: ada.personalWorkspaceId });
    const refresh = await secrets.get(GOOGLE_SECRETS.refreshToken);
    const access = await secrets.get(GOOGLE_SECRETS.accessToken);
    const expiresAt = Number(await secrets.get(GOOGLE_SECRETS.accessTokenExpiresAt));
    expect(refresh).toMatch(/^google_refresh_/);
    expect(access).toMatch(/^google_/);
    expect(expiresAt).toBeGreaterThan(Date.now() + 50 * 60_000);

    // The tokens work at Google...
    const me = await fetch(`${process.env.GOOGLE_API_BASE_URL}/oauth2/v2/userinfo`, { headers: { authorization: `Bearer ${access}` } });
    expect(((await me.json()) as { email: string }).email).toBe(ALICE);
    // ...and appear nowhere in the database as plaintext.
    const tables = await db.database.raw.query<{ name: string }>(
      "select format('%I.%I', schemaname, tablename) as name from pg_tables where schemaname not in ('pg_catalog', 'information_schema')",
    );
    for (const { name } of tables) {
      const rows = await db.database.raw.query<{ line: string }>(`select t::text as line from ${name} t`);
      for (const { line } of rows) {
        expect(line, `refresh token in ${name}`).not.toContain(refresh!);
        expect(line, `access token in ${name}`).not.toContain(access!);
      }
    }
    expect(await count("select count(*)::int as n from private.secrets where owner_id = $1", [connectionId])).toBe(3);

    expect(
      await count("select count(*)::int as n from public.sync_runs where connection_id = $1 and trigger = 'connect' and status = 'queued'", [connectionId]),
    ).toBe(1);
  });

  it("refuses the same callback again: without the cookie, and with a copy of it", async () => {
    const runs = await count("select count(*)::int as n from public.sync_runs where connection_id = $1", [connectionId]);
    const withoutCookie = await refusal(finishGoogleConnect({ userId: ada.id, query, cookie: undefined, origin: ORIGIN }));
    expect(withoutCookie.kind).toBe("browser_mismatch");
    const withStolenCookie = await refusal(finishGoogleConnect({ userId: ada.id, query, cookie: started.cookie.value, origin: ORIGIN }));
    expect(withStolenCookie.kind).toBe("exchange_failed");
    expect(await gmailConnections()).toBe(1);
    expect(await count("select count(*)::int as n from public.sync_runs where connection_id = $1", [connectionId])).toBe(runs);
  });

  it("reconnecting the account in the same workspace updates its tokens and makes it active", async () => {
    const secrets = connectionSecrets({ id: connectionId, workspaceId: ada.personalWorkspaceId });
    const oldRefresh = await secrets.get(GOOGLE_SECRETS.refreshToken);
    await db.database.raw.query("update public.channel_connections set status = 'reauth_required', last_error = 'Access was revoked' where id = $1", [connectionId]);
    const done = await connect(ada, ALICE);
    expect(done).toMatchObject({ connectionId, reconnected: true });
    expect(await connectionRow(connectionId)).toMatchObject({ status: "active" });
    expect(await count("select count(*)::int as n from public.channel_connections where id = $1 and last_error is null", [connectionId])).toBe(1);
    const newRefresh = await secrets.get(GOOGLE_SECRETS.refreshToken);
    expect(newRefresh).toMatch(/^google_refresh_/);
    expect(newRefresh).not.toBe(oldRefresh);
    expect(await gmailConnections()).toBe(1);
  });
});

describe("forged, stale and foreign callbacks", () => {
  /** A real consent round trip for ada, to tamper with before finishing. */
  async function flow(email = BOB) {
    const started = start(ada);
    const query = await consent(started.url, email);
    return { started, query };
  }

  async function refusedWithoutTrace(kind: string, attempt: () => Promise<unknown>) {
    const before = await gmailConnections();
    const runs = await count("select count(*)::int as n from public.sync_runs");
    const error = await refusal(attempt());
    expect(error.kind).toBe(kind);
    expect(error.message.length).toBeGreaterThan(20);
    expect(await gmailConnections()).toBe(before);
    expect(await count("select count(*)::int as n from public.sync_runs")).toBe(runs);
    return error;
  }

  it("a tampered state", async () => {
    const { started, query } = await flow();
    const [body, signature] = query.get("state")!.split(".");
    const payload = JSON.parse(Buffer.from(body!, "base64url").toString());
    const forgedBody = Buffer.from(JSON.stringify({ ...payload, w: ben.personalWorkspaceId })).toString("base64url");
    for (const state of [`${forgedBody}.${signature}`, `${body}.${signature!.slice(0, -2)}AA`, `${body}`, "not-a-state", ""]) {
      const forged = new URLSearchParams(query);
      forged.set("state", state);
      await refusedWithoutTrace("invalid_state", () => finishGoogleConnect({ userId: ada.id, query: forged, cookie: started.cookie.value, origin: ORIGIN }));
    }
  });

  it("a state signed with another server's key", async () => {
    const { started, query } = await flow();
    const key = process.env.TOKEN_ENCRYPTION_KEY;
    process.env.TOKEN_ENCRYPTION_KEY = generateKeyText();
    try {
      await refusedWithoutTrace("invalid_state", () => finishGoogleConnect({ userId: ada.id, query, cookie: started.cookie.value, origin: ORIGIN }));
    } finally {
      process.env.TOKEN_ENCRYPTION_KEY = key;
    }
  });

  it("an expired state", async () => {
    const { started, query } = await flow();
    const error = await refusedWithoutTrace(
      "expired",
      () => finishGoogleConnect({ userId: ada.id, query, cookie: started.cookie.value, origin: ORIGIN, now: Date.now() + 10 * 60_000 + 1_000 }),
    );
    expect(error.workspaceId).toBe(ada.personalWorkspaceId);
  });

  it("a state made for another user", async () => {
    const started = start(ben);
    const query = await consent(started.url, BOB);
    await refusedWithoutTrace("wrong_user", () => finishGoogleConnect({ userId: ada.id, query, cookie: started.cookie.value, origin: ORIGIN }));
  });

  it("a missing, mismatched or garbled flow cookie", async () => {
    const { started, query } = await flow();
    const other = start(ada);
    for (const cookie of [undefined, "", other.cookie.value, `${started.cookie.value.slice(0, -4)}AAAA`, "v1.x.y.z.w"]) {
      await refusedWithoutTrace("browser_mismatch", () => finishGoogleConnect({ userId: ada.id, query, cookie, origin: ORIGIN }));
    }
    // The genuine pair still works afterwards: the refusals spent nothing.
    const done = await finishGoogleConnect({ userId: ada.id, query, cookie: started.cookie.value, origin: ORIGIN });
    expect(done.email).toBe(BOB);
    await disconnect(ada.id, ada.personalWorkspaceId, done.connectionId);
  });

  it("a callback with a code from another Google sign-in (PKCE)", async () => {
    const { started } = await flow();
    const { query: othersQuery } = await flow();
    const error = await refusedWithoutTrace(
      "browser_mismatch",
      () => finishGoogleConnect({ userId: ada.id, query: othersQuery, cookie: started.cookie.value, origin: ORIGIN }),
    );
    expect(error.kind).toBe("browser_mismatch");
    // Same state and cookie, but the code was issued for another code_challenge.
    const swapped = new URLSearchParams({ state: new URL(started.url).searchParams.get("state")!, code: othersQuery.get("code")! });
    await refusedWithoutTrace("exchange_failed", () => finishGoogleConnect({ userId: ada.id, query: swapped, cookie: started.cookie.value, origin: ORIGIN }));
  });

  it("Google reporting that the person said no", async () => {
    const started = start(ada);
    const query = new URLSearchParams({ error: "access_denied", state: new URL(started.url).searchParams.get("state")! });
    const error = await refusedWithoutTrace("access_denied", () => finishGoogleConnect({ userId: ada.id, query, cookie: started.cookie.value, origin: ORIGIN }));
    expect(error.message).toMatch(/didn't give Aiva access/);
    expect(error.workspaceId).toBe(ada.personalWorkspaceId);
  });

  it("a workspace the user doesn't belong to", async () => {
    const started = start(ada, ben.personalWorkspaceId);
    const query = await consent(started.url, BOB);
    await refusedWithoutTrace("not_member", () => finishGoogleConnect({ userId: ada.id, query, cookie: started.cookie.value, origin: ORIGIN }));
  });

  it("no refresh token on a first connect", async () => {
    const { started, query } = await flow(CAROL);
    stripRefreshToken = true;
    const error = await refusedWithoutTrace("no_refresh_token", () => finishGoogleConnect({ userId: ada.id, query, cookie: started.cookie.value, origin: ORIGIN }));
    expect(error.message).toContain("myaccount.google.com/permissions");
  });
});

describe("one Google account in two workspaces", () => {
  it("makes two independent connections; disconnecting one leaves the other", async () => {
    const adas = await connect(ada, CAROL);
    const bens = await connect(ben, CAROL);
    expect(adas.connectionId).not.toBe(bens.connectionId);
    expect(await connectionRow(adas.connectionId)).toMatchObject({ workspace_id: ada.personalWorkspaceId, user_id: ada.id, provider_account_id: CAROL });
    expect(await connectionRow(bens.connectionId)).toMatchObject({ workspace_id: ben.personalWorkspaceId, user_id: ben.id, provider_account_id: CAROL });
    const adaSecrets = connectionSecrets({ id: adas.connectionId, workspaceId: ada.personalWorkspaceId });
    const benSecrets = connectionSecrets({ id: bens.connectionId, workspaceId: ben.personalWorkspaceId });
    expect(await adaSecrets.get(GOOGLE_SECRETS.refreshToken)).not.toBe(await benSecrets.get(GOOGLE_SECRETS.refreshToken));

    await disconnect(ada.id, ada.personalWorkspaceId, adas.connectionId);
    expect(await connectionRow(adas.connectionId)).toBeUndefined();
    // Its tokens are gone with it.
    expect(await adaSecrets.get(GOOGLE_SECRETS.refreshToken)).toBeNull();
    expect(await connectionRow(bens.connectionId)).toMatchObject({ status: "active" });
    expect(await benSecrets.get(GOOGLE_SECRETS.refreshToken)).toMatch(/^google_refresh_/);
  });
});
