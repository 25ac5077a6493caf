import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ZodError } from "zod";
import { SafeError } from "@/lib/errors";
import {
  type EventInput,
  createEvent,
  deleteEvent,
  eventInputSchema,
  listEvents,
  restoreEvent,
  updateEvent,
} from "@/server/calendar/events";
import { createProviderEvent, deleteProviderEvent, updateProviderEvent } from "@/server/calendar/provider-events";
import { addMember } from "@/server/workspaces/members";
import { createTestDatabase, createUser, type TestUser } from "../helpers/test-database";

// The calendar's create / edit / delete in Aiva's own calendar, its validation, row-level
// security, and listEvents' range. Connected calendars are reached through
// provider-events.ts; here a fake stands in for it, so the tests check what this module
// does around those calls (order, what is stored, what is undone), not Google.
vi.mock("@/server/calendar/provider-events", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/server/calendar/provider-events")>()),
  createProviderEvent: vi.fn(),
  updateProviderEvent: vi.fn(),
  deleteProviderEvent: vi.fn(),
}));

let test: Awaited<ReturnType<typeof createTestDatabase>>;
let ada: TestUser;
let bob: TestUser;
let eve: TestUser;
let ws: string;

beforeAll(async () => {
  test = await createTestDatabase();
  ada = await createUser(test.database, "ada@example.com");
  bob = await createUser(test.database, "bob@example.com");
  eve = await createUser(test.database, "eve@example.com");
  ws = ada.personalWorkspaceId;
});
afterAll(() => test.cleanup());
beforeEach(() => vi.mocked(createProviderEvent).mockReset());

const timed = (over: Partial<Extract<EventInput, { allDay: false }>> = {}): EventInput => ({
  allDay: false,
  title: "Design review",
  startTime: "2026-11-20T14:00:00.000Z",
  endTime: "2026-11-20T15:00:00.000Z",
  timezone: "Europe/Berlin",
  location: "Room 7",
  description: "Bring the mockups.",
  attendees: [{ email: "priya@orchard.test", name: "Priya Shah" }],
  calendarId: null,
  ...over,
});

const allDay = (startDate: string, endDate: string, title = "Offsite"): EventInput => ({ allDay: true, title, startDate, endDate, calendarId: null });

const range = (from: string, to: string) => ({ from: new Date(from), to: new Date(to) });

async function statusOf(id: string): Promise<string | undefined> {
  const [row] = await test.database.raw.query<{ status: string }>("select status::text from public.events where id = $1", [id]);
  return row?.status;
}

describe("creating events in Aiva's calendar", () => {
  it("saves a timed event with its details and lists it", async () => {
    const saved = await createEvent(ada.id, ws, timed());
    expect(saved).toMatchObject({
      title: "Design review",
      startTime: "2026-11-20T14:00:00.000Z",
      endTime: "2026-11-20T15:00:00.000Z",
      allDay: false,
      timezone: "Europe/Berlin",
      location: "Room 7",
      description: "Bring the mockups.",
      attendees: [{ name: "Priya Shah", email: "priya@orchard.test" }],
      status: "confirmed",
      calendar: null,
      source: null,
    });
    const listed = await listEvents(ada.id, ws, range("2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z"));
    expect(listed.map((e) => e.id)).toContain(saved.id);
    expect(createProviderEvent).not.toHaveBeenCalled();
  });

  it("stores an all-day event from noon UTC of its first day to noon UTC after its last", async () => {
    const saved = await createEvent(ada.id, ws, allDay("2026-12-01", "2026-12-03"));
    expect(saved).toMatchObject({ allDay: true, startTime: "2026-12-01T12:00:00.000Z", endTime: "2026-12-04T12:00:00.000Z", timezone: null });
  });

  it("trims text, drops empty optional fields and repeated guests", async () => {
    const saved = await createEvent(
      ada.id,
      ws,
      timed({
        title: "  Standup  ",
        location: "   ",
        description: "",
        attendees: [{ email: " dana@client.test " }, { email: "DANA@client.test" }, { email: "lee@friends.test", name: "" }],
      }),
    );
    expect(saved.title).toBe("Standup");
    expect(saved.location).toBeNull();
    expect(saved.description).toBeNull();
    expect(saved.attendees).toEqual([
      { name: null, email: "dana@client.test" },
      { name: null, email: "lee@friends.test" },
    ]);
  });
});

