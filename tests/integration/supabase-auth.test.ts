import { generateKeyPairSync, randomUUID } from "node:crypto";
import { combineChunks, createChunks, stringFromBase64URL, stringToBase64URL } from "@supabase/ssr";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { signInWithProviderAction } from "@/server/actions/auth/sign-in-with-provider";
import { signInAction } from "@/server/actions/auth/sign-in";
import { signOutAction } from "@/server/actions/auth/sign-out";
import { signUpAction } from "@/server/actions/auth/sign-up";
import { authMode } from "@/server/auth/config";
import { getCurrentUser } from "@/server/auth/current-user";
import { completeSupabaseSignIn } from "@/server/auth/supabase/complete-sign-in";
import { refreshSupabaseSession } from "@/server/auth/supabase/proxy-session";
import type { RawSql } from "@/server/db/raw";
import { type FakeGoTrue, type FakeUser, mintJwt, s256, startFakeGoTrue } from "../fakes/gotrue";
import { createTestDatabase } from "../helpers/test-database";

// Aiva's Supabase Auth code against a fake Supabase Auth server (tests/fakes/gotrue.ts) and
// a real test database: @supabase/ssr and auth-js run unmodified; only Next's request
// context (cookies(), headers(), redirect()) is replaced by a cookie jar and a throw.

const web = vi.hoisted(() => {
  type Options = { maxAge?: number; expires?: Date; [key: string]: unknown };
  const cookies = new Map<string, string>();
  /** Every cookie write, as Set-Cookie would carry it (removals have maxAge 0). */
  const writes: { name: string; value: string; options: Options }[] = [];
  const store = {
    get: (name: string) => (cookies.has(name) ? { name, value: cookies.get(name) as string } : undefined),
    getAll: () => [...cookies].map(([name, value]) => ({ name, value })),
    has: (name: string) => cookies.has(name),
    set(name: string, value: string, options: Options = {}) {
      writes.push({ name, value, options });
      const expired = options.maxAge === 0 || (options.expires !== undefined && options.expires.getTime() <= Date.now());
      if (expired || value === "") cookies.delete(name);
      else cookies.set(name, value);
    },
    delete(name: string) {
      store.set(name, "", { maxAge: 0 });
    },
  };
  class Redirect extends Error {
    readonly digest: string;
    constructor(readonly url: string) {
      super(`redirect to ${url}`);
      // What next/navigation's redirect() throws: next-safe-action rethrows it as navigation.
      this.digest = `NEXT_REDIRECT;replace;${url};307;`;
    }
  }
  const headers = new Headers({ host: "aiva.test", "x-forwarded-proto": "https", "user-agent": "vitest" });
  return { cookies, writes, store, headers, Redirect };
});

vi.mock("next/headers", () => ({ cookies: async () => web.store, headers: async () => web.headers }));
vi.mock("next/navigation", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/navigation")>()),
  redirect: (url: string) => {
    throw new web.Redirect(url);
  },
}));

let fake: FakeGoTrue;
let raw: RawSql;
let cleanup: () => Promise<void>;
/** Users who existed before Aiva's migrations: their auth.users row fires no trigger. */
const preexisting = new Set<string>();
const watchedEnv = [
  "NEXT_PUBLIC_SUPABASE_URL",
  "NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY",
  "NEXT_PUBLIC_SUPABASE_ANON_KEY",
  "AIVA_SUPABASE_OAUTH_PROVIDERS",
  "AIVA_PUBLIC_URL",
];
const envBefore = Object.fromEntries(watchedEnv.map((name) => [name, process.env[name]]));

