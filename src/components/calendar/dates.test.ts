import { describe, expect, it } from "vitest";
import {
  eventSpan,
  fetchWindow,
  formatEventWhen,
  formatTimeRange,
  fromDateParam,
  parseDateParam,
  parseView,
  rangeTitle,
  shiftAnchor,
  toDateParam,
  visibleRange,
} from "./dates";

const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min);

describe("views and ranges", () => {
  it("reads only real views and days from the URL", () => {
    expect(parseView("month")).toBe("month");
    expect(parseView("year")).toBeNull();
    expect(parseDateParam("2026-11-22")).toBe("2026-11-22");
    expect(parseDateParam("2026-02-30")).toBeNull();
    expect(parseDateParam("22/11/2026")).toBeNull();
    expect(parseDateParam(["2026-11-22"])).toBeNull();
    expect(toDateParam(fromDateParam("2026-11-22"))).toBe("2026-11-22");
  });

  it("shows weeks from Monday and months as six whole weeks", () => {
    const week = visibleRange("week", local(2026, 11, 22));
    expect(week.days.map(toDateParam)).toEqual(["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22"]);
    const month = visibleRange("month", local(2026, 11, 22));
    expect(month.days).toHaveLength(42);
    expect(toDateParam(month.start)).toBe("2026-10-26");
    expect(toDateParam(month.end)).toBe("2026-12-07");
    expect(visibleRange("day", local(2026, 11, 22, 15)).days.map(toDateParam)).toEqual(["2026-11-22"]);
  });

  it("titles a range the way people write it", () => {
    expect(rangeTitle("month", local(2026, 11, 22))).toBe("November 2026");
    expect(rangeTitle("week", local(2026, 11, 22))).toBe("Nov 16 – 22, 2026");
    expect(rangeTitle("week", local(2026, 12, 1))).toBe("Nov 30 – Dec 6, 2026");
    expect(rangeTitle("week", local(2026, 12, 30))).toBe("Dec 28, 2026 – Jan 3, 2027");
    expect(rangeTitle("day", local(2026, 11, 22))).toBe("Sunday, November 22, 2026");
  });

  it("moves by a day, a week or a month, keeping the end of a month in range", () => {
    expect(toDateParam(shiftAnchor("day", local(2026, 11, 30), 1))).toBe("2026-12-01");
    expect(toDateParam(shiftAnchor("week", local(2026, 11, 22), -1))).toBe("2026-11-15");
    expect(toDateParam(shiftAnchor("month", local(2026, 1, 31), 1))).toBe("2026-02-28");
  });

  it("asks the server for the view's days in every time zone", () => {
    const window = fetchWindow("week", "2026-11-22");
    expect(window).toEqual({ from: new Date("2026-11-15T00:00:00Z"), to: new Date("2026-11-24T00:00:00Z") });
    // Without a date, "today" may be a day either side of UTC's: Sunday the 22nd at 23:00Z
    // is already Monday (next week) east of UTC.
    const around = fetchWindow("week", null, new Date("2026-11-22T23:00:00Z"));
    expect(around).toEqual({ from: new Date("2026-11-15T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") });
  });
});

describe("events in local time", () => {
  it("places an all-day event on its UTC dates, whatever the zone", () => {
    const span = eventSpan({ startTime: "2026-11-20T12:00:00.000Z", endTime: "2026-11-23T12:00:00.000Z", allDay: true });
    expect([toDateParam(span.start), toDateParam(span.end), span.allDayRow]).toEqual(["2026-11-20", "2026-11-23", true]);
  });

  it("reads an all-day suggestion stored as noon in the sender's zone, for 24 hours, as one day", () => {
    // Noon on the 20th at -08:00.
    const span = eventSpan({ startTime: "2026-11-20T20:00:00.000Z", endTime: "2026-11-21T20:00:00.000Z", allDay: true });
    expect([toDateParam(span.start), toDateParam(span.end)]).toEqual(["2026-11-20", "2026-11-21"]);
  });

  it("sends timed events of a day or more to the all-day row", () => {
    expect(eventSpan({ startTime: local(2026, 11, 20, 9).toISOString(), endTime: local(2026, 11, 21, 9).toISOString(), allDay: false }).allDayRow).toBe(true);
    expect(eventSpan({ startTime: local(2026, 11, 20, 22).toISOString(), endTime: local(2026, 11, 21, 2).toISOString(), allDay: false }).allDayRow).toBe(false);
  });

  it("says when an event happens", () => {
    expect(formatTimeRange(local(2026, 11, 20, 9, 30), local(2026, 11, 20, 10, 30))).toBe("9:30 – 10:30 AM");
    expect(formatTimeRange(local(2026, 11, 20, 11), local(2026, 11, 20, 12, 30))).toBe("11 AM – 12:30 PM");
    expect(formatTimeRange(local(2026, 11, 20, 23), local(2026, 11, 21))).toBe("11 PM – 12 AM");
    expect(formatTimeRange(local(2026, 11, 20, 22), local(2026, 11, 21, 2))).toBe("Nov 20, 10 PM – Nov 21, 2 AM");
    const now = local(2026, 11, 1);
    const at = (s: Date, e: Date, allDay = false) => formatEventWhen({ startTime: s.toISOString(), endTime: e.toISOString(), allDay }, now);
    expect(at(local(2026, 11, 20, 14), local(2026, 11, 20, 15))).toBe("Friday, November 20 · 2 – 3 PM");
    expect(at(local(2027, 1, 4, 14), local(2027, 1, 4, 15))).toBe("Monday, January 4, 2027 · 2 – 3 PM");
    const utc = (d: string) => new Date(`${d}T12:00:00Z`);
    expect(at(utc("2026-11-20"), utc("2026-11-21"), true)).toBe("Friday, November 20 · All day");
    expect(at(utc("2026-11-18"), utc("2026-11-23"), true)).toBe("November 18 – 22");
    expect(at(utc("2026-11-30"), utc("2026-12-03"), true)).toBe("Nov 30 – Dec 2");
  });
});
