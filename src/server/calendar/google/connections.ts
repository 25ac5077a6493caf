import { calendar, type calendar_v3 } from "@googleapis/calendar";
import { and, eq, notInArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { SecretAccess } from "@/server/channels/types";
import { type GoogleSession, openGoogleSession } from "@/server/channels/gmail/google-session";
import { calendarConnections } from "@/server/db/schema";
import { withService, withUser } from "@/server/db/with-rls";
import { getSecret, putSecret } from "@/server/secrets/secret-store";
import { describeCalendarError } from "./errors";

// How Google calendars live in Aiva.
//
// One Google grant (the Gmail channel connection, with calendar scopes asked for in the
// same consent) gives Aiva every calendar on the account's calendar list. Each of those
// calendars is one `calendar_connections` row:
//   provider           "google"
//   providerAccountId  `${googleEmail}#${calendarId}` (unique per workspace)
//   displayName        the calendar's name as the person sees it (summaryOverride ?? summary)
//   syncCursor         { syncToken } once the first sync has finished
//   metadata           GoogleCalendarMeta below, including the id of the channel connection
//                      whose tokens it uses.
// A calendar connection owns no secrets: its tokens are the Gmail connection's, so the
// grant has one refresh path (src/server/channels/gmail/google-session.ts) and one place
// where a revoked grant shows up. The rows follow the calendar list on every sync (new
// calendars appear, removed ones go with their events), and disconnecting the Google
// account removes them all (events cascade).

export const CALENDAR_READ_SCOPES = ["https://www.googleapis.com/auth/calendar.readonly", "https://www.googleapis.com/auth/calendar"];
export const CALENDAR_WRITE_SCOPES = ["https://www.googleapis.com/auth/calendar.events", "https://www.googleapis.com/auth/calendar"];

/** What a grant's scopes allow with calendars: list and read them; add and change events. */
export function calendarAccess(scopes: unknown): { read: boolean; write: boolean } {
  const granted = Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === "string") : [];
  return {
    read: CALENDAR_READ_SCOPES.some((s) => granted.includes(s)),
    write: CALENDAR_WRITE_SCOPES.some((s) => granted.includes(s)),
  };
}

export const googleCalendarMeta = z.object({
  googleEmail: z.string(),
  calendarId: z.string(),
  primary: z.boolean(),
  /** owner | writer | reader | freeBusyReader */
  accessRole: z.string(),
  backgroundColor: z.string().nullable(),
  foregroundColor: z.string().nullable(),
  timeZone: z.string().nullable(),
  /** The Gmail channel connection whose Google grant (tokens) this calendar uses. */
  channelConnectionId: z.uuid(),
  /** The grant includes a scope that may add and change events. */
  canWrite: z.boolean(),
});
export type GoogleCalendarMeta = z.infer<typeof googleCalendarMeta>;

export function readCalendarMeta(metadata: unknown): GoogleCalendarMeta | null {
  const parsed = googleCalendarMeta.safeParse(metadata);
  return parsed.success ? parsed.data : null;
}

/** Owners and writers may add events; the grant must allow it too. */
export function isWritable(meta: GoogleCalendarMeta): boolean {
  return meta.canWrite && (meta.accessRole === "owner" || meta.accessRole === "writer");
}

// --- the grant --------------------------------------------------------------------------

export type Grant = { channelConnectionId: string; workspaceId: string };

/** The Gmail connection's secrets, where the Google tokens live. */
export function grantSecrets(grant: Grant): SecretAccess {
  const owner = { workspaceId: grant.workspaceId, ownerKind: "channel_connection" as const, ownerId: grant.channelConnectionId };
  const scope = { connectionId: grant.channelConnectionId };
  return {
    get: (name) => withService({ ...scope, reason: "read Google credential for calendar" }, (tx) => getSecret(tx, owner, name)),
    set: (name, value) => withService({ ...scope, reason: "store refreshed Google credential" }, (tx) => putSecret(tx, owner, name, value)),
  };
}

export type CalendarApi = GoogleSession & { calendar: calendar_v3.Calendar };

