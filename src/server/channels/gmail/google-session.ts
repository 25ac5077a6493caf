import { OAuth2Client } from "google-auth-library";
import { ChannelError } from "../errors";
import type { SecretAccess } from "../types";
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

// One Google grant, shared by every Google API Aiva calls with it (Gmail and Calendar).
// Tokens live in the secrets of the Gmail channel connection that holds the grant: the
// access token is refreshed a few minutes before it expires (and once more after a 401),
// and every refreshed token is saved back, so the next session starts with it. A refused
// refresh (invalid_grant) is the person revoking access: an `auth` ChannelError. Gmail's
// session (gmail-session.ts) and the calendar's (src/server/calendar/google/) are built
// on this one, so there is exactly one refresh and reauth path per grant.

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
  /** False for requests that must not run twice after an unclear failure (send, insert). */
  idempotent?: boolean;
};

/** An authorized Google OAuth client with the retry policy every API call goes through. */
export type GoogleSession = {
  config: GoogleConfig;
  auth: OAuth2Client;
  signal: AbortSignal;
  /** Runs one API request: backs off on rate limits, refreshes once on 401, maps errors. */
  call<T>(request: () => Promise<T>, options?: CallOptions): Promise<T>;
  /** Resolves when refreshed tokens are saved. */
  tokensSaved(): Promise<void>;
};

export type GoogleSessionOptions = {
  signal?: AbortSignal;
  /** Turns a failure into a ChannelError for this API's users (default: Gmail's wording). */
  describe?: (error: unknown) => unknown;
  /** For log lines: "gmail <id>", "calendar <id>". */
  label?: string;
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

/**
 * Opens the grant stored in `secrets` (a Gmail channel connection's). Throws an `auth`
 * ChannelError when there is no refresh token or Google refuses it.
 */
export async function openGoogleSession(secrets: SecretAccess, options: GoogleSessionOptions = {}): Promise<GoogleSession> {
  const config = requireGoogleConfig();
  const describe = options.describe ?? describeGoogleError;
  const label = options.label ?? "google";
  const abort = options.signal ?? new AbortController().signal;
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
        console.error(`[${label}] could not save refreshed Google tokens`, error);
      }
    });
  });

  const session: GoogleSession = {
    config,
    auth,
    signal: abort,
    async call(request, callOptions = {}) {
      const idempotent = callOptions.idempotent ?? true;
      let refreshed = false;
      for (let attempt = 1; ; attempt++) {
        if (abort.aborted) throw stopped();
        try {
          return await request();
        } catch (error) {
          if (abort.aborted) throw stopped();
          if (FATAL_OAUTH_ERRORS.has(oauthErrorCode(error) ?? "")) throw describe(error);
          if (httpStatus(error) === 401 && !refreshed) {
            // The access token was rejected before its expiry (revoked, or clocks disagree):
            // one refresh decides whether the grant itself is gone.
            refreshed = true;
            try {
              await auth.refreshAccessToken();
            } catch (refreshError) {
              throw describe(refreshError);
            }
            continue;
          }
          if (httpStatus(error) === 401) throw new ChannelError(REVOKED_MESSAGE, "auth", { cause: error });
          const wait = retryDelay(error, attempt, idempotent);
          if (wait === null) throw describe(error);
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