describe("validation", () => {
  const messages = (input: unknown) => eventInputSchema.safeParse(input).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];

  it("refuses an event that ends before (or when) it starts", async () => {
    expect(messages(timed({ endTime: "2026-11-20T13:00:00.000Z" }))).toEqual(["endTime: The event must end after it starts."]);
    expect(messages(timed({ endTime: "2026-11-20T14:00:00.000Z" }))).toEqual(["endTime: The event must end after it starts."]);
    expect(messages(allDay("2026-12-03", "2026-12-01"))).toEqual(["endDate: The event must end on or after the day it starts."]);
    await expect(createEvent(ada.id, ws, timed({ endTime: "2026-11-20T13:00:00.000Z" }))).rejects.toThrow(ZodError);
  });

  it("refuses a guest that is not an email address", async () => {
    expect(messages(timed({ attendees: [{ email: "bob@" }] }))).toEqual(["attendees.0.email: “bob@” is not an email address."]);
    await expect(createEvent(ada.id, ws, timed({ attendees: [{ email: "not an address" }] }))).rejects.toThrow(ZodError);
  });

  it("refuses an empty title and overlong text", async () => {
    expect(messages(timed({ title: "   " }))).toEqual(["title: Give the event a title."]);
    expect(messages(timed({ title: "x".repeat(301) }))).toEqual(["title: A title can be at most 300 characters."]);
    expect(messages(timed({ location: "x".repeat(501) }))).toEqual(["location: A location can be at most 500 characters."]);
    expect(messages(timed({ description: "x".repeat(8001) }))).toEqual(["description: A description can be at most 8,000 characters."]);
    await expect(createEvent(ada.id, ws, timed({ title: "" }))).rejects.toThrow(ZodError);
  });

  it("refuses dates and zones that do not exist, and too many guests", () => {
    expect(messages(allDay("2026-02-30", "2026-03-01"))).toEqual(["startDate: Choose the day it starts."]);
    expect(messages(timed({ startTime: "tomorrow" }))).toEqual(["startTime: Choose when it starts."]);
    expect(messages(timed({ timezone: "Mars/Olympus" }))).toEqual(["timezone: That time zone is not known."]);
    const crowd = Array.from({ length: 101 }, (_, i) => ({ email: `guest${i}@example.com` }));
    expect(messages(timed({ attendees: crowd }))).toEqual(["attendees: An event can have at most 100 guests."]);
  });
});

describe("editing and deleting", () => {
  it("updates every field", async () => {
    const saved = await createEvent(ada.id, ws, timed());
    const edited = await updateEvent(ada.id, ws, saved.id, allDay("2026-11-21", "2026-11-21", "Review day"));
    expect(edited).toMatchObject({
      id: saved.id,
      title: "Review day",
      allDay: true,
      startTime: "2026-11-21T12:00:00.000Z",
      endTime: "2026-11-22T12:00:00.000Z",
      location: null,
      attendees: [],
      status: "confirmed",
    });
  });

  it("confirms a suggestion when it is saved", async () => {
    const [row] = await test.database.raw.query<{ id: string }>(
      `insert into public.events (workspace_id, title, start_time, end_time, status)
       values ($1, 'Coffee?', '2026-11-24T10:00:00Z', '2026-11-24T10:30:00Z', 'suggested') returning id::text as id`,
      [ws],
    );
    const edited = await updateEvent(ada.id, ws, row!.id, timed({ title: "Coffee with Dana" }));
    expect(edited).toMatchObject({ status: "confirmed", title: "Coffee with Dana" });
  });

  it("deletes an event (kept as cancelled) and brings it back on undo", async () => {
    const saved = await createEvent(ada.id, ws, timed({ title: "To delete", startTime: "2026-11-25T09:00:00Z", endTime: "2026-11-25T10:00:00Z" }));
    const day = range("2026-11-25T00:00:00Z", "2026-11-26T00:00:00Z");
    expect(await deleteEvent(ada.id, ws, saved.id)).toEqual({ eventId: saved.id, restorable: true, previousStatus: "confirmed" });
    expect(await statusOf(saved.id)).toBe("cancelled");
    expect((await listEvents(ada.id, ws, day)).map((e) => e.id)).not.toContain(saved.id);

    await expect(deleteEvent(ada.id, ws, saved.id)).rejects.toThrow("That event is no longer here.");
    await expect(updateEvent(ada.id, ws, saved.id, timed())).rejects.toThrow("That event is no longer here.");

    const restored = await restoreEvent(ada.id, ws, { eventId: saved.id, status: "confirmed" });
    expect(restored.status).toBe("confirmed");
    expect((await listEvents(ada.id, ws, day)).map((e) => e.id)).toContain(saved.id);
    await expect(restoreEvent(ada.id, ws, { eventId: saved.id })).rejects.toThrow("That event can't be brought back any more.");
  });

  it("brings a discarded suggestion back as a suggestion", async () => {
    const [row] = await test.database.raw.query<{ id: string }>(
      `insert into public.events (workspace_id, title, start_time, end_time, status)
       values ($1, 'Lunch?', '2026-11-26T12:00:00Z', '2026-11-26T13:00:00Z', 'suggested') returning id::text as id`,
      [ws],
    );
    expect((await deleteEvent(ada.id, ws, row!.id)).previousStatus).toBe("suggested");
    expect((await restoreEvent(ada.id, ws, { eventId: row!.id, status: "suggested" })).status).toBe("suggested");
  });
});

