import { ChannelError } from "@/server/channels/errors";
import { describeGrantError, errorReasons, httpStatus, isRateLimited, isServerOrNetworkError } from "@/server/channels/gmail/google-errors";

// Google Calendar's failures in words a person can act on. The same sorting as Gmail's
// (google-errors.ts): `auth` asks for a reconnect, `transient` is retried later, `config`
// waits for someone to change something. Statuses the caller handles itself (404/410 for
// an event, 409 for an insert that already landed, 410 for an expired sync token) come
// back unchanged, as does anything unknown.

const SCOPE_REASONS = new Set(["insufficientPermissions", "ACCESS_TOKEN_SCOPE_INSUFFICIENT"]);
/** 403s that mean "you may read this calendar but not change it". */
const READ_ONLY_REASONS = new Set(["requiredAccessLevel", "forbidden", "PERMISSION_DENIED"]);

export const CALENDAR_SCOPE_MESSAGE =
  "Aiva isn't allowed to use this Google account's calendars. Reconnect the account and allow access to Google Calendar.";
export const READ_ONLY_MESSAGE = "This Google calendar is read-only for you, so Aiva can't add or change its events.";

export function describeCalendarError(error: unknown): unknown {
  if (error instanceof ChannelError) return error;
  const grant = describeGrantError(error);
  if (grant) return grant;
  const status = httpStatus(error);
  if (isRateLimited(error)) {
    return new ChannelError("Google Calendar is limiting how fast Aiva may use this account. Try again in a minute.", "transient", { cause: error });
  }
  if (status === 403) {
    const reasons = errorReasons(error);
    if (reasons.some((r) => SCOPE_REASONS.has(r))) return new ChannelError(CALENDAR_SCOPE_MESSAGE, "auth", { cause: error });
    if (reasons.some((r) => r === "accessNotConfigured" || r === "SERVICE_DISABLED")) {
      return new ChannelError("The Google Calendar API isn't enabled for Aiva's Google project. An administrator must enable it.", "config", { cause: error });
    }
    if (reasons.includes("domainPolicy")) {
      return new ChannelError("This Google Workspace doesn't allow Aiva to use Google Calendar. Ask its administrator.", "config", { cause: error });
    }
    if (reasons.includes("forbiddenForNonOrganizer")) {
      return new ChannelError("Only the event's organizer can change it in Google Calendar.", "config", { cause: error });
    }
    if (reasons.length === 0 || reasons.some((r) => READ_ONLY_REASONS.has(r))) return new ChannelError(READ_ONLY_MESSAGE, "config", { cause: error });
  }
  if (isServerOrNetworkError(error)) {
    return new ChannelError("Google Calendar didn't answer properly. Try again in a moment.", "transient", { cause: error });
  }
  return error;
}

/** The Google error's own message (for logs), if it has one. */
export function googleMessage(error: unknown): string | null {
  const data = (error as { response?: { data?: unknown } } | null)?.response?.data as { error?: { message?: unknown } } | undefined;
  const message = data && typeof data === "object" ? data.error?.message : undefined;
  return typeof message === "string" ? message : error instanceof Error ? error.message : null;
}
