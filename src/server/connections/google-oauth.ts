import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Credentials } from "google-auth-library";
import { z } from "zod";
import { SafeError } from "@/lib/errors";
import { GOOGLE_CONNECT_FAILURES, type GoogleConnectFailure } from "@/lib/google-connect";
import { calendarAccess, markGrantNeedsReauth, reviveCalendarsOfGrant } from "@/server/calendar/google/connections";
import { CALENDAR_SCOPE_MESSAGE } from "@/server/calendar/google/errors";
import { setupGoogleCalendars } from "@/server/calendar/google/sync";
import { googleOAuthClient } from "@/server/channels/gmail/client";
import { GOOGLE_SCOPES, GOOGLE_SECRETS, type GoogleConfig, googleConfig } from "@/server/channels/gmail/config";
import { open, seal } from "@/server/crypto/secret-box";
import { keyRing } from "@/server/crypto/keys";
import { channelConnections } from "@/server/db/schema";
import { pgErrorCode, withUser } from "@/server/db/with-rls";
import { connectionSecrets } from "@/server/sync/run-sync";
import { startGmailWatch } from "@/server/channels/gmail/watch";
import { requestSync } from "@/server/sync/request-sync";
import { getWorkspace } from "@/server/workspaces/workspaces";

// Connecting a Gmail account: the OAuth 2.0 authorization-code flow with PKCE.
//
// `state` travels through Google, so it holds nothing secret: the workspace, the user, a
// nonce, where to return, and an expiry, signed with HMAC-SHA256 under a key derived from
// the encryption key (TOKEN_ENCRYPTION_KEY). The nonce and the PKCE code_verifier stay in
// this browser: a cookie sealed with the same key (AES-GCM), HttpOnly, SameSite=Lax, scoped
// to the callback path. The callback is accepted only with both, and the route clears the
// cookie whatever the outcome, so a state is single-use: a replayed callback finds no
// cookie (or, with a stolen cookie, Google refuses the already-used code). That needs no
// table of consumed nonces, which a serverless deployment would otherwise have to share.

export const CONNECT_COOKIE = "aiva_google_connect";
export const CALLBACK_PATH = "/api/connect/google/callback";
export const STATE_TTL_MS = 10 * 60_000;
const GMAIL_SCOPE = "https://www.googleapis.com/auth/gmail.modify";
const COOKIE_CONTEXT = "google-connect-cookie";

/** A refused connect: `kind` names the reason, the message is for the person. */
export class GoogleConnectError extends SafeError {
  constructor(
    readonly kind: GoogleConnectFailure,
    message: string,
    /** The workspace the flow was for, once the state proved it. */
    readonly workspaceId?: string,
  ) {
    super(message, kind);
    this.name = "GoogleConnectError";
  }
}

function fail(kind: GoogleConnectFailure, workspaceId?: string): never {
  throw new GoogleConnectError(kind, GOOGLE_CONNECT_FAILURES[kind], workspaceId);
}

export type ConnectCookie = {
  name: string;
  value: string;
  options: { httpOnly: true; sameSite: "lax"; secure: boolean; path: string; maxAge: number };
};

export function callbackUrl(origin: string): string {
  return `${origin.replace(/\/+$/, "")}${CALLBACK_PATH}`;
}

function secureCookies(origin: string): boolean {
  return origin.startsWith("https:") || process.env.AIVA_SECURE_COOKIES === "true";
}

/** The cookie the callback response sets to forget the flow. */
export function clearedConnectCookie(origin: string): ConnectCookie {
  return {
    name: CONNECT_COOKIE,
    value: "",
    options: { httpOnly: true, sameSite: "lax", secure: secureCookies(origin), path: CALLBACK_PATH, maxAge: 0 },
  };
}

// --- state ------------------------------------------------------------------------------

const statePayload = z.object({
  w: z.uuid(),
  u: z.string().min(1),
  n: z.string().min(16),
  r: z.string(),
  e: z.number().int(),
});
type StatePayload = z.infer<typeof statePayload>;

/** A key for signing states only, derived from an encryption key (never the key itself). */
function stateKey(key: Buffer): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", key, Buffer.alloc(0), "aiva google-connect state v1", 32));
}

function mac(key: Buffer, body: string): Buffer {
  return crypto.createHmac("sha256", stateKey(key)).update(body).digest();
}