describe("row-level security", () => {
  it("keeps another workspace's user away from the event", async () => {
    const saved = await createEvent(ada.id, ws, timed({ title: "Private" }));
    const all = range("2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z");
    expect(await listEvents(eve.id, ws, all)).toEqual([]);
    await expect(updateEvent(eve.id, ws, saved.id, timed({ title: "Mine now" }))).rejects.toThrow(SafeError);
    await expect(deleteEvent(eve.id, ws, saved.id)).rejects.toThrow(SafeError);
    // Not even through her own workspace's id.
    await expect(deleteEvent(eve.id, eve.personalWorkspaceId, saved.id)).rejects.toThrow("That event is no longer here.");
    await expect(createEvent(eve.id, ws, timed({ title: "Planted" }))).rejects.toThrow("You can't change the calendar of this workspace.");
    expect(await statusOf(saved.id)).toBe("confirmed");
    expect((await listEvents(ada.id, ws, all)).find((e) => e.id === saved.id)?.title).toBe("Private");
    expect((await listEvents(ada.id, ws, all)).some((e) => e.title === "Planted")).toBe(false);
  });

  it("lets a fellow member of the workspace edit it", async () => {
    await addMember(ada.id, ws, bob.email, "member");
    const saved = await createEvent(ada.id, ws, timed({ title: "Shared" }));
    expect((await updateEvent(bob.id, ws, saved.id, timed({ title: "Shared, moved" }))).title).toBe("Shared, moved");
  });
});

describe("listEvents range", () => {
  let workspace: string;
  beforeAll(async () => {
    // A workspace of its own, so the other tests' events don't count.
    const other = await createUser(test.database, "range@example.com");
    workspace = other.personalWorkspaceId;
    const id = other.id;
    await createEvent(id, workspace, timed({ title: "Nine to ten", startTime: "2026-11-20T09:00:00Z", endTime: "2026-11-20T10:00:00Z" }));
    await createEvent(id, workspace, allDay("2026-11-20", "2026-11-20", "All Friday"));
    await createEvent(id, workspace, allDay("2026-11-18", "2026-11-22", "Conference"));
    await createEvent(id, workspace, timed({ title: "Night shift", startTime: "2026-11-18T22:00:00Z", endTime: "2026-11-19T02:00:00Z" }));
    listAs = (from, to) => listEvents(id, workspace, range(from, to)).then((rows) => rows.map((e) => e.title).sort());
  });
  let listAs: (from: string, to: string) => Promise<string[]>;

  it("treats the range as half-open: an event ending at its start or starting at its end is outside", async () => {
    expect(await listAs("2026-11-20T10:00:00Z", "2026-11-20T11:00:00Z")).toEqual(["Conference"]);
    expect(await listAs("2026-11-20T08:00:00Z", "2026-11-20T09:00:00Z")).toEqual(["Conference"]);
    expect(await listAs("2026-11-20T09:59:00Z", "2026-11-20T10:00:00Z")).toEqual(["Conference", "Nine to ten"]);
  });

  it("holds an all-day event from noon UTC of its day to noon UTC of the next", async () => {
    expect(await listAs("2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z")).toEqual(["All Friday", "Conference", "Nine to ten"]);
    expect(await listAs("2026-11-20T11:00:00Z", "2026-11-20T12:00:00Z")).toEqual(["Conference"]);
    expect(await listAs("2026-11-20T12:00:00Z", "2026-11-20T13:00:00Z")).toEqual(["All Friday", "Conference"]);
    expect(await listAs("2026-11-21T11:59:00Z", "2026-11-21T12:00:00Z")).toEqual(["All Friday", "Conference"]);
    expect(await listAs("2026-11-21T12:00:00Z", "2026-11-22T00:00:00Z")).toEqual(["Conference"]);
  });

  it("finds a multi-day event on every day it covers, and not after", async () => {
    expect(await listAs("2026-11-19T00:00:00Z", "2026-11-19T01:00:00Z")).toEqual(["Conference", "Night shift"]);
    expect(await listAs("2026-11-22T12:00:00Z", "2026-11-22T13:00:00Z")).toEqual(["Conference"]);
    // The conference's last day is the 22nd: it ends at noon UTC on the 23rd.
    expect(await listAs("2026-11-23T12:00:00Z", "2026-11-30T00:00:00Z")).toEqual([]);
    expect(await listAs("2026-11-17T00:00:00Z", "2026-11-18T12:00:00Z")).toEqual([]);
  });

  it("pads a page's days enough to hold all-day events seen from any time zone", async () => {
    // The calendar page asks for fetchWindow(view, date): the view's days plus a day each side.
    const { fetchWindow } = await import("@/components/calendar/dates");
    const { from, to } = fetchWindow("day", "2026-11-22");
    expect((await listAs(from.toISOString(), to.toISOString())).includes("Conference")).toBe(true);
    const friday = fetchWindow("day", "2026-11-20");
    expect(await listAs(friday.from.toISOString(), friday.to.toISOString())).toContain("All Friday");
  });
});

