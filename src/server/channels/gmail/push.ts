import crypto from "node:crypto";
import { OAuth2Client } from "google-auth-library";
import { z } from "zod";
import { liveConnectionsForAccount } from "@/server/sync/push-connections";
import { requestSync } from "@/server/sync/request-sync";
import { googleConfig } from "./config";
import { compareHistoryIds, isHistoryId } from "./mappers";

// Gmail push notifications, as Pub/Sub delivers them to POST /api/webhooks/gmail.
// Pub/Sub signs each push with an OIDC token of the subscription's service account; it is
// checked (RS256 signature against Google's published keys, issuer, expiry, audience, the
// service account's email) before the body is even parsed. Then a sync is queued for every
// workspace that connected the mailbox, and nothing else: no Gmail call in the request.
// Duplicate and late notifications are harmless: the sync queue holds at most one waiting
// sync per connection, a notification the cursor is already past queues nothing, and the
// cursor itself only moves forward.

export type PushRefusal =
  | "not-configured"
  | "certs-unavailable"
  | "missing-token"
  | "malformed-token"
  | "unknown-key"
  | "bad-signature"
  | "expired"
  | "wrong-issuer"
  | "wrong-audience"
  | "wrong-service-account"
  | "unverified-email"
  | "malformed-body";

export type GmailPushOutcome =
  /** Syncs queued (or absorbed by one already waiting); `upToDate` connections had synced past it already. */
  | { kind: "accepted"; queued: number; absorbed: number; upToDate: number }
  /** A mailbox no live connection has (disconnected since): acknowledged so Pub/Sub stops retrying. */
  | { kind: "ignored"; reason: "unknown-account" }
  | { kind: "refused"; reason: PushRefusal; status: 400 | 401 | 403 | 503 };

const STATUS: Record<PushRefusal, 400 | 401 | 403 | 503> = {
  // Retried by Pub/Sub, so nothing is lost while an administrator fixes the setup.
  "not-configured": 503,
  "certs-unavailable": 503,
  "missing-token": 401,
  "malformed-token": 401,
  "unknown-key": 401,
  "bad-signature": 401,
  expired: 401,
  "wrong-issuer": 401,
  // A genuine Google token, but not meant for Aiva or not from its subscription.
  "wrong-audience": 403,
  "wrong-service-account": 403,
  "unverified-email": 403,
  "malformed-body": 400,
};

const refuse = (reason: PushRefusal): GmailPushOutcome => {
  console.warn(`[gmail push] refused: ${reason}`);
  return { kind: "refused", reason, status: STATUS[reason] };
};

/** Pub/Sub's tokens live an hour; allow some slack, refuse anything claiming longer. */
const MAX_TOKEN_LIFETIME_SECONDS = 2 * 3600;
const CLOCK_SKEW_SECONDS = 300;
const MAX_TOKEN_LENGTH = 8_192;
const MAX_BODY_LENGTH = 64 * 1024;

// --- Google's signing keys -------------------------------------------------------------

/** Keys are kept as long as Google's Cache-Control says, within these bounds. */
const CERTS_TTL = { min: 60_000, fallback: 3_600_000, max: 24 * 3_600_000 };
/** An unknown key id refetches the keys (Google rotated them), at most this often. */
const MIN_REFETCH_MS = 60_000;
const CERTS_TIMEOUT_MS = 5_000;

type CertCache = { url: string; pems: Map<string, string>; fetchedAt: number; expiresAt: number };
let certCache: CertCache | null = null;
let certFetch: { url: string; promise: Promise<CertCache> } | null = null;

const jwks = z.object({
  keys: z.array(z.object({ kid: z.string().min(1), kty: z.string(), alg: z.string().optional(), use: z.string().optional() }).loose()),
});

