import { ChannelError } from "../errors";

// Google's failures, sorted into what Aiva does next: retry here (rate limits, 5xx,
// dropped connections), retry later (transient), ask the person to reconnect (auth), or
// stop until the settings change (config). Errors arrive as GaxiosError from the
// googleapis clients and google-auth-library; only their shape is read here.

type ErrorShape = {
  status?: number;
  code?: string | number;
  message?: string;
  response?: { status?: number; headers?: unknown; data?: unknown };
};

export const REVOKED_MESSAGE = "Google access was revoked. Reconnect the account.";

export function httpStatus(error: unknown): number | null {
  const e = (error ?? {}) as ErrorShape;
  const status = e.response?.status ?? e.status ?? (typeof e.code === "number" ? e.code : undefined);
  return typeof status === "number" ? status : null;
}

/** `error` of an OAuth token-endpoint answer (invalid_grant...), if this is one. */
export function oauthErrorCode(error: unknown): string | null {
  const data = (error as ErrorShape | null)?.response?.data;
  if (data && typeof data === "object" && typeof (data as { error?: unknown }).error === "string") {
    return (data as { error: string }).error;
  }
  const message = (error as ErrorShape | null)?.message;
  return message && /^(invalid_grant|invalid_client|unauthorized_client)$/.test(message) ? message : null;
}

/** The `reason`s of a Google API error body: { error: { errors: [{ reason }], status } }. */
export function errorReasons(error: unknown): string[] {
  const data = (error as ErrorShape | null)?.response?.data as
    | { error?: { status?: string; errors?: { reason?: string }[]; details?: { reason?: string }[] } }
    | undefined;
  const body = data && typeof data === "object" ? data.error : undefined;
  if (!body || typeof body !== "object") return [];
  const reasons = [...(body.errors ?? []), ...(body.details ?? [])].map((e) => e?.reason).filter((r): r is string => typeof r === "string");
  if (typeof body.status === "string") reasons.push(body.status);
  return reasons;
}

const RATE_REASONS = new Set(["rateLimitExceeded", "userRateLimitExceeded", "RATE_LIMIT_EXCEEDED", "RESOURCE_EXHAUSTED"]);
const SCOPE_REASONS = new Set(["insufficientPermissions", "ACCESS_TOKEN_SCOPE_INSUFFICIENT", "PERMISSION_DENIED"]);

export function isRateLimited(error: unknown): boolean {
  const status = httpStatus(error);
  if (status === 429) return true;
  return status === 403 && errorReasons(error).some((r) => RATE_REASONS.has(r));
}

const NETWORK_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "ENOTFOUND", "UND_ERR_SOCKET"]);

/** Worth retrying an idempotent request: 5xx, or the connection dropped with no answer. */
export function isServerOrNetworkError(error: unknown): boolean {
  const status = httpStatus(error);
  if (status !== null) return status >= 500;
  const e = (error ?? {}) as ErrorShape & { cause?: { code?: string } };
  const code = typeof e.code === "string" ? e.code : e.cause?.code;
  return (code !== undefined && NETWORK_CODES.has(code)) || /fetch failed|socket hang up|network/i.test(e.message ?? "");
}

/** Retry-After in milliseconds (delta-seconds or an HTTP date), or null. */
export function retryAfterMs(error: unknown, now = Date.now()): number | null {
  const headers = (error as ErrorShape | null)?.response?.headers;
  let value: string | null | undefined;
  if (headers && typeof (headers as Headers).get === "function") value = (headers as Headers).get("retry-after");
  else if (headers && typeof headers === "object") {
    const record = headers as Record<string, unknown>;
    const found = record["retry-after"] ?? record["Retry-After"];
    value = typeof found === "string" ? found : typeof found === "number" ? String(found) : null;
  }
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

/**
 * Failures of the OAuth grant itself, the same for every Google API: a revoked or expired
 * grant (reconnect), or a client Google refuses (an administrator's setting). Null otherwise.
 */
export function describeGrantError(error: unknown): ChannelError | null {
  const oauth = oauthErrorCode(error);
  if (oauth === "invalid_grant" || httpStatus(error) === 401) return new ChannelError(REVOKED_MESSAGE, "auth", { cause: error });
  if (oauth === "invalid_client" || oauth === "unauthorized_client") {
    return new ChannelError("Aiva's Google sign-in settings were rejected by Google. An administrator must check GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET.", "config", {
      cause: error,
    });
  }
  return null;
}

export function isRevokedGrant(error: unknown): boolean {
  return oauthErrorCode(error) === "invalid_grant";
}

/**
 * A ChannelError for anything Aiva can explain; other errors come back unchanged (the
 * sync engine logs them and retries with its own limits).
 */
export function describeGoogleError(error: unknown): unknown {
  if (error instanceof ChannelError) return error;
  const grant = describeGrantError(error);
  if (grant) return grant;
  const status = httpStatus(error);
  if (isRateLimited(error)) {
    return new ChannelError("Gmail is limiting how fast Aiva may read this account. Aiva will continue shortly.", "transient", { cause: error });
  }
  if (status === 403) {
    const reasons = errorReasons(error);
    if (reasons.some((r) => SCOPE_REASONS.has(r))) {
      return new ChannelError("Aiva isn't allowed to read this Gmail account any more. Reconnect it and allow access to Gmail.", "auth", {
        cause: error,
      });
    }
    if (reasons.some((r) => r === "accessNotConfigured" || r === "SERVICE_DISABLED")) {
      return new ChannelError("The Gmail API isn't enabled for Aiva's Google project. An administrator must enable it.", "config", { cause: error });
    }
    if (reasons.includes("domainPolicy")) {
      return new ChannelError("This Google Workspace doesn't allow Aiva to access Gmail. Ask its administrator.", "config", { cause: error });
    }
  }
  if (status === 400 && errorReasons(error).includes("failedPrecondition")) {
    return new ChannelError("Gmail isn't enabled for this Google account.", "config", { cause: error });
  }
  if (isServerOrNetworkError(error)) {
    return new ChannelError("Gmail didn't answer properly. Aiva will try again shortly.", "transient", { cause: error });
  }
  return error;
}