describe("connected calendars (provider-events.ts faked)", () => {
  let calendarId: string;
  beforeAll(async () => {
    const [row] = await test.database.raw.query<{ id: string }>(
      `insert into public.calendar_connections (workspace_id, user_id, provider, provider_account_id, display_name)
       values ($1, $2, 'google', 'ada@gmail.test', 'Work') returning id::text as id`,
      [ws, ada.id],
    );
    calendarId = row!.id;
  });

  it("creates the event in the provider first, then stores its id here", async () => {
    vi.mocked(createProviderEvent).mockResolvedValueOnce({ providerEventId: "g-123" });
    const saved = await createEvent(ada.id, ws, timed({ calendarId, title: "Kickoff" }));
    expect(createProviderEvent).toHaveBeenCalledWith(
      ada.id,
      ws,
      calendarId,
      expect.objectContaining({ title: "Kickoff", startTime: new Date("2026-11-20T14:00:00Z"), timezone: "Europe/Berlin", allDay: false }),
    );
    expect(saved.calendar).toEqual({ id: calendarId, provider: "google", account: "ada@gmail.test", name: "Work" });
    const [row] = await test.database.raw.query<{ provider_event_id: string }>("select provider_event_id from public.events where id = $1", [saved.id]);
    expect(row?.provider_event_id).toBe("g-123");
  });

  it("stores nothing when the provider refuses", async () => {
    vi.mocked(createProviderEvent).mockRejectedValueOnce(new SafeError("Google Calendar refused the event."));
    await expect(createEvent(ada.id, ws, timed({ calendarId, title: "Refused" }))).rejects.toThrow("Google Calendar refused the event.");
    const rows = await test.database.raw.query("select 1 from public.events where title = 'Refused'");
    expect(rows).toHaveLength(0);
  });

  it("updates and deletes through the provider; such a delete cannot be undone here", async () => {
    vi.mocked(createProviderEvent).mockResolvedValueOnce({ providerEventId: "g-456" });
    const saved = await createEvent(ada.id, ws, timed({ calendarId, title: "Sync" }));
    await updateEvent(ada.id, ws, saved.id, timed({ calendarId, title: "Sync, later" }));
    expect(updateProviderEvent).toHaveBeenCalledWith(ada.id, ws, calendarId, "g-456", expect.objectContaining({ title: "Sync, later" }));
    await expect(updateEvent(ada.id, ws, saved.id, timed({ calendarId: null }))).rejects.toThrow(/stays in it/);

    expect(await deleteEvent(ada.id, ws, saved.id)).toMatchObject({ restorable: false });
    expect(deleteProviderEvent).toHaveBeenCalledWith(ada.id, ws, calendarId, "g-456");
    await expect(restoreEvent(ada.id, ws, { eventId: saved.id })).rejects.toThrow(SafeError);
  });

  it("moves an event of Aiva's calendar into a connected one", async () => {
    const saved = await createEvent(ada.id, ws, timed({ title: "From a message" }));
    vi.mocked(createProviderEvent).mockResolvedValueOnce({ providerEventId: "g-789" });
    const moved = await updateEvent(ada.id, ws, saved.id, timed({ title: "From a message", calendarId }));
    expect(moved.calendar?.id).toBe(calendarId);
  });
});