async function fetchCerts(url: string): Promise<CertCache> {
  const response = await fetch(url, { signal: AbortSignal.timeout(CERTS_TIMEOUT_MS), headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`Google's signing keys: HTTP ${response.status}`);
  const body = jwks.parse(await response.json());
  const pems = new Map<string, string>();
  for (const key of body.keys) {
    if (key.kty !== "RSA" || (key.alg && key.alg !== "RS256") || (key.use && key.use !== "sig")) continue;
    try {
      const publicKey = crypto.createPublicKey({ key: key as crypto.JsonWebKey, format: "jwk" });
      pems.set(key.kid, publicKey.export({ type: "spki", format: "pem" }).toString());
    } catch {
      // A key Node can't read can't have signed anything we accept.
    }
  }
  const maxAge = /max-age=(\d+)/.exec(response.headers.get("cache-control") ?? "")?.[1];
  const ttl = maxAge ? Math.min(Math.max(Number(maxAge) * 1000, CERTS_TTL.min), CERTS_TTL.max) : CERTS_TTL.fallback;
  const now = Date.now();
  return { url, pems, fetchedAt: now, expiresAt: now + ttl };
}

/** One fetch at a time per URL, however many pushes arrive together. */
function loadCerts(url: string): Promise<CertCache> {
  if (certFetch?.url === url) return certFetch.promise;
  const promise = fetchCerts(url)
    .then((fresh) => {
      certCache = fresh;
      return fresh;
    })
    .finally(() => {
      if (certFetch?.promise === promise) certFetch = null;
    });
  certFetch = { url, promise };
  return promise;
}

/** The PEM of key `kid` from `url` (cached), null when Google doesn't publish it. */
async function signingKey(url: string, kid: string): Promise<string | null> {
  const now = Date.now();
  const cached = certCache?.url === url ? certCache : null;
  const stale = !cached || now >= cached.expiresAt;
  const rotated = cached && !cached.pems.has(kid) && now - cached.fetchedAt >= MIN_REFETCH_MS;
  if (!stale && !rotated) return cached.pems.get(kid) ?? null;
  try {
    return (await loadCerts(url)).pems.get(kid) ?? null;
  } catch (error) {
    // Google unreachable: keys it published recently are still good for a while.
    if (cached?.pems.has(kid)) return cached.pems.get(kid)!;
    throw error;
  }
}

// --- The token ---------------------------------------------------------------------------

const tokenHeader = z.object({ alg: z.literal("RS256"), kid: z.string().min(1), typ: z.string().optional() });

const claims = z.object({
  iss: z.string().optional(),
  aud: z.union([z.string(), z.array(z.string())]).optional(),
  exp: z.number().optional(),
  email: z.string().optional(),
  email_verified: z.union([z.boolean(), z.string()]).optional(),
});

function decodeSegment(segment: string): unknown {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) return null;
  try {
    return JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
  } catch {
    return null;
  }
}

type PushSettings = { audience: string; serviceAccount: string; issuers: string[]; certsUrl: string };

function pushSettings(env: NodeJS.ProcessEnv = process.env): PushSettings | null {
  const audience = env.GMAIL_PUBSUB_AUDIENCE?.trim();
  const serviceAccount = env.GMAIL_PUBSUB_SERVICE_ACCOUNT?.trim().toLowerCase();
  const google = googleConfig(env);
  if (!audience || !serviceAccount || !google) return null;
  return { audience, serviceAccount, issuers: google.issuers, certsUrl: google.certsUrl };
}