export function signState(payload: StatePayload): string {
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${mac(keyRing().current.key, body).toString("base64url")}`;
}

/** The state's payload if its signature holds under any configured key; null otherwise. */
function verifyState(state: string): StatePayload | null {
  const [body, signature, extra] = state.split(".");
  if (!body || !signature || extra !== undefined) return null;
  const given = Buffer.from(signature, "base64url");
  const valid = [...keyRing().all.values()].some(({ key }) => {
    const expected = mac(key, body);
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  });
  if (!valid) return null;
  try {
    const parsed = statePayload.safeParse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

// --- start ------------------------------------------------------------------------------

/** Only a path inside the same workspace; anything else returns to its Settings. */
function safeReturnTo(workspaceId: string, returnTo: string | null | undefined): string {
  const fallback = `/w/${workspaceId}/settings#connections`;
  if (!returnTo || !returnTo.startsWith(`/w/${workspaceId}/`) || /[\\\s]|\/\//.test(returnTo)) return fallback;
  return returnTo;
}

export function requireGoogle(workspaceId?: string): GoogleConfig {
  const config = googleConfig();
  if (!config) fail("not_configured", workspaceId);
  return config;
}

/**
 * Where to send the browser to ask Google for access, and the cookie that binds the
 * answer to this browser. The caller has checked the user's membership of the workspace.
 */
export function startGoogleConnect(input: {
  userId: string;
  workspaceId: string;
  returnTo?: string | null;
  /** The public origin (AIVA_PUBLIC_URL, else the request's). */
  origin: string;
  now?: number;
}): { url: string; cookie: ConnectCookie } {
  const config = requireGoogle(input.workspaceId);
  const nonce = crypto.randomBytes(24).toString("base64url");
  const codeVerifier = crypto.randomBytes(48).toString("base64url");
  const codeChallenge = crypto.createHash("sha256").update(codeVerifier).digest("base64url");
  const state = signState({
    w: input.workspaceId,
    u: input.userId,
    n: nonce,
    r: safeReturnTo(input.workspaceId, input.returnTo),
    e: (input.now ?? Date.now()) + STATE_TTL_MS,
  });
  const url = googleOAuthClient(config, callbackUrl(input.origin)).generateAuthUrl({
    access_type: "offline",
    prompt: "consent",
    include_granted_scopes: true,
    scope: [...GOOGLE_SCOPES],
    state,
    code_challenge: codeChallenge,
    code_challenge_method: "S256" as never,
  });
  const sealed = seal(JSON.stringify({ n: nonce, v: codeVerifier }), COOKIE_CONTEXT).ciphertext;
  return {
    url,
    cookie: {
      name: CONNECT_COOKIE,
      value: sealed,
      options: { httpOnly: true, sameSite: "lax", secure: secureCookies(input.origin), path: CALLBACK_PATH, maxAge: STATE_TTL_MS / 1000 },
    },
  };
}

// --- finish -----------------------------------------------------------------------------

const cookieContents = z.object({ n: z.string(), v: z.string().min(43).max(128) });

function openCookie(value: string | null | undefined): z.infer<typeof cookieContents> | null {
  if (!value) return null;
  try {
    const parsed = cookieContents.safeParse(JSON.parse(open(value, COOKIE_CONTEXT)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

const userinfoSchema = z.object({ email: z.string().optional(), name: z.string().optional() });

async function readAccount(config: GoogleConfig, accessToken: string, workspaceId: string): Promise<{ email: string; name: string | null }> {
  let answer: Response;
  try {
    answer = await fetch(config.userinfoUrl, { headers: { authorization: `Bearer ${accessToken}` }, signal: AbortSignal.timeout(20_000) });
  } catch (error) {
    console.error("[google-connect] userinfo unreachable", error);
    fail("google_error", workspaceId);
  }
  if (!answer.ok) {
    console.error("[google-connect] userinfo answered", answer.status);
    fail("google_error", workspaceId);
  }
  const info = userinfoSchema.safeParse(await answer.json().catch(() => null));
  const email = info.success ? info.data.email?.trim().toLowerCase() : undefined;
  if (!email || !z.email().safeParse(email).success) fail("no_email", workspaceId);
  return { email, name: info.data?.name?.trim() || null };
}

export type FinishedConnect = {
  connectionId: string;
  workspaceId: string;
  email: string;
  /** True when an existing connection of this account got new tokens. */
  reconnected: boolean;
  /**
   * The account's calendars now in Aiva; "no_scope" when the person didn't allow Calendar
   * (Gmail works without it); null when reading the list failed (the next sync retries).
   */
  calendars: number | "no_scope" | null;
  /** Where to send the browser: a path in the workspace. */
  returnTo: string;
};

/**
 * Completes a connect from Google's redirect. Every refusal is a GoogleConnectError with
 * a kind and a sentence for the person; nothing is stored unless all checks pass.
 */
export async function finishGoogleConnect(input: {
  userId: string;
  query: URLSearchParams | Record<string, string | undefined>;
  cookie: string | null | undefined;
  origin: string;
  now?: number;
}): Promise<FinishedConnect> {
  const query = input.query instanceof URLSearchParams ? Object.fromEntries(input.query) : input.query;
  const config = requireGoogle();

  const state = typeof query.state === "string" ? verifyState(query.state) : null;
  if (!state) fail("invalid_state");
  if (state.e < (input.now ?? Date.now())) fail("expired", state.w);
  if (state.u !== input.userId) fail("wrong_user");
  const flow = openCookie(input.cookie);
  if (!flow || !sameText(flow.n, state.n)) fail("browser_mismatch", state.w);

  if (query.error) fail(query.error === "access_denied" ? "access_denied" : "google_error", state.w);
  const code = query.code;
  if (!code) fail("invalid_request", state.w);

  // Membership before anything reaches Google: a removed member's old link does nothing.
  if (!(await getWorkspace(input.userId, state.w))) fail("not_member");

  const oauth = googleOAuthClient(config, callbackUrl(input.origin));
  let tokens: Credentials;
  try {
    ({ tokens } = await oauth.getToken({ code, codeVerifier: flow.v }));
  } catch (error) {
    console.error("[google-connect] code exchange refused:", (error as Error).message);
    fail("exchange_failed", state.w);
  }
  if (!tokens.access_token) fail("exchange_failed", state.w);
  const scopes = (tokens.scope ?? "").split(/\s+/).filter(Boolean);
  if (!scopes.includes(GMAIL_SCOPE)) fail("missing_scope", state.w);

  const account = await readAccount(config, tokens.access_token, state.w);
  const metadata = { email: account.email, name: account.name ?? account.email, scopes };
  const displayName = account.name ?? account.email;

  const [existing] = await withUser(input.userId, (tx) =>
    tx
      .select({ id: channelConnections.id, status: channelConnections.status })
      .from(channelConnections)
      .where(
        and(
          eq(channelConnections.workspaceId, state.w),
          eq(channelConnections.provider, "gmail"),
          eq(channelConnections.providerAccountId, account.email),
        ),
      ),
  );

  // Google sends a refresh token with prompt=consent; when it doesn't, the account already
  // granted Aiva offline access some other way. A working connection keeps its stored one.
  if (!tokens.refresh_token && (!existing || existing.status === "reauth_required")) fail("no_refresh_token", state.w);

  let connectionId: string;
  if (existing) {
    const updated = await withUser(input.userId, (tx) =>
      tx
        .update(channelConnections)
        .set({ status: "active", lastError: null, displayName, metadata, updatedAt: new Date() })
        .where(eq(channelConnections.id, existing.id))
        .returning({ id: channelConnections.id }),
    );
    if (updated.length === 0) fail("forbidden", state.w);
    connectionId = existing.id;
  } else {
    connectionId = crypto.randomUUID();
    try {
      await withUser(input.userId, (tx) =>
        tx.insert(channelConnections).values({
          id: connectionId,
          workspaceId: state.w,
          userId: input.userId,
          provider: "gmail",
          providerAccountId: account.email,
          displayName,
          metadata,
          status: "active",
        }),
      );
    } catch (error) {
      // 23505: the same account connected a moment ago (a double click); 42501: RLS.
      if (pgErrorCode(error) === "23505") fail("browser_mismatch", state.w);
      if (pgErrorCode(error) === "42501") fail("not_member");
      throw error;
    }
  }

  const secrets = connectionSecrets({ id: connectionId, workspaceId: state.w });
  try {
    if (tokens.refresh_token) await secrets.set(GOOGLE_SECRETS.refreshToken, tokens.refresh_token);
    await secrets.set(GOOGLE_SECRETS.accessToken, tokens.access_token);
    await secrets.set(GOOGLE_SECRETS.accessTokenExpiresAt, String(tokens.expiry_date ?? Date.now() + 3_600_000));
  } catch (error) {
    if (!existing) {
      await withUser(input.userId, (tx) => tx.delete(channelConnections).where(eq(channelConnections.id, connectionId)));
    }
    throw error;
  }
  const calendars = await connectCalendars({ id: connectionId, workspaceId: state.w, userId: input.userId, metadata });
  await requestSync({ id: connectionId, workspaceId: state.w }, "connect");
  // Push is optional (the scheduler and cron sync anyway); a refused watch is retried by renewal.
  await startGmailWatch(connectionId).catch((error) => console.error("[google connect] could not start the Gmail watch", error));
  return { connectionId, workspaceId: state.w, email: account.email, reconnected: Boolean(existing), returnTo: state.r, calendars };
}

/**
 * The same grant covers Google Calendar (GOOGLE_SCOPES asks for it): each calendar on the
 * account's list becomes a calendar connection now, so Settings shows them at once; the
 * sync queued next imports their events. Without the Calendar scopes, calendars are
 * skipped (and ones from an earlier grant wait for a reconnect); Settings says so.
 */
async function connectCalendars(grant: { id: string; workspaceId: string; userId: string; metadata: Record<string, unknown> }) {
  if (!calendarAccess(grant.metadata.scopes).read) {
    await markGrantNeedsReauth(grant.id, CALENDAR_SCOPE_MESSAGE);
    return "no_scope" as const;
  }
  await reviveCalendarsOfGrant(grant.id);
  try {
    return (await setupGoogleCalendars(grant, AbortSignal.timeout(20_000))).calendars;
  } catch (error) {
    console.error("[google connect] could not read the calendar list; the sync will try again", error);
    return null;
  }
}
