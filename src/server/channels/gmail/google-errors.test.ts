import { describe, expect, it } from "vitest";
import { ChannelError } from "../errors";
import { retryDelay } from "./gmail-session";
import { REVOKED_MESSAGE, describeGoogleError, isRateLimited, retryAfterMs } from "./google-errors";

// Shapes as gaxios produces them: status on `response`, Google's error body in `data`.
const apiError = (status: number, reason?: string, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`HTTP ${status}`), {
    status,
    response: { status, headers: new Headers(headers), data: { error: { code: status, errors: reason ? [{ reason }] : [] } } },
  });
const tokenError = (error: string) => Object.assign(new Error(error), { response: { status: 400, headers: new Headers(), data: { error } } });

describe("Google errors", () => {
  it("recognises rate limits: 429, and 403 with a rate reason only", () => {
    expect(isRateLimited(apiError(429))).toBe(true);
    expect(isRateLimited(apiError(403, "userRateLimitExceeded"))).toBe(true);
    expect(isRateLimited(apiError(403, "rateLimitExceeded"))).toBe(true);
    expect(isRateLimited(apiError(403, "insufficientPermissions"))).toBe(false);
  });

  it("reads Retry-After as seconds or a date", () => {
    expect(retryAfterMs(apiError(429, undefined, { "retry-after": "7" }))).toBe(7000);
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(retryAfterMs(apiError(429, undefined, { "retry-after": "Wed, 01 Jan 2025 00:00:30 GMT" }), now)).toBe(30_000);
    expect(retryAfterMs(apiError(429))).toBeNull();
    expect(retryAfterMs({ response: { headers: { "retry-after": "2" } } })).toBe(2000);
  });

  it("caps the wait at a minute, retries 5xx only when idempotent, and gives up after five tries", () => {
    expect(retryDelay(apiError(429, undefined, { "retry-after": "3600" }), 1, true)).toBe(60_000);
    expect(retryDelay(apiError(429, undefined, { "retry-after": "2" }), 1, false)).toBe(2000);
    expect(retryDelay(apiError(503), 1, true)).toBe(1000);
    expect(retryDelay(apiError(503), 1, false)).toBeNull();
    expect(retryDelay(apiError(429), 5, true)).toBeNull();
    expect(retryDelay(apiError(400), 1, true)).toBeNull();
  });

  it("explains revoked grants, lost scopes and rate limits", () => {
    const revoked = describeGoogleError(tokenError("invalid_grant")) as ChannelError;
    expect(revoked).toBeInstanceOf(ChannelError);
    expect([revoked.kind, revoked.message]).toEqual(["auth", REVOKED_MESSAGE]);
    expect((describeGoogleError(apiError(403, "insufficientPermissions")) as ChannelError).kind).toBe("auth");
    expect((describeGoogleError(apiError(429)) as ChannelError).kind).toBe("transient");
    expect((describeGoogleError(tokenError("invalid_client")) as ChannelError).kind).toBe("config");
    const unknown = apiError(400, "invalidArgument");
    expect(describeGoogleError(unknown)).toBe(unknown);
  });
});