/** Null when the token is Pub/Sub's, for Aiva, from the configured service account; else why not. */
async function verifyPushToken(authorization: string | null | undefined, settings: PushSettings): Promise<PushRefusal | null> {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  if (!token) return "missing-token";
  const segments = token.split(".");
  if (token.length > MAX_TOKEN_LENGTH || segments.length !== 3 || !/^[A-Za-z0-9_-]+$/.test(segments[2]!)) return "malformed-token";
  const header = tokenHeader.safeParse(decodeSegment(segments[0]!));
  const payload = claims.safeParse(decodeSegment(segments[1]!));
  if (!header.success || !payload.success) return "malformed-token";

  let pem: string | null;
  try {
    pem = await signingKey(settings.certsUrl, header.data.kid);
  } catch (error) {
    console.error("[gmail push] could not load Google's signing keys:", error instanceof Error ? error.message : error);
    return "certs-unavailable";
  }
  if (!pem) return "unknown-key";
  const signed = Buffer.from(`${segments[0]}.${segments[1]}`);
  if (!crypto.verify("RSA-SHA256", signed, pem, Buffer.from(segments[2]!, "base64url"))) return "bad-signature";

  // The signature holds, so the claims are Google's: name what is wrong with them.
  const { iss, aud, exp, email, email_verified } = payload.data;
  const now = Date.now() / 1000;
  if (exp === undefined || exp + CLOCK_SKEW_SECONDS < now) return "expired";
  if (!iss || !settings.issuers.includes(iss)) return "wrong-issuer";
  if (aud !== settings.audience) return "wrong-audience";
  if (email?.toLowerCase() !== settings.serviceAccount) return "wrong-service-account";
  if (email_verified !== true && email_verified !== "true") return "unverified-email";

  // And once more through Google's own verifier (iat, lifetime, issuer, audience).
  try {
    await new OAuth2Client().verifySignedJwtWithCertsAsync(token, { [header.data.kid]: pem }, settings.audience, settings.issuers, MAX_TOKEN_LIFETIME_SECONDS);
  } catch {
    return "malformed-token";
  }
  return null;
}

// --- The message ---------------------------------------------------------------------------

const pushBody = z.object({
  message: z.object({
    data: z.string().min(1).max(MAX_BODY_LENGTH),
    messageId: z.string().min(1),
    publishTime: z.string().optional(),
  }),
  subscription: z.string().min(1),
});

const notification = z.object({
  emailAddress: z.email().transform((email) => email.toLowerCase()),
  // Gmail sends a JSON number; a string is accepted too.
  historyId: z.union([z.number().int().nonnegative().transform(String), z.string()]).refine(isHistoryId),
});

export type GmailNotification = z.infer<typeof notification> & { messageId: string };

/** The notification in a push body, or null when it isn't one. */
export function parseGmailPush(body: string): GmailNotification | null {
  if (body.length > MAX_BODY_LENGTH) return null;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  const envelope = pushBody.safeParse(json);
  if (!envelope.success || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(envelope.data.message.data)) return null;
  const decoded = decodeData(envelope.data.message.data);
  const parsed = notification.safeParse(decoded);
  return parsed.success ? { ...parsed.data, messageId: envelope.data.message.messageId } : null;
}

function decodeData(data: string): unknown {
  try {
    // Node's base64 decoder reads the URL-safe alphabet too.
    return JSON.parse(Buffer.from(data, "base64").toString("utf8"));
  } catch {
    return null;
  }
}

/**
 * Handles one Pub/Sub push: verifies its token, parses it and queues a sync of each live
 * connection of the mailbox. Refusals queue nothing.
 */
export async function handleGmailPush(request: { authorization: string | null | undefined; body: string }): Promise<GmailPushOutcome> {
  const settings = pushSettings();
  if (!settings) {
    console.error("[gmail push] refused: GMAIL_PUBSUB_AUDIENCE, GMAIL_PUBSUB_SERVICE_ACCOUNT and GOOGLE_CLIENT_ID must all be set to accept pushes");
    return { kind: "refused", reason: "not-configured", status: STATUS["not-configured"] };
  }
  const refusal = await verifyPushToken(request.authorization, settings);
  if (refusal) return refuse(refusal);
  const push = parseGmailPush(request.body);
  if (!push) return refuse("malformed-body");

  const targets = await liveConnectionsForAccount("gmail", push.emailAddress);
  if (targets.length === 0) return { kind: "ignored", reason: "unknown-account" };
  const outcome = { kind: "accepted" as const, queued: 0, absorbed: 0, upToDate: 0 };
  for (const target of targets) {
    const cursor = target.syncCursor?.historyId;
    if (isHistoryId(cursor) && compareHistoryIds(cursor, push.historyId) >= 0) {
      outcome.upToDate++;
      continue;
    }
    const { queued } = await requestSync(target, "push");
    if (queued) outcome.queued++;
    else outcome.absorbed++;
  }
  return outcome;
}
