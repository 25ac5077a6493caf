import { describe, expect, it } from "vitest";
import { eventSpan } from "./dates";
import { layoutRow, placeSideBySide, rowItems, segmentsForDay } from "./layout";

const block = (id: string, start: string, end: string) => {
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
  return { id, startMin: minutes(start), endMin: minutes(end) };
};
const columns = (placed: ReturnType<typeof placeSideBySide<ReturnType<typeof block>>>) =>
  Object.fromEntries(placed.map((p) => [p.id, `${p.column}/${p.columns}${p.span > 1 ? ` x${p.span}` : ""}`]));

describe("placeSideBySide", () => {
  it("gives events that don't overlap the whole width", () => {
    expect(columns(placeSideBySide([block("a", "09:00", "10:00"), block("b", "10:00", "11:00")]))).toEqual({ a: "0/1", b: "0/1" });
  });

  it("puts overlapping events side by side, the longer one first", () => {
    expect(columns(placeSideBySide([block("short", "09:30", "10:00"), block("long", "09:30", "11:00")]))).toEqual({
      long: "0/2",
      short: "1/2",
    });
  });

  it("reuses a column once it is free", () => {
    const placed = placeSideBySide([block("a", "09:00", "11:00"), block("b", "09:00", "10:00"), block("c", "10:00", "11:00")]);
    expect(columns(placed)).toEqual({ a: "0/2", b: "1/2", c: "1/2" });
  });

  it("counts columns per group of overlapping events, not per day", () => {
    const placed = placeSideBySide([
      block("a", "09:00", "10:00"),
      block("b", "09:00", "10:00"),
      block("c", "09:00", "10:00"),
      block("lunch", "12:00", "13:00"),
    ]);
    expect(columns(placed)).toEqual({ a: "0/3", b: "1/3", c: "2/3", lunch: "0/1" });
  });

  it("links events that overlap through a third into one group", () => {
    // a overlaps b, b overlaps c, a and c don't touch: still one group of two columns.
    const placed = placeSideBySide([block("a", "09:00", "10:00"), block("b", "09:30", "10:30"), block("c", "10:00", "11:00")]);
    expect(columns(placed)).toEqual({ a: "0/2", b: "1/2", c: "0/2" });
  });

  it("widens an event into free columns on its right", () => {
    const placed = placeSideBySide([
      block("long", "09:00", "11:00"),
      block("x", "09:00", "10:00"),
      block("y", "09:00", "10:00"),
      block("late", "10:00", "11:00"),
    ]);
    expect(columns(placed)).toEqual({ long: "0/3", x: "1/3", y: "2/3", late: "1/3 x2" });
  });

  it("treats very short events as drawn at the minimum height", () => {
    const a = block("a", "09:00", "09:05");
    const b = block("b", "09:10", "09:40");
    expect(columns(placeSideBySide([a, b]))).toEqual({ a: "0/1", b: "0/1" });
    expect(columns(placeSideBySide([a, b], 20))).toEqual({ a: "0/2", b: "1/2" });
  });

  it("keeps every event it is given", () => {
    const many = Array.from({ length: 30 }, (_, i) => block(`e${i}`, `${String(8 + (i % 5)).padStart(2, "0")}:00`, "13:00"));
    expect(placeSideBySide(many)).toHaveLength(30);
  });
});

const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min);
const timed = (id: string, start: Date, end: Date) => ({ item: id, span: eventSpan({ startTime: start.toISOString(), endTime: end.toISOString(), allDay: false }) });
const allDay = (id: string, first: string, daysLong: number) => {
  const start = new Date(`${first}T12:00:00Z`);
  return { item: id, span: eventSpan({ startTime: start.toISOString(), endTime: new Date(start.getTime() + daysLong * 86_400_000).toISOString(), allDay: true }) };
};

describe("segmentsForDay", () => {
  it("splits an event over midnight between the two days", () => {
    const night = timed("night", local(2026, 11, 18, 22), local(2026, 11, 19, 2, 30));
    expect(segmentsForDay([night], local(2026, 11, 18))).toEqual([{ item: "night", startMin: 22 * 60, endMin: 1440, startsBefore: false, endsAfter: true }]);
    expect(segmentsForDay([night], local(2026, 11, 19))).toEqual([{ item: "night", startMin: 0, endMin: 150, startsBefore: true, endsAfter: false }]);
    expect(segmentsForDay([night], local(2026, 11, 20))).toEqual([]);
  });

  it("leaves out an event that ends at the day's midnight", () => {
    expect(segmentsForDay([timed("late", local(2026, 11, 18, 23), local(2026, 11, 19))], local(2026, 11, 19))).toEqual([]);
  });
});

describe("rows of days (month weeks, all-day row)", () => {
  const week = Array.from({ length: 7 }, (_, i) => local(2026, 11, 16 + i));

  it("lays a multi-day event over the days it covers, clipped to the row", () => {
    const items = rowItems([allDay("conference", "2026-11-20", 5), allDay("holiday", "2026-11-17", 1)], week);
    expect(items.map((i) => [i.item, i.startCol, i.endCol, i.bar])).toEqual([
      ["holiday", 1, 2, true],
      ["conference", 4, 7, true],
    ]);
  });

  it("stacks events in the lowest free lane and counts what doesn't fit as +N more", () => {
    const items = rowItems(
      [
        allDay("trip", "2026-11-16", 3),
        timed("standup", local(2026, 11, 17, 9), local(2026, 11, 17, 9, 15)),
        timed("review", local(2026, 11, 17, 14), local(2026, 11, 17, 15)),
        timed("dinner", local(2026, 11, 17, 19), local(2026, 11, 17, 21)),
        timed("gym", local(2026, 11, 19, 7), local(2026, 11, 19, 8)),
      ],
      week,
    );
    const layout = layoutRow(items, 7, 3);
    // Tuesday holds four events in three lines: two shown, "+2 more".
    expect(layout.hidden).toEqual([0, 2, 0, 0, 0, 0, 0]);
    const shown = layout.pieces.map((p) => `${p.item}@${p.lane}:${p.fromCol}-${p.toCol}`);
    expect(shown).toEqual(["trip@0:0-3", "standup@1:1-2", "gym@0:3-4"]);
  });

  it("shows everything when it fits", () => {
    const items = rowItems([allDay("a", "2026-11-16", 7), allDay("b", "2026-11-18", 1)], week);
    const layout = layoutRow(items, 7, 3);
    expect(layout.hidden.every((n) => n === 0)).toBe(true);
    expect(layout.lanes).toBe(2);
  });

  it("keeps only all-day and 24-hour events for the time grid's all-day row", () => {
    const items = rowItems(
      [allDay("offsite", "2026-11-18", 1), timed("meeting", local(2026, 11, 18, 9), local(2026, 11, 18, 10)), timed("flight", local(2026, 11, 18, 6), local(2026, 11, 19, 8))],
      week,
      true,
    );
    expect(items.map((i) => i.item).sort()).toEqual(["flight", "offsite"]);
  });
});
