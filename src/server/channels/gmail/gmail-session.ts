import { gmail, type gmail_v1 } from "@googleapis/gmail";
import { OAuth2Client } from "google-auth-library";
import { ChannelError } from "../errors";
import type { SecretAccess, StoredConnection } from "../types";
import { GOOGLE_SECRETS, type GoogleConfig, googleConfig } from "./config";
import {
  REVOKED_MESSAGE,
  describeGoogleError,
  httpStatus,
  isRateLimited,
  isServerOrNetworkError,
  oauthErrorCode,
  retryAfterMs,
} from "./google-errors";

// The Gmail session every adapter call goes through (client.ts is the public face of it).
// An authorized Gmail client per connection. Tokens live in the connection's secrets:
// the access token is refreshed a few minutes before it expires (and once more after a
// 401), and every refreshed token is saved back, so the next run starts with it. A
// refused refresh (invalid_grant) is the person revoking access: an `auth` ChannelError.

/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 5 * 60_000;
const MAX_ATTEMPTS = 5;
const MAX_WAIT_MS = 60_000;
const BASE_BACKOFF_MS = 1_000;
const FATAL_OAUTH_ERRORS = new Set(["invalid_grant", "invalid_client", "unauthorized_client"]);

/** The OAuth client Aiva is to Google; the connect flow uses it for the code exchange. */
export function googleOAuthClient(config: GoogleConfig, redirectUri?: string): OAuth2Client {
  return new OAuth2Client({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    redirectUri,
    endpoints: {
      oauth2AuthBaseUrl: config.authorizeUrl,
      oauth2TokenUrl: config.tokenUrl,
      oauth2RevokeUrl: config.revokeUrl,
      oauth2FederatedSignonJwkCertsUrl: config.certsUrl,
    },
    issuers: config.issuers,
    eagerRefreshThresholdMillis: REFRESH_MARGIN_MS,
  });
}

export function requireGoogleConfig(): GoogleConfig {
  const config = googleConfig();
  if (!config) {
    throw new ChannelError("Google isn't set up on this Aiva server (GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET).", "config");
  }
  return config;
}

export type CallOptions = {
  /** False for requests that must not run twice after an unclear failure (send). */
  idempotent?: boolean;
};

/** A Gmail client with its OAuth client and the retry policy every adapter call goes through. */
export type GmailSession = {
  gmail: gmail_v1.Gmail;
  auth: OAuth2Client;
  signal: AbortSignal;
  /** Runs one API request: backs off on rate limits, refreshes once on 401, maps errors. */
  call<T>(request: () => Promise<T>, options?: CallOptions): Promise<T>;
  /** Resolves when refreshed tokens are saved. */
  tokensSaved(): Promise<void>;
};

/** Waits `ms`, or rejects as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(stopped());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(stopped());
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

const stopped = () => new ChannelError("The sync was stopped.", "transient");

/** How long to wait before attempt `attempt` (1-based) after `error`, or null to give up. */
export function retryDelay(error: unknown, attempt: number, idempotent: boolean): number | null {
  if (attempt >= MAX_ATTEMPTS) return null;
  if (isRateLimited(error)) {
    const hinted = retryAfterMs(error);
    const backoff = BASE_BACKOFF_MS * 2 ** (attempt - 1) + Math.floor(Math.random() * 250);
    return Math.min(hinted ?? backoff, MAX_WAIT_MS);
  }
  if (idempotent && isServerOrNetworkError(error)) return Math.min(BASE_BACKOFF_MS * 2 ** (attempt - 1), MAX_WAIT_MS);
  return null;
}

export async function openGmail(connection: Pick<StoredConnection, "id">, secrets: SecretAccess, signal?: AbortSignal): Promise<GmailSession> {
  const config = requireGoogleConfig();
  const abort = signal ?? new AbortController().signal;
  const [refreshToken, accessToken, expiresAt] = await Promise.all([
    secrets.get(GOOGLE_SECRETS.refreshToken),
    secrets.get(GOOGLE_SECRETS.accessToken),
    secrets.get(GOOGLE_SECRETS.accessTokenExpiresAt),
  ]);
  if (!refreshToken) throw new ChannelError("Aiva has no Google access for this account. Reconnect it.", "auth");

  const auth = googleOAuthClient(config);
  const expiry = accessToken && expiresAt && Number.isFinite(Number(expiresAt)) ? Number(expiresAt) : 0;
  auth.setCredentials({ refresh_token: refreshToken, access_token: accessToken ?? undefined, expiry_date: expiry || 1 });

  // Saving is chained so a slow write never reorders two refreshes.
  let saving: Promise<void> = Promise.resolve();
  let saveError: unknown = null;
  auth.on("tokens", (tokens) => {
    saving = saving.then(async () => {
      try {
        if (tokens.access_token) await secrets.set(GOOGLE_SECRETS.accessToken, tokens.access_token);
        if (tokens.expiry_date) await secrets.set(GOOGLE_SECRETS.accessTokenExpiresAt, String(tokens.expiry_date));
        // Google rarely rotates refresh tokens, but when it does the old one stops working.
        if (tokens.refresh_token) await secrets.set(GOOGLE_SECRETS.refreshToken, tokens.refresh_token);
      } catch (error) {
        saveError = error;
        console.error(`[gmail ${connection.id}] could not save refreshed Google tokens`, error);
      }
    });
  });

  const client = gmail({ version: "v1", auth, rootUrl: config.gmailRootUrl, retry: false, signal: abort });

  const session: GmailSession = {
    gmail: client,
    auth,
    signal: abort,
    async call(request, options = {}) {
      const idempotent = options.idempotent ?? true;
      let refreshed = false;
      for (let attempt = 1; ; attempt++) {
        if (abort.aborted) throw stopped();
        try {
          return await request();
        } catch (error) {
          if (abort.aborted) throw stopped();
          if (FATAL_OAUTH_ERRORS.has(oauthErrorCode(error) ?? "")) throw describeGoogleError(error);
          if (httpStatus(error) === 401 && !refreshed) {
            // The access token was rejected before its expiry (revoked, or clocks disagree):
            // one refresh decides whether the grant itself is gone.
            refreshed = true;
            try {
              await auth.refreshAccessToken();
            } catch (refreshError) {
              throw describeGoogleError(refreshError);
            }
            continue;
          }
          if (httpStatus(error) === 401) throw new ChannelError(REVOKED_MESSAGE, "auth", { cause: error });
          const wait = retryDelay(error, attempt, idempotent);
          if (wait === null) throw describeGoogleError(error);
          await sleep(wait, abort);
        }
      }
    },
    async tokensSaved() {
      await saving;
      if (saveError) throw saveError;
    },
  };

  // Refresh up front when needed, so a revoked grant fails here with a clear error.
  if (expiry - Date.now() < REFRESH_MARGIN_MS) {
    await session.call(() => auth.getAccessToken());
    await session.tokensSaved();
  }
  return session;
}
