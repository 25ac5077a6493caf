import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmEvent, scheduleFromMessage } from "@/server/ai/suggestions";
import { calendarsToSync } from "@/server/calendar/google/connections";
import { READ_ONLY_MESSAGE } from "@/server/calendar/google/errors";
import { noonUtc } from "@/server/calendar/google/mappers";
import { syncGoogleCalendars } from "@/server/calendar/google/sync";
import { createProviderEvent, deleteProviderEvent, listCalendarChoices, updateProviderEvent } from "@/server/calendar/provider-events";
import { GOOGLE_SECRETS } from "@/server/channels/gmail/config";
import { CALLBACK_PATH, finishGoogleConnect, startGoogleConnect } from "@/server/connections/google-oauth";
import { disconnect } from "@/server/connections/manage-connections";
import { generateKeyText } from "@/server/crypto/keys";
import { calendarConnections } from "@/server/db/schema";
import { withUser } from "@/server/db/with-rls";
import { stopJobQueue } from "@/server/jobs/queue";
import { ingestMessages } from "@/server/sync/ingest";
import { connectionSecrets, connectionsToSync, loadConnection, runSync } from "@/server/sync/run-sync";
import type { FakeCalendarServer } from "../fakes/google-calendar-server";
import { aMessage } from "../fixtures/normalized-message";
import { type GoogleEmulator, TEST_CLIENT, startGoogleEmulator } from "../helpers/google-emulator";
import { createTestDatabase, createUser, type TestUser } from "../helpers/test-database";

// Google Calendar end to end against a local Google: OAuth and Gmail from the emulator,
// Calendar v3 from the stateful fake (tests/fakes/google-calendar-server.ts) behind the same
// base URL, driven by the real @googleapis/calendar client. Connecting sets up one
// calendar connection per calendar; syncs are incremental with sync tokens (410 → full
// resync); events are written with invitations; read-only calendars, other people and a
// revoked grant are refused in sentences.

const ORIGIN = "http://aiva.calendar.test:3998";
const ALICE = "alice@aiva.test";
const BOB = "bob@aiva.test";
const TEAM = "team-x1@group.calendar.google.com";
const HOLIDAYS = "en.spain#holiday@group.v.calendar.google.com";
const DANA = "dana@client.test";
const DAY = 86_400_000;

const saved = { ...process.env };
let google: GoogleEmulator;
let fake: FakeCalendarServer;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let ada: TestUser;
let eve: TestUser;
let ws: string;
let gmailId: string;
const calendarIds: Record<string, string> = {};

/** Midnight UTC `days` from today, plus `hours`. */
const at = (days: number, hours = 0) => {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  return new Date(d.getTime() + days * DAY + hours * 3_600_000);
};
const dateOnly = (days: number) => at(days).toISOString().slice(0, 10);

/** Signs `email` in on the emulator's consent page for `authUrl`; returns Google's redirect query. */
async function consent(authUrl: string, email: string): Promise<URLSearchParams> {
  const page = await fetch(authUrl);
  const html = await page.text();
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
  return new URL(location).searchParams;
}

async function connectGoogle(user: TestUser, email: string, scope?: string) {
  const started = startGoogleConnect({ userId: user.id, workspaceId: ws, origin: ORIGIN });
  const url = new URL(started.url);
  if (scope) url.searchParams.set("scope", scope);
  const query = await consent(url.toString(), email);
  return finishGoogleConnect({ userId: user.id, query, cookie: started.cookie.value, origin: ORIGIN });
}

const q = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) => db.database.raw.query<T>(text, params);

type EventRow = {
  id: string;
  provider_event_id: string;
  title: string;
  description: string | null;
  start_time: Date;
  end_time: Date;
  all_day: boolean;
  timezone: string | null;
  location: string | null;
  organizer: unknown;
  attendees: { name: string | null; email: string }[];
  status: string;
  created_from_message_id: string | null;
  calendar_connection_id: string | null;
};
const eventsOf = (calendarConnectionId: string) =>
  q<EventRow>("select * from public.events where calendar_connection_id = $1 order by start_time, provider_event_id", [calendarConnectionId]);
const byProviderId = async (calendarConnectionId: string, providerEventId: string) =>
  (await eventsOf(calendarConnectionId)).filter((e) => e.provider_event_id === providerEventId);

