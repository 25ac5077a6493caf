import { describe, expect, it } from "vitest";
import { ChannelError } from "@/server/channels/errors";
import { READ_ONLY_MESSAGE, describeCalendarError } from "./errors";
import { dateIn, eventFromGoogle, eventToGoogle, isIanaZone, noonUtc } from "./mappers";

const apiError = (status: number, reason?: string) =>
  Object.assign(new Error(`HTTP ${status}`), { status, response: { status, headers: new Headers(), data: { error: { code: status, errors: reason ? [{ reason }] : [] } } } });

describe("Google Calendar mapping", () => {
  it("reads timed, all-day, tentative and cancelled events", () => {
    expect(
      eventFromGoogle(
        {
          id: "a",
          summary: " Planning ",
          start: { dateTime: "2026-03-02T10:00:00+01:00", timeZone: "Europe/Paris" },
          end: { dateTime: "2026-03-02T11:00:00+01:00" },
          status: "tentative",
          organizer: { email: "Ana@Example.com" },
          attendees: [{ email: "b@example.com", displayName: "Bo" }, { email: "room@resource.calendar.google.com", resource: true }, { displayName: "no email" }],
        },
        null,
      ),
    ).toMatchObject({
      title: "Planning",
      startTime: new Date("2026-03-02T09:00:00Z"),
      endTime: new Date("2026-03-02T10:00:00Z"),
      allDay: false,
      timezone: "Europe/Paris",
      status: "tentative",
      organizer: { name: null, email: "ana@example.com" },
      attendees: [{ name: "Bo", email: "b@example.com" }],
    });
    expect(eventFromGoogle({ id: "d", start: { date: "2026-07-04" }, end: { date: "2026-07-05" } }, "America/New_York")).toMatchObject({
      title: "(No title)",
      allDay: true,
      startTime: new Date("2026-07-04T12:00:00Z"),
      endTime: new Date("2026-07-05T12:00:00Z"),
      timezone: "America/New_York",
    });
    expect(eventFromGoogle({ id: "x", status: "cancelled" }, null)).toBeNull();
    expect(eventFromGoogle({ id: "h", description: "<p>Hi <b>there</b></p>", start: { date: "2026-07-04" }, end: { date: "2026-07-05" } }, null)?.description).toBe("Hi there");
  });

  it("writes all-day events as dates (end exclusive) and timed ones with an IANA zone only", () => {
    const allDay = eventToGoogle({ title: "Trip", description: null, startTime: noonUtc("2026-07-04")!, endTime: noonUtc("2026-07-06")!, allDay: true, timezone: null, location: null, attendees: [] });
    expect(allDay.start).toEqual({ date: "2026-07-04", dateTime: null, timeZone: null });
    expect(allDay.end).toEqual({ date: "2026-07-06", dateTime: null, timeZone: null });
    // A one-day event whose end falls on its start date still ends the day after.
    expect(eventToGoogle({ title: "x", description: null, startTime: noonUtc("2026-07-04")!, endTime: noonUtc("2026-07-04")!, allDay: true, timezone: null, location: null, attendees: [] }).end?.date).toBe("2026-07-05");
    const timed = eventToGoogle({ title: "Call", description: null, startTime: new Date("2026-03-02T09:00:00Z"), endTime: new Date("2026-03-02T10:00:00Z"), allDay: false, timezone: "+01:00", location: null, attendees: [] });
    expect(timed.start).toEqual({ dateTime: "2026-03-02T09:00:00.000Z", date: null, timeZone: null });
    expect(isIanaZone("Europe/Paris")).toBe(true);
    expect(isIanaZone("Mars/Olympus")).toBe(false);
    expect(dateIn(new Date("2026-03-01T23:30:00Z"), "Europe/Paris")).toBe("2026-03-02");
  });

  it("keeps answers and rooms, drops duplicate attendees", () => {
    const body = eventToGoogle(
      { title: "x", description: null, startTime: new Date(0), endTime: new Date(3_600_000), allDay: false, timezone: null, location: null, attendees: [{ name: "Bo", email: "B@example.com" }, { name: null, email: "b@example.com" }, { name: null, email: "c@example.com" }] },
      [{ email: "b@example.com", responseStatus: "accepted" }, { email: "room@resource.calendar.google.com", resource: true }],
    );
    expect(body.attendees).toEqual([
      { email: "b@example.com", displayName: "Bo", responseStatus: "accepted" },
      { email: "c@example.com" },
      { email: "room@resource.calendar.google.com", resource: true },
    ]);
  });

  it("explains Google's refusals", () => {
    expect((describeCalendarError(apiError(403, "requiredAccessLevel")) as ChannelError).message).toBe(READ_ONLY_MESSAGE);
    expect((describeCalendarError(apiError(403, "insufficientPermissions")) as ChannelError).kind).toBe("auth");
    expect((describeCalendarError(apiError(401)) as ChannelError).kind).toBe("auth");
    expect((describeCalendarError(apiError(429)) as ChannelError).kind).toBe("transient");
    expect((describeCalendarError(apiError(403, "forbiddenForNonOrganizer")) as ChannelError).message).toMatch(/organizer/);
    const gone = apiError(410, "fullSyncRequired");
    expect(describeCalendarError(gone)).toBe(gone);
    expect(describeCalendarError(apiError(404))).toBeInstanceOf(Error);
    expect(describeCalendarError(apiError(404))).not.toBeInstanceOf(ChannelError);
  });
});