/** What Supabase Auth writes when it creates a user (the columns Aiva's auth.users has). */
async function insertAuthUser(user: FakeUser) {
  const insert = async (db: RawSql) =>
    db.query(
      "insert into auth.users (id, email, email_confirmed_at, raw_user_meta_data, created_at) values ($1, $2, $3, $4::jsonb, $5)",
      [user.id, user.email, user.emailConfirmedAt, JSON.stringify(user.userMetadata), user.createdAt],
    );
  if (!preexisting.has(user.email)) return void (await insert(raw));
  await raw.transaction(async (tx) => {
    await tx.exec("alter table auth.users disable trigger on_auth_user_created");
    await insert(tx);
    await tx.exec("alter table auth.users enable trigger on_auth_user_created");
  });
}

beforeAll(async () => {
  const test = await createTestDatabase();
  cleanup = test.cleanup;
  raw = test.database.raw;
  fake = await startFakeGoTrue({ onUserCreated: insertAuthUser });
  await fake.createUser({ email: "ada@example.com", password: "correct horse", name: "Ada" });
  vi.stubEnv("NEXT_PUBLIC_SUPABASE_URL", fake.url);
  vi.stubEnv("NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY", "sb_publishable_test");
  vi.stubEnv("AIVA_SUPABASE_OAUTH_PROVIDERS", "google");
  vi.stubEnv("AIVA_PUBLIC_URL", undefined);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await fake?.close();
  await cleanup?.();
  expect(Object.fromEntries(watchedEnv.map((name) => [name, process.env[name]]))).toEqual(envBefore);
});

beforeEach(() => {
  web.cookies.clear();
  web.writes.length = 0;
  fake.accessTokenTtl = 3600;
  fake.autoConfirm = true;
});

// ---------------------------------------------------------------------------------------

const authCookie = () => `sb-${new URL(fake.url).hostname.split(".")[0]}-auth-token`;
const verifierCookie = () => `${authCookie()}-code-verifier`;
const isAuthCookie = (name: string) => name === authCookie() || name.startsWith(`${authCookie()}.`);

type StoredSession = { access_token: string; refresh_token: string; expires_at: number; user: { id: string } };

/** The session @supabase/ssr keeps in the (possibly chunked, base64url) auth cookie. */
async function sessionIn(cookies: { name: string; value: string }[]): Promise<StoredSession | null> {
  const value = await combineChunks(authCookie(), (name) => cookies.find((c) => c.name === name)?.value);
  return value ? (JSON.parse(stringFromBase64URL(value.replace(/^base64-/, ""))) as StoredSession) : null;
}

function storeSession(session: StoredSession) {
  for (const name of [...web.cookies.keys()]) if (isAuthCookie(name)) web.cookies.delete(name);
  for (const chunk of createChunks(authCookie(), `base64-${stringToBase64URL(JSON.stringify(session))}`)) {
    web.cookies.set(chunk.name, chunk.value);
  }
}

/** Where the action redirected (it must have). */
async function redirectOf(promise: Promise<unknown>): Promise<string> {
  const outcome = await promise.then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  );
  if (!("error" in outcome)) throw new Error(`expected a redirect, got ${JSON.stringify(outcome.result)}`);
  if (!(outcome.error instanceof web.Redirect)) throw outcome.error;
  return outcome.error.url;
}

async function signIn(email: string, password: string, next?: string) {
  web.cookies.clear();
  return redirectOf(signInAction({ email, password, next }));
}

async function initialized(userId: string) {
  const [row] = await raw.query<{ profiles: number; workspaces: number }>(
    `select (select count(*) from public.profiles where id = $1)::int as profiles,
            (select count(*) from public.workspaces where created_by = $1 and is_personal)::int as workspaces`,
    [userId],
  );
  return row;
}

/** Starts Google sign-in like the button does and follows Supabase's redirect back: the code. */
async function oauthCode(): Promise<string> {
  const authorizeUrl = await redirectOf(signInWithProviderAction({ provider: "google" }));
  expect(authorizeUrl.startsWith(`${fake.url}/auth/v1/authorize?provider=google&`)).toBe(true);
  expect(web.cookies.has(verifierCookie())).toBe(true);
  const response = await fetch(authorizeUrl, { redirect: "manual" });
  expect(response.status).toBe(302);
  const callback = new URL(response.headers.get("location") ?? "");
  expect(`${callback.origin}${callback.pathname}`).toBe("https://aiva.test/auth/callback");
  return callback.searchParams.get("code") ?? "";
}