type CalendarRow = { id: string; provider_account_id: string; display_name: string; status: string; last_error: string | null; last_sync_at: Date | null; sync_cursor: { syncToken?: string } | null; metadata: Record<string, unknown> };
const calendarRows = () =>
  q<CalendarRow>(
    "select id::text, provider_account_id, display_name, status::text, last_error, last_sync_at, sync_cursor, metadata from public.calendar_connections order by provider_account_id",
  );

/** Calendar API requests the fake saw since `from`. */
const calendarRequests = (from = 0) => fake.requests.slice(from);

const input = (overrides: Partial<Parameters<typeof createProviderEvent>[3]> = {}): Parameters<typeof createProviderEvent>[3] => ({
  title: "Design review",
  description: "Bring the mocks.",
  startTime: at(4, 13),
  endTime: at(4, 14),
  allDay: false,
  timezone: "Europe/Paris",
  location: "Room 2",
  attendees: [{ name: "Dana Ortiz", email: DANA }],
  ...overrides,
});

describe("Google Calendar", () => {
  beforeAll(async () => {
    process.env.TOKEN_ENCRYPTION_KEY = generateKeyText();
    google = await startGoogleEmulator(
      { users: [{ email: ALICE, name: "Alice Example" }, { email: BOB, name: "Bob Example" }] },
      { calendar: true, redirectUris: [`${ORIGIN}${CALLBACK_PATH}`] },
    );
    fake = google.calendar!;
    process.env.GOOGLE_CLIENT_ID = TEST_CLIENT.clientId;
    process.env.GOOGLE_CLIENT_SECRET = TEST_CLIENT.clientSecret;
    process.env.GOOGLE_API_BASE_URL = google.url;
    db = await createTestDatabase();
    ada = await createUser(db.database, "ada@example.com");
    eve = await createUser(db.database, "eve@example.com");
    ws = ada.personalWorkspaceId;

    fake.addCalendar(ALICE, { id: ALICE, summary: "Alice Example", primary: true, backgroundColor: "#9fe1e7", timeZone: "Europe/Paris" });
    fake.addCalendar(ALICE, { id: TEAM, summary: "Team", accessRole: "writer", backgroundColor: "#f83a22" });
    fake.addCalendar(ALICE, { id: HOLIDAYS, summary: "Holidays in Spain", accessRole: "reader", backgroundColor: "#16a765" });
    fake.putEvent(ALICE, ALICE, {
      id: "standup01",
      summary: "Standup",
      description: "<p>Agenda: <b>numbers</b></p>",
      location: "Room 1",
      start: { dateTime: at(2, 8).toISOString(), timeZone: "Europe/Paris" },
      end: { dateTime: at(2, 8.5).toISOString(), timeZone: "Europe/Paris" },
      organizer: { email: ALICE, displayName: "Alice Example", self: true },
      attendees: [
        { email: ALICE, displayName: "Alice Example", organizer: true, self: true, responseStatus: "accepted" },
        { email: DANA, displayName: "Dana Ortiz", responseStatus: "accepted" },
        { email: "room-1@resource.calendar.google.com", displayName: "Room 1", resource: true, responseStatus: "accepted" },
      ],
    });
    fake.putEvent(ALICE, ALICE, { id: "offsite01", summary: "Offsite", start: { date: dateOnly(5) }, end: { date: dateOnly(7) } });
    fake.putEvent(ALICE, ALICE, {
      id: "maybe01",
      summary: "Maybe coffee",
      status: "tentative",
      start: { dateTime: at(3, 15).toISOString() },
      end: { dateTime: at(3, 16).toISOString() },
    });
    fake.putEvent(ALICE, ALICE, { id: "old01", summary: "Long ago", start: { dateTime: at(-60, 9).toISOString() }, end: { dateTime: at(-60, 10).toISOString() } });
    fake.putEvent(ALICE, ALICE, { id: "far01", summary: "Far away", start: { dateTime: at(300, 9).toISOString() }, end: { dateTime: at(300, 10).toISOString() } });
    fake.putEvent(ALICE, TEAM, { id: "team01", summary: "Team lunch", start: { dateTime: at(1, 11).toISOString() }, end: { dateTime: at(1, 12).toISOString() } });
  }, 60_000);

  afterAll(async () => {
    await stopJobQueue();
    await db?.cleanup();
    await google?.close();
    process.env = saved;
  });

  it("connecting a Google account sets up one calendar connection per calendar, on the Gmail grant", async () => {
    const result = await connectGoogle(ada, ALICE);
    gmailId = result.connectionId;
    expect(result.calendars).toBe(3);
    const rows = await calendarRows();
    for (const row of rows) calendarIds[String(row.metadata.calendarId)] = row.id;
    expect(rows.map((r) => [r.provider_account_id, r.display_name, r.status])).toEqual([
      [`${ALICE}#${ALICE}`, "Alice Example", "active"],
      [`${ALICE}#${HOLIDAYS}`, "Holidays in Spain", "active"],
      [`${ALICE}#${TEAM}`, "Team", "active"],
    ]);
    expect(rows.find((r) => r.metadata.calendarId === ALICE)!.metadata).toEqual({
      googleEmail: ALICE,
      calendarId: ALICE,
      primary: true,
      accessRole: "owner",
      backgroundColor: "#9fe1e7",
      foregroundColor: null,
      timeZone: "Europe/Paris",
      channelConnectionId: gmailId,
      canWrite: true,
    });
    // One set of tokens: the Gmail connection's. Calendars own no secrets.
    const [secrets] = await q<{ n: number }>("select count(*)::int as n from private.secrets where owner_kind = 'calendar_connection'");
    expect(secrets!.n).toBe(0);

    const choices = await listCalendarChoices(ada.id, ws);
    expect(choices).toEqual([
      { id: null, name: "Aiva calendar", account: null, provider: "aiva", color: null, isDefault: false },
      { id: calendarIds[ALICE], name: "Alice Example", account: ALICE, provider: "google", color: "#9fe1e7", isDefault: true },
      { id: calendarIds[TEAM], name: "Team", account: ALICE, provider: "google", color: "#f83a22", isDefault: false },
    ]);
  });

  it("a grant without Calendar connects Gmail only and says so", async () => {
    const before = (await calendarRows()).length;
    const result = await connectGoogle(ada, BOB, "openid email profile https://www.googleapis.com/auth/gmail.modify");
    expect(result.calendars).toBe("no_scope");
    expect((await calendarRows()).length).toBe(before);
    await disconnect(ada.id, ws, result.connectionId);
  });

  it("the first sync imports the window's events: timed with attendees, all-day and tentative", async () => {
    const from = fake.requests.length;
    await runSync({ connectionId: gmailId });
    const primary = await eventsOf(calendarIds[ALICE]!);
    expect(primary.map((e) => e.provider_event_id)).toEqual(["standup01", "maybe01", "offsite01"]);
    const [standup, maybe, offsite] = primary;
    expect(standup).toMatchObject({
      title: "Standup",
      all_day: false,
      timezone: "Europe/Paris",
      location: "Room 1",
      status: "confirmed",
      organizer: { name: "Alice Example", email: ALICE },
      attendees: [
        { name: "Alice Example", email: ALICE },
        { name: "Dana Ortiz", email: DANA },
      ],
    });
    expect(standup!.description).toContain("Agenda: numbers");
    expect(standup!.description).not.toContain("<");
    expect(new Date(standup!.start_time).toISOString()).toBe(at(2, 8).toISOString());
    expect(new Date(standup!.end_time).toISOString()).toBe(at(2, 8.5).toISOString());
    expect(maybe!.status).toBe("tentative");
    expect(offsite).toMatchObject({ title: "Offsite", all_day: true });
    expect(new Date(offsite!.start_time).toISOString()).toBe(noonUtc(dateOnly(5))!.toISOString());
    expect(new Date(offsite!.end_time).toISOString()).toBe(noonUtc(dateOnly(7))!.toISOString());
    expect((await eventsOf(calendarIds[TEAM]!)).map((e) => e.title)).toEqual(["Team lunch"]);

    const rows = await calendarRows();
    for (const row of rows) {
      expect(row).toMatchObject({ status: "active", last_error: null });
      expect(row.last_sync_at).not.toBeNull();
      expect(row.sync_cursor?.syncToken).toMatch(/^sync_/);
    }
    const lists = calendarRequests(from).filter((r) => r.method === "GET" && r.path.endsWith("/events"));
    expect(lists).toHaveLength(3);
    for (const list of lists) {
      expect(list.query).toMatchObject({ singleEvents: "true" });
      expect(Date.parse(list.query.timeMin!)).toBeLessThan(Date.now() - 29 * DAY);
      expect(Date.parse(list.query.timeMax!)).toBeGreaterThan(Date.now() + 179 * DAY);
    }
  });

  it("incremental syncs send the sync token and bring added, changed and cancelled events", async () => {
    const [before] = (await calendarRows()).filter((r) => r.id === calendarIds[ALICE]);
    fake.putEvent(ALICE, ALICE, { id: "lunch01", summary: "Lunch with Dana", start: { dateTime: at(6, 12).toISOString() }, end: { dateTime: at(6, 13).toISOString() } });
    const standup = fake.event(ALICE, ALICE, "standup01")!;
    fake.putEvent(ALICE, ALICE, { ...standup, summary: "Standup (moved)", start: { dateTime: at(2, 9).toISOString() }, end: { dateTime: at(2, 9.5).toISOString() } });
    fake.cancelEvent(ALICE, ALICE, "maybe01");
    const from = fake.requests.length;

    await runSync({ connectionId: gmailId });
    const list = calendarRequests(from).find((r) => r.path === `/calendar/v3/calendars/${encodeURIComponent(ALICE)}/events`)!;
    expect(list.query.syncToken).toBe(before!.sync_cursor!.syncToken);
    expect(list.query.timeMin).toBeUndefined();
    const primary = await eventsOf(calendarIds[ALICE]!);
    expect(primary.map((e) => [e.provider_event_id, e.title])).toEqual([
      ["standup01", "Standup (moved)"],
      ["offsite01", "Offsite"],
      ["lunch01", "Lunch with Dana"],
    ]);
    expect(new Date(primary[0]!.start_time).toISOString()).toBe(at(2, 9).toISOString());
    const [after] = (await calendarRows()).filter((r) => r.id === calendarIds[ALICE]);
    expect(after!.sync_cursor!.syncToken).not.toBe(before!.sync_cursor!.syncToken);
  });

  it("an expired sync token (410) lists the window again, without duplicates and without what was deleted meanwhile", async () => {
    fake.invalidateSyncTokens(ALICE, ALICE);
    fake.cancelEvent(ALICE, ALICE, "lunch01");
    fake.putEvent(ALICE, ALICE, { id: "retro01", summary: "Retro", start: { dateTime: at(8, 14).toISOString() }, end: { dateTime: at(8, 15).toISOString() } });
    const from = fake.requests.length;

    await runSync({ connectionId: gmailId });
    const lists = calendarRequests(from).filter((r) => r.path === `/calendar/v3/calendars/${encodeURIComponent(ALICE)}/events`);
    expect(lists.map((r) => (r.query.syncToken ? "token" : r.query.timeMin ? "window" : "?"))).toEqual(["token", "window"]);
    const primary = await eventsOf(calendarIds[ALICE]!);
    expect(primary.map((e) => e.provider_event_id)).toEqual(["standup01", "offsite01", "retro01"]);
    const [row] = (await calendarRows()).filter((r) => r.id === calendarIds[ALICE]);
    expect(row).toMatchObject({ status: "active", last_error: null });
    expect(row!.sync_cursor?.syncToken).toMatch(/^sync_/);
    // Another sync is incremental again and changes nothing.
    await runSync({ connectionId: gmailId });
    expect((await eventsOf(calendarIds[ALICE]!)).map((e) => e.provider_event_id)).toEqual(["standup01", "offsite01", "retro01"]);
  });

  it("creates, changes and deletes events in Google with invitations (sendUpdates=all)", async () => {
    const primary = calendarIds[ALICE]!;
    const from = fake.requests.length;
    const { providerEventId } = await createProviderEvent(ada.id, ws, primary, input());
    const insert = calendarRequests(from).find((r) => r.method === "POST")!;
    expect(insert.query.sendUpdates).toBe("all");
    expect(fake.event(ALICE, ALICE, providerEventId)).toMatchObject({
      summary: "Design review",
      description: "Bring the mocks.",
      location: "Room 2",
      start: { dateTime: at(4, 13).toISOString(), timeZone: "Europe/Paris" },
      end: { dateTime: at(4, 14).toISOString(), timeZone: "Europe/Paris" },
      attendees: [{ email: DANA, displayName: "Dana Ortiz", responseStatus: "needsAction" }],
    });

    // All-day: dates, the end date exclusive.
    const allDay = await createProviderEvent(ada.id, ws, primary, input({ title: "Conference", allDay: true, startTime: noonUtc(dateOnly(10))!, endTime: noonUtc(dateOnly(12))!, timezone: null, attendees: [] }));
    expect(fake.event(ALICE, ALICE, allDay.providerEventId)).toMatchObject({ start: { date: dateOnly(10) }, end: { date: dateOnly(12) } });
    expect(fake.event(ALICE, ALICE, allDay.providerEventId)!.start!.dateTime).toBeUndefined();

    // Dana accepts in Google; a change keeps her answer and invites Eli.
    const current = fake.event(ALICE, ALICE, providerEventId)!;
    fake.putEvent(ALICE, ALICE, { ...current, attendees: [{ email: DANA, displayName: "Dana Ortiz", responseStatus: "accepted" }] });
    const beforePatch = fake.requests.length;
    await updateProviderEvent(ada.id, ws, primary, providerEventId, input({ title: "Design review v2", attendees: [{ name: "Dana Ortiz", email: DANA }, { name: null, email: "eli@client.test" }] }));
    const patch = calendarRequests(beforePatch).find((r) => r.method === "PATCH")!;
    expect(patch.query.sendUpdates).toBe("all");
    expect(fake.event(ALICE, ALICE, providerEventId)).toMatchObject({
      summary: "Design review v2",
      attendees: [
        { email: DANA, responseStatus: "accepted" },
        { email: "eli@client.test", responseStatus: "needsAction" },
      ],
    });
    // Timed → all-day through a patch.
    await updateProviderEvent(ada.id, ws, primary, providerEventId, input({ allDay: true, startTime: noonUtc(dateOnly(4))!, endTime: noonUtc(dateOnly(5))! }));
    const changed = fake.event(ALICE, ALICE, providerEventId)!;
    expect(changed.start).toEqual({ date: dateOnly(4) });
    expect(changed.end).toEqual({ date: dateOnly(5) });

    const beforeDelete = fake.requests.length;
    await deleteProviderEvent(ada.id, ws, primary, providerEventId);
    expect(calendarRequests(beforeDelete).find((r) => r.method === "DELETE")!.query.sendUpdates).toBe("all");
    expect(fake.event(ALICE, ALICE, providerEventId)!.status).toBe("cancelled");
    // Deleting again is fine; changing a deleted event is refused in words.
    await deleteProviderEvent(ada.id, ws, primary, providerEventId);
    await expect(updateProviderEvent(ada.id, ws, primary, providerEventId, input())).rejects.toThrow(/deleted from “Alice Example”/);
    await expect(updateProviderEvent(ada.id, ws, primary, "nosuchevent1", input())).rejects.toThrow(/no longer exists in “Alice Example”/);
    await expect(createProviderEvent(ada.id, ws, primary, input({ endTime: at(4, 12) }))).rejects.toThrow("The event must end after it starts.");
    await expect(createProviderEvent(ada.id, ws, primary, input({ title: "  " }))).rejects.toThrow("Give the event a title.");
  });

  it("refuses read-only calendars with a sentence, whether Aiva or Google notices", async () => {
    const from = fake.requests.length;
    await expect(createProviderEvent(ada.id, ws, calendarIds[HOLIDAYS]!, input())).rejects.toThrow(READ_ONLY_MESSAGE);
    expect(calendarRequests(from)).toHaveLength(0);
    // Demoted in Google since the last sync: Google's 403 becomes the same sentence.
    fake.addCalendar(ALICE, { id: TEAM, summary: "Team", accessRole: "reader", backgroundColor: "#f83a22" });
    await expect(createProviderEvent(ada.id, ws, calendarIds[TEAM]!, input())).rejects.toThrow(READ_ONLY_MESSAGE);
    expect(calendarRequests(from).map((r) => `${r.method} ${r.path}`)).toEqual([`POST /calendar/v3/calendars/${encodeURIComponent(TEAM)}/events`]);
    // The next sync learns the new role: Team leaves the choices.
    await runSync({ connectionId: gmailId });
    expect((await listCalendarChoices(ada.id, ws)).map((c) => c.name)).toEqual(["Aiva calendar", "Alice Example"]);
  });

  it("another user can neither list nor write to the workspace's calendars", async () => {
    const primary = calendarIds[ALICE]!;
    const from = fake.requests.length;
    await expect(listCalendarChoices(eve.id, ws)).rejects.toThrow(/not a member/);
    await expect(createProviderEvent(eve.id, ws, primary, input())).rejects.toThrow("That calendar isn't connected in this workspace.");
    await expect(updateProviderEvent(eve.id, ws, primary, "standup01", input())).rejects.toThrow("That calendar isn't connected in this workspace.");
    await expect(deleteProviderEvent(eve.id, ws, primary, "standup01")).rejects.toThrow("That calendar isn't connected in this workspace.");
    // Naming her own workspace doesn't help: the calendar isn't in it.
    await expect(createProviderEvent(eve.id, eve.personalWorkspaceId, primary, input())).rejects.toThrow("That calendar isn't connected in this workspace.");
    expect(await listCalendarChoices(eve.id, eve.personalWorkspaceId)).toEqual([
      { id: null, name: "Aiva calendar", account: null, provider: "aiva", color: null, isDefault: true },
    ]);
    expect(await withUser(eve.id, (tx) => tx.select().from(calendarConnections))).toEqual([]);
    expect(calendarRequests(from)).toHaveLength(0);
    expect(fake.event(ALICE, ALICE, "standup01")!.summary).toBe("Standup (moved)");
  });

  it("confirming a suggested meeting into a Google calendar creates it there and stores the provider ids", async () => {
    const primary = calendarIds[ALICE]!;
    const { inserted } = await ingestMessages({ workspaceId: ws, connectionId: gmailId }, [aMessage({ subject: "Kickoff?" })]);
    const messageId = inserted[0]!;
    const suggest = async (key: string) =>
      (
        await q<{ id: string }>(
          `insert into public.events (workspace_id, title, start_time, end_time, attendees, status, created_from_message_id, ai_key)
           values ($1, 'Kickoff', $2, $3, $4::jsonb, 'suggested', $5, $6) returning id::text as id`,
          [ws, at(9, 10).toISOString(), at(9, 11).toISOString(), JSON.stringify([{ name: "Dana Ortiz", email: DANA }]), messageId, key],
        )
      )[0]!.id;

    // Refused by Google: the suggestion stays a suggestion, and the person reads why.
    const refusedId = await suggest("refused");
    await expect(
      confirmEvent(ada.id, ws, { eventId: refusedId, title: "Kickoff", startTime: at(9, 10).toISOString(), endTime: at(9, 11).toISOString(), calendarConnectionId: calendarIds[HOLIDAYS] }),
    ).rejects.toThrow(READ_ONLY_MESSAGE);
    expect((await q<EventRow>("select * from public.events where id = $1", [refusedId]))[0]).toMatchObject({ status: "suggested", calendar_connection_id: null, provider_event_id: null });

    const eventId = await suggest("kickoff");
    const from = fake.requests.length;
    const confirmed = await confirmEvent(ada.id, ws, {
      eventId,
      title: "Kickoff with Dana",
      startTime: at(9, 10).toISOString(),
      endTime: at(9, 11).toISOString(),
      location: "Room 4",
      calendarConnectionId: primary,
    });
    expect(confirmed.status).toBe("confirmed");
    const [row] = await q<EventRow>("select * from public.events where id = $1", [eventId]);
    expect(row).toMatchObject({ calendar_connection_id: primary, status: "confirmed", created_from_message_id: messageId });
    expect(row!.provider_event_id).toMatch(/^[a-v0-9]{5,}$/);
    const insert = calendarRequests(from).find((r) => r.method === "POST")!;
    expect(insert.query.sendUpdates).toBe("all");
    expect(fake.event(ALICE, ALICE, row!.provider_event_id)).toMatchObject({ summary: "Kickoff with Dana", location: "Room 4", attendees: [{ email: DANA }] });

    // The next sync finds the same event in Google: still one row, still tied to its message.
    await runSync({ connectionId: gmailId });
    const copies = await byProviderId(primary, row!.provider_event_id);
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({ id: eventId, created_from_message_id: messageId, title: "Kickoff with Dana" });

    // A meeting scheduled from the message goes to Google too, with the message's people.
    const scheduled = await scheduleFromMessage(ada.id, ws, {
      messageId,
      title: "Follow-up",
      startTime: at(11, 10).toISOString(),
      endTime: at(11, 10.5).toISOString(),
      calendarConnectionId: primary,
    });
    const [stored] = await q<EventRow>("select * from public.events where id = $1", [scheduled.id]);
    expect(stored!.calendar_connection_id).toBe(primary);
    expect(fake.event(ALICE, ALICE, stored!.provider_event_id)!.attendees!.map((a) => a.email)).toContain(DANA);
    // Aiva's own calendar still works without a provider.
    const local = await confirmEvent(ada.id, ws, { eventId: await suggest("local"), title: "Local", startTime: at(12, 9).toISOString(), endTime: at(12, 10).toISOString() });
    expect((await q<EventRow>("select * from public.events where id = $1", [local.id]))[0]).toMatchObject({ calendar_connection_id: null, provider_event_id: null, status: "confirmed" });
  });

  it("a revoked grant marks every calendar reauth_required, and nothing retries it until a reconnect", async () => {
    const secrets = connectionSecrets({ id: gmailId, workspaceId: ws });
    const refresh = await secrets.get(GOOGLE_SECRETS.refreshToken);
    const revoked = await fetch(`${google.url}/oauth2/revoke`, { method: "POST", body: new URLSearchParams({ token: refresh! }) });
    expect(revoked.ok).toBe(true);
    await secrets.set(GOOGLE_SECRETS.accessTokenExpiresAt, String(Date.now() - 1000));

    await runSync({ connectionId: gmailId });
    const rows = await calendarRows();
    expect(rows.map((r) => [r.status, r.last_error])).toEqual(rows.map(() => ["reauth_required", "Google access was revoked. Reconnect the account."]));
    expect((await loadConnection(gmailId))).not.toBeNull();
    expect(await connectionsToSync()).not.toContain(gmailId);
    expect(await calendarsToSync(gmailId)).toEqual([]);

    // Running the calendar sync again reaches no Calendar API, and writing is refused up front.
    const from = fake.requests.length;
    const outcome = await syncGoogleCalendars((await loadConnection(gmailId))!);
    expect(outcome).toMatchObject({ skipped: "auth", calendars: [] });
    await expect(createProviderEvent(ada.id, ws, calendarIds[ALICE]!, input())).rejects.toThrow(`Reconnect the Google account ${ALICE} in Settings`);
    expect(calendarRequests(from)).toHaveLength(0);
    expect((await listCalendarChoices(ada.id, ws)).map((c) => c.name)).toEqual(["Aiva calendar"]);

    // Reconnecting brings the calendars back.
    const again = await connectGoogle(ada, ALICE);
    expect(again).toMatchObject({ connectionId: gmailId, reconnected: true, calendars: 3 });
    expect((await calendarRows()).map((r) => [r.status, r.last_error])).toEqual(rows.map(() => ["active", null]));
  });

  it("a calendar removed from the Google account leaves Aiva with its events at the next sync", async () => {
    fake.putEvent(ALICE, TEAM, { id: "team02", summary: "Team planning", start: { dateTime: at(2, 11).toISOString() }, end: { dateTime: at(2, 12).toISOString() } });
    await runSync({ connectionId: gmailId });
    expect((await eventsOf(calendarIds[TEAM]!)).map((e) => e.title)).toContain("Team planning");
    fake.removeCalendar(ALICE, TEAM);
    await runSync({ connectionId: gmailId });
    expect((await calendarRows()).map((r) => r.display_name)).toEqual(["Alice Example", "Holidays in Spain"]);
    expect(await eventsOf(calendarIds[TEAM]!)).toEqual([]);
  });

  it("disconnecting the Google account removes its calendars and their events", async () => {
    const [before] = await q<{ n: number }>("select count(*)::int as n from public.events where calendar_connection_id is not null");
    expect(before!.n).toBeGreaterThan(0);
    await disconnect(ada.id, ws, gmailId);
    expect(await calendarRows()).toEqual([]);
    const [after] = await q<{ n: number }>("select count(*)::int as n from public.events where calendar_connection_id is not null");
    expect(after!.n).toBe(0);
    expect(await listCalendarChoices(ada.id, ws)).toEqual([{ id: null, name: "Aiva calendar", account: null, provider: "aiva", color: null, isDefault: true }]);
  });
});