/** An authorized Calendar client on the grant (refresh, retries and reauth as for Gmail). */
export async function openCalendarApi(grant: Grant, signal?: AbortSignal): Promise<CalendarApi> {
  const session = await openGoogleSession(grantSecrets(grant), {
    signal,
    describe: describeCalendarError,
    label: `calendar via ${grant.channelConnectionId}`,
  });
  const client = calendar({ version: "v3", auth: session.auth, rootUrl: session.config.calendarRootUrl, retry: false, signal: session.signal });
  return Object.assign(session, { calendar: client });
}

// --- the rows ---------------------------------------------------------------------------

export type GrantConnection = { id: string; workspaceId: string; userId: string | null; metadata: Record<string, unknown> };

/** Calendar connections that use the grant of channel connection `channelConnectionId`. */
export async function calendarsOfGrant(channelConnectionId: string) {
  return withService({ connectionId: channelConnectionId, reason: "list the calendars of a Google account" }, (tx) =>
    tx
      .select()
      .from(calendarConnections)
      .where(and(eq(calendarConnections.provider, "google"), sql`${calendarConnections.metadata}->>'channelConnectionId' = ${channelConnectionId}`)),
  );
}

export async function setCalendarState(calendarConnectionId: string, state: Partial<typeof calendarConnections.$inferInsert>): Promise<void> {
  await withService({ connectionId: calendarConnectionId, reason: "calendar connection status" }, (tx) =>
    tx
      .update(calendarConnections)
      .set({ ...state, updatedAt: new Date() })
      .where(eq(calendarConnections.id, calendarConnectionId)),
  );
}

/** A refused grant: every calendar on it waits for a reconnect (and is not synced until then). */
export async function markGrantNeedsReauth(channelConnectionId: string, message: string): Promise<void> {
  await withService({ connectionId: channelConnectionId, reason: "calendar access revoked" }, (tx) =>
    tx
      .update(calendarConnections)
      .set({ status: "reauth_required", lastError: message, updatedAt: new Date() })
      .where(and(eq(calendarConnections.provider, "google"), sql`${calendarConnections.metadata}->>'channelConnectionId' = ${channelConnectionId}`)),
  );
}

/** A reconnect with Calendar allowed: the account's calendars sync again. */
export async function reviveCalendarsOfGrant(channelConnectionId: string): Promise<void> {
  await withService({ connectionId: channelConnectionId, reason: "Google account reconnected" }, (tx) =>
    tx
      .update(calendarConnections)
      .set({ status: "active", lastError: null, updatedAt: new Date() })
      .where(
        and(
          eq(calendarConnections.provider, "google"),
          eq(calendarConnections.status, "reauth_required"),
          sql`${calendarConnections.metadata}->>'channelConnectionId' = ${channelConnectionId}`,
        ),
      ),
  );
}

/** Removes the calendar connections of a Google account (their events cascade). */
export async function removeCalendarsOfGrant(channelConnectionId: string, keepIds: string[] = []): Promise<number> {
  const removed = await withService({ connectionId: channelConnectionId, reason: "remove calendars of a Google account" }, (tx) =>
    tx
      .delete(calendarConnections)
      .where(
        and(
          eq(calendarConnections.provider, "google"),
          sql`${calendarConnections.metadata}->>'channelConnectionId' = ${channelConnectionId}`,
          keepIds.length > 0 ? notInArray(calendarConnections.id, keepIds) : undefined,
        ),
      )
      .returning({ id: calendarConnections.id }),
  );
  return removed.length;
}

const MAX_CALENDARS = 100;

/**
 * Brings the account's calendar connections in line with its calendar list: one row per
 * calendar (created, renamed, recoloured), and rows of calendars no longer on the list
 * removed. Calendars waiting for a reconnect keep waiting (reviveCalendarsOfGrant is the
 * reconnect's job), so nothing retries a refused grant until the person acts.
 * Returns the ids of the account's calendar connections.
 */