const requestsSince = (mark: number) => fake.requests.slice(mark);

// ---------------------------------------------------------------------------------------

describe("Supabase Auth", () => {
  it("is the auth mode when the project URL and publishable key are set", () => {
    expect(authMode()).toBe("supabase");
  });

  it("signs up: Supabase writes auth.users and the trigger makes the profile and workspace", async () => {
    expect(await redirectOf(signUpAction({ name: "Sam", email: "Sam@Example.com", password: "long enough" }))).toBe("/");
    const sam = fake.users.get("sam@example.com");
    expect(sam?.userMetadata).toEqual({ name: "Sam" });
    expect(await initialized(sam?.id ?? "")).toEqual({ profiles: 1, workspaces: 1 });
    const [row] = await raw.query<{ name: string }>("select display_name as name from public.profiles where id = $1", [sam?.id]);
    expect(row?.name).toBe("Sam");
    expect(await getCurrentUser()).toEqual({ id: sam?.id, email: "sam@example.com" });
    const duplicate = await signUpAction({ email: "sam@example.com", password: "another one" });
    expect(duplicate?.serverError).toBe("An account with this email already exists. Sign in instead.");
  });

  it("signs in with a password, stores sb-* cookies, and reads the user from locally verified claims", async () => {
    expect(await signIn("ada@example.com", "correct horse", "/w/123/inbox")).toBe("/w/123/inbox");
    const names = [...web.cookies.keys()];
    expect(names.some(isAuthCookie)).toBe(true);
    expect(names.every((name) => name.startsWith("sb-"))).toBe(true);
    const write = web.writes.find((w) => isAuthCookie(w.name));
    expect(write?.options).toMatchObject({ path: "/", sameSite: "lax" });

    const mark = fake.requests.length;
    const ada = fake.users.get("ada@example.com");
    expect(await getCurrentUser()).toEqual({ id: ada?.id, email: "ada@example.com" });
    // Verified against the JWKS, not by asking the server.
    expect(requestsSince(mark).filter((r) => r.startsWith("GET /user"))).toEqual([]);
  });

  it("says the same for a wrong password and an unknown email, and sets no cookies", async () => {
    for (const [email, password] of [
      ["ada@example.com", "wrong horse"],
      ["nobody@example.com", "whatever"],
    ] as const) {
      web.cookies.clear();
      const result = await signInAction({ email, password });
      expect(result?.serverError).toBe("That email and password don't match an account.");
      expect(web.cookies.size).toBe(0);
    }
    expect(fake.requests.at(-1)).toBe("POST /token?grant_type=password 400");
  });

  it("takes identity only from verified claims: tampered or foreign-signed tokens are nobody", async () => {
    await signIn("ada@example.com", "correct horse");
    const session = await sessionIn(web.store.getAll());
    if (!session) throw new Error("no session cookie");
    const [header = "", payload = "", signature = ""] = session.access_token.split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
    const mallory = { ...claims, sub: randomUUID(), email: "mallory@example.com" };
    const foreignKey = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
    const forged = {
      "payload swapped, signature kept": `${header}.${Buffer.from(JSON.stringify(mallory)).toString("base64url")}.${signature}`,
      "signed by another key, same kid": mintJwt(mallory, foreignKey, fake.kid),
      "signed by another key, unknown kid": mintJwt(mallory, foreignKey, randomUUID()),
      "HS256 with a made-up secret": `${Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url")}.${Buffer.from(JSON.stringify(mallory)).toString("base64url")}.${signature}`,
    };
    for (const [label, token] of Object.entries(forged)) {
      storeSession({ ...session, access_token: token });
      expect(await getCurrentUser(), label).toBeNull();
    }
    // A kid the JWKS lacks (or a symmetric alg) makes auth-js ask the server, which refuses.
    expect(fake.requests.filter((r) => r.startsWith("GET /user"))).toEqual(["GET /user 403", "GET /user 403"]);
    storeSession(session);
    expect((await getCurrentUser())?.email).toBe("ada@example.com");
  });

  describe("PKCE callback", () => {
    it("signs in a user who predates the migrations and initializes them exactly once", async () => {
      preexisting.add("legacy@example.com");
      const legacy = await fake.createUser({ email: "legacy@example.com", password: "legacy password" });
      expect(await initialized(legacy.id)).toEqual({ profiles: 0, workspaces: 0 });
      fake.oauthEmail = "legacy@example.com";

      const code = await oauthCode();
      expect(await completeSupabaseSignIn(new URLSearchParams({ code, next: "/w/abc/inbox?tab=all" }))).toBe("/w/abc/inbox?tab=all");
      expect(await initialized(legacy.id)).toEqual({ profiles: 1, workspaces: 1 });
      expect(await getCurrentUser()).toEqual({ id: legacy.id, email: "legacy@example.com" });
      expect(web.cookies.has(verifierCookie())).toBe(false);

      expect(await completeSupabaseSignIn(new URLSearchParams({ code: await oauthCode() }))).toBe("/");
      expect(await initialized(legacy.id)).toEqual({ profiles: 1, workspaces: 1 });
    });

    it("creates a first-time OAuth user through the trigger, and never redirects off-site", async () => {
      fake.oauthEmail = "grace@example.com";
      for (const next of ["https://evil.example", "//evil.example/path", "/\\evil.example"]) {
        expect(await completeSupabaseSignIn(new URLSearchParams({ code: await oauthCode(), next }))).toBe("/");
      }
      const grace = fake.users.get("grace@example.com");
      expect(grace?.appMetadata.provider).toBe("google");
      expect(await initialized(grace?.id ?? "")).toEqual({ profiles: 1, workspaces: 1 });
    });

    it("refuses a missing, unknown, replayed or mismatched code", async () => {
      fake.oauthEmail = "grace@example.com";
      expect(await completeSupabaseSignIn(new URLSearchParams())).toBe("/sign-in?error=callback");

      await oauthCode(); // leaves a verifier cookie
      expect(await completeSupabaseSignIn(new URLSearchParams({ code: randomUUID() }))).toBe("/sign-in?error=callback");
      expect(fake.requests.at(-1)).toBe("POST /token?grant_type=pkce 404");

      // Replay, even by someone who kept the verifier cookie.
      const code = await oauthCode();
      const verifier = web.cookies.get(verifierCookie()) ?? "";
      expect(await completeSupabaseSignIn(new URLSearchParams({ code }))).toBe("/");
      web.cookies.clear();
      web.cookies.set(verifierCookie(), verifier);
      expect(await completeSupabaseSignIn(new URLSearchParams({ code }))).toBe("/sign-in?error=callback");
      expect(fake.requests.at(-1)).toBe("POST /token?grant_type=pkce 404");
      expect(await getCurrentUser()).toBeNull();

      // A code issued for another browser's challenge.
      await oauthCode();
      const foreign = fake.issueCode("grace@example.com", s256("someone else's verifier"));
      expect(await completeSupabaseSignIn(new URLSearchParams({ code: foreign }))).toBe("/sign-in?error=callback");
      expect(fake.requests.at(-1)).toBe("POST /token?grant_type=pkce 403");
    });

    it("completes an email confirmation link for a sign-up that needed one", async () => {
      fake.autoConfirm = false;
      const result = await signUpAction({ email: "confirm@example.com", password: "long enough" });
      expect(result?.data).toEqual({ confirmEmail: true });
      expect(web.cookies.has(verifierCookie())).toBe(true);
      const verifierCookies = new Map(web.cookies);
      expect((await signInAction({ email: "confirm@example.com", password: "long enough" }))?.serverError).toMatch(/Confirm your email first/);

      web.cookies.clear();
      for (const [name, value] of verifierCookies) web.cookies.set(name, value);
      const code = fake.issueCode("confirm@example.com");
      expect(await completeSupabaseSignIn(new URLSearchParams({ code }))).toBe("/");
      expect((await getCurrentUser())?.email).toBe("confirm@example.com");
      expect(await initialized(fake.users.get("confirm@example.com")?.id ?? "")).toEqual({ profiles: 1, workspaces: 1 });
    });
  });

  describe("proxy session refresh", () => {
    const requestWith = (cookies: { name: string; value: string }[]) =>
      new NextRequest("https://aiva.test/w/abc/inbox", {
        headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; ") },
      });

    it("refreshes an expired access token with the refresh token and sends the new session", async () => {
      fake.accessTokenTtl = -120;
      await signIn("ada@example.com", "correct horse");
      fake.accessTokenTtl = 3600;
      const before = await sessionIn(web.store.getAll());
      if (!before) throw new Error("no session cookie");
      expect(before.expires_at * 1000).toBeLessThan(Date.now());

      const { response, signedIn } = await refreshSupabaseSession(requestWith(web.store.getAll()));
      expect(signedIn).toBe(true);
      expect(fake.requests.at(-1)).toBe("POST /token?grant_type=refresh_token 200");
      const setCookies = response.headers.getSetCookie();
      expect(setCookies.some((c) => c.startsWith(`${authCookie()}`))).toBe(true);
      const after = await sessionIn(response.cookies.getAll());
      expect(after?.refresh_token).not.toBe(before.refresh_token);
      expect(after?.access_token).not.toBe(before.access_token);
      expect((after?.expires_at ?? 0) * 1000).toBeGreaterThan(Date.now());
      // Set-Cookie with a session must never be stored by a shared cache.
      expect(response.headers.get("cache-control")).toMatch(/private/);
      expect(response.headers.get("cache-control")).toMatch(/no-store/);

      // The old refresh token was rotated away: replaying the old cookies signs nobody in.
      const quiet = vi.spyOn(console, "error").mockImplementation(() => {}); // auth-js logs the refusal
      const replay = await refreshSupabaseSession(requestWith(web.store.getAll()));
      quiet.mockRestore();
      expect(replay.signedIn).toBe(false);
      expect(fake.requests.at(-1)).toBe("POST /token?grant_type=refresh_token 400");
    });

    it("reports signed out without cookies, and sets none", async () => {
      const mark = fake.requests.length;
      const { response, signedIn } = await refreshSupabaseSession(requestWith([]));
      expect(signedIn).toBe(false);
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(requestsSince(mark)).toEqual([]);
    });
  });

  it("signs out: revokes the session at Supabase and clears the session cookies", async () => {
    await signIn("ada@example.com", "correct horse");
    const session = await sessionIn(web.store.getAll());
    web.writes.length = 0;
    expect(await redirectOf(signOutAction())).toBe("/sign-in?signedOut=1");
    expect(fake.requests.at(-1)).toBe("POST /logout?scope=global 204");
    expect([...web.cookies.keys()].filter(isAuthCookie)).toEqual([]);
    expect(web.writes.filter((w) => isAuthCookie(w.name)).every((w) => w.options.maxAge === 0)).toBe(true);
    expect(await getCurrentUser()).toBeNull();

    // The stolen cookie is worthless too once its access token expires: the refresh token is revoked.
    const replay = await fetch(`${fake.url}/auth/v1/token?grant_type=refresh_token`, {
      method: "POST",
      headers: { apikey: "sb_publishable_test", "content-type": "application/json" },
      body: JSON.stringify({ refresh_token: session?.refresh_token }),
    });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ code: 400, error_code: "refresh_token_not_found" });
  });
});