export async function refreshCalendarList(grant: GrantConnection, api: CalendarApi): Promise<string[]> {
  const email = typeof grant.metadata.email === "string" ? grant.metadata.email : null;
  if (!email) throw new Error(`channel connection ${grant.id} has no Google email`);
  const access = calendarAccess(grant.metadata.scopes);
  const entries: calendar_v3.Schema$CalendarListEntry[] = [];
  let pageToken: string | undefined;
  do {
    const page = await api.call(() => api.calendar.calendarList.list({ maxResults: 250, pageToken }));
    entries.push(...(page.data.items ?? []));
    pageToken = page.data.nextPageToken ?? undefined;
  } while (pageToken && entries.length < MAX_CALENDARS);

  const ids: string[] = [];
  await withService({ connectionId: grant.id, reason: "store the calendars of a Google account" }, async (tx) => {
    for (const entry of entries.slice(0, MAX_CALENDARS)) {
      if (!entry.id || entry.deleted) continue;
      const metadata: GoogleCalendarMeta = {
        googleEmail: email,
        calendarId: entry.id,
        primary: entry.primary === true,
        accessRole: entry.accessRole ?? "reader",
        backgroundColor: entry.backgroundColor ?? null,
        foregroundColor: entry.foregroundColor ?? null,
        timeZone: entry.timeZone ?? null,
        channelConnectionId: grant.id,
        canWrite: access.write,
      };
      const displayName = entry.summaryOverride?.trim() || entry.summary?.trim() || entry.id;
      const [row] = await tx
        .insert(calendarConnections)
        .values({
          workspaceId: grant.workspaceId,
          userId: grant.userId,
          provider: "google",
          providerAccountId: `${email}#${entry.id}`,
          displayName,
          metadata,
          status: "active",
        })
        .onConflictDoUpdate({
          target: [calendarConnections.workspaceId, calendarConnections.provider, calendarConnections.providerAccountId],
          set: {
            displayName,
            metadata,
            userId: grant.userId,
            updatedAt: new Date(),
          },
        })
        .returning({ id: calendarConnections.id });
      if (row) ids.push(row.id);
    }
  });
  await removeCalendarsOfGrant(grant.id, ids);
  return ids;
}

/** Live calendars of the grant, in the order a sync visits them (primary first). */
export async function calendarsToSync(channelConnectionId: string) {
  const rows = await calendarsOfGrant(channelConnectionId);
  return rows
    .filter((r) => ["active", "syncing", "error"].includes(r.status))
    .sort((a, b) => Number(readCalendarMeta(b.metadata)?.primary ?? false) - Number(readCalendarMeta(a.metadata)?.primary ?? false));
}


// --- Settings ---------------------------------------------------------------------------

export type GoogleCalendarSummary = {
  id: string;
  name: string;
  color: string | null;
  primary: boolean;
  /** owner | writer | reader | freeBusyReader */
  accessRole: string;
  writable: boolean;
  status: string;
  lastSyncAt: Date | null;
  lastError: string | null;
};

/** The Google calendars of a workspace, by the Gmail connection whose grant they use (as the user: RLS). */
export async function listGoogleCalendars(userId: string, workspaceId: string): Promise<Map<string, GoogleCalendarSummary[]>> {
  const rows = await withUser(userId, (tx) =>
    tx
      .select()
      .from(calendarConnections)
      .where(and(eq(calendarConnections.workspaceId, workspaceId), eq(calendarConnections.provider, "google"))),
  );
  const byGrant = new Map<string, GoogleCalendarSummary[]>();
  for (const row of rows) {
    const meta = readCalendarMeta(row.metadata);
    if (!meta) continue;
    const list = byGrant.get(meta.channelConnectionId) ?? [];
    list.push({
      id: row.id,
      name: row.displayName ?? meta.calendarId,
      color: meta.backgroundColor,
      primary: meta.primary,
      accessRole: meta.accessRole,
      writable: isWritable(meta),
      status: row.status,
      lastSyncAt: row.lastSyncAt,
      lastError: row.lastError,
    });
    byGrant.set(meta.channelConnectionId, list);
  }
  for (const list of byGrant.values()) list.sort((a, b) => Number(b.primary) - Number(a.primary) || a.name.localeCompare(b.name));
  return byGrant;
}
