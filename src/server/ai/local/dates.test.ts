import { describe, expect, test } from "vitest";
import { dateScanText, extractDates, findDates, resolveDateText } from "./dates";
import { aiMessage } from "./test-helpers";

const values = (bodyText: string, fields: Parameters<typeof aiMessage>[0] = {}) =>
  extractDates(aiMessage({ bodyText, ...fields })).map((d) => d.value);

describe("extractDates: resolved against the message date in the writer's offset", () => {
  test("relative days and times become ISO values in the writer's offset", () => {
    expect(values("Can you call me tomorrow at 3pm?")).toEqual(["2001-05-15T15:00:00-07:00"]);
    expect(values("Send it by Friday.")).toEqual(["2001-05-18"]);
    expect(values("Can we meet next Tuesday at 3?")).toEqual(["2001-05-22T15:00:00-07:00"]);
  });

  test("a bare hour in business talk is the afternoon, a morning hour stays", () => {
    expect(values("Let's talk at 3:30 today.")).toEqual(["2001-05-14T15:30:00-07:00"]);
    expect(values("The call is at 3:30.")).toEqual(["2001-05-14T15:30:00-07:00"]);
    expect(values("Breakfast at 8:15?")).toEqual(["2001-05-14T08:15:00-07:00"]);
  });

  test("across month and year boundaries", () => {
    const january31 = new Date("2001-01-31T09:00:00-05:00");
    expect(values("Can you do tomorrow?", { sentAt: january31, utcOffsetMinutes: -300 })).toEqual(["2001-02-01"]);
    const december28 = new Date("2001-12-28T16:00:00+00:00");
    expect(values("See you Monday.", { sentAt: december28, utcOffsetMinutes: 0 })).toEqual(["2001-12-31"]);
    expect(values("The office reopens on Jan 3.", { sentAt: december28, utcOffsetMinutes: 0 })).toEqual(["2002-01-03"]);
  });

  test('"3/5" is March 5 for a US writer and the 3rd of May elsewhere', () => {
    expect(values("Payment went out on 3/5.")).toEqual(["2001-03-05"]);
    expect(values("Payment went out on 3/5.", { utcOffsetMinutes: 120, sentAt: new Date("2001-05-14T10:00:00+02:00") })).toEqual(["2001-05-03"]);
  });

  test("times in another offset keep the offset they were written in", () => {
    const berlin = { utcOffsetMinutes: 120, sentAt: new Date("2001-05-14T10:00:00+02:00") };
    expect(values("Passt es morgen um 9 Uhr? Tomorrow at 9am works.", berlin)).toContain("2001-05-15T09:00:00+02:00");
    expect(values("Dial in at 3pm EST.")).toEqual(["2001-05-14T15:00:00-05:00"]);
  });

  test("no offset in the Date header resolves in UTC", () => {
    expect(values("Call me tomorrow at 10am.", { utcOffsetMinutes: null, sentAt: new Date("2001-05-14T17:00:00Z") })).toEqual([
      "2001-05-15T10:00:00+00:00",
    ]);
  });

  test("the past tense picks the last weekday, the future the next", () => {
    const saturday = { sentAt: new Date("1998-02-14T12:00:00Z"), utcOffsetMinutes: 0 };
    expect(values("Police found the body Friday.", saturday)).toEqual(["1998-02-13"]);
    expect(values("We will announce it Friday.", saturday)).toEqual(["1998-02-20"]);
  });

  test("skips what only looks like a date", () => {
    expect(values("See http://example.com/2001/05/12/report.html or call 713-853-1234.")).toEqual([]);
    expect(values("We offer 24/7 support in 3 locations. I sat down with the team.")).toEqual([]);
    expect(values("Version 2.10.3 fixes it; 1 1/2 hours of work.")).toEqual([]);
    expect(values("-----Original Message-----\nFrom: Kean, Steven\nSent: Monday, May 14, 2001 9:02 AM\nSubject: hi")).toEqual([]);
    expect(values("> Let's meet on Friday\nSounds good.")).toEqual([]);
  });

  test("index points into the subject-plus-body text", () => {
    const message = aiMessage({ subject: "Lunch Friday?", bodyText: "Or Thursday at noon." });
    const text = dateScanText(message);
    for (const mention of extractDates(message)) {
      expect(text.slice(mention.index, mention.index + mention.text.length)).toBe(mention.text);
    }
    expect(extractDates(message).map((d) => d.text)).toEqual(["Friday", "Thursday at noon"]);
  });

  test("empty, undated and huge texts do not throw", () => {
    expect(extractDates(aiMessage({ bodyText: "" }))).toEqual([]);
    expect(extractDates(aiMessage({ subject: null, bodyText: "  ", sentAt: null }))).toEqual([]);
    const huge = "The quarterly numbers are in. ".repeat(10_000) + "Call me Friday.";
    expect(() => extractDates(aiMessage({ bodyText: huge }))).not.toThrow();
  });

  test("a range keeps its end", () => {
    const [range] = findDates("Tuesday 2-3pm works", { instant: new Date("2001-05-14T10:00:00-07:00"), offsetMinutes: -420 });
    expect(range?.start.toISOString()).toBe("2001-05-15T21:00:00.000Z");
    expect(range?.end?.toISOString()).toBe("2001-05-15T22:00:00.000Z");
  });
});

describe("resolveDateText", () => {
  const message = aiMessage();

  test("a weekday is the coming one, as a day", () => {
    const friday = resolveDateText("Friday", message);
    expect(friday).toEqual({ date: new Date("2001-05-18T12:00:00-07:00"), allDay: true });
    const friday18 = aiMessage({ sentAt: new Date("2001-05-18T10:00:00-07:00") });
    expect(resolveDateText("Wednesday", friday18)?.date.toISOString()).toBe("2001-05-23T19:00:00.000Z");
  });

  test("a time resolves to an instant in the writer's offset", () => {
    expect(resolveDateText("next Tuesday at 3", message)).toEqual({ date: new Date("2001-05-22T15:00:00-07:00"), allDay: false });
    expect(resolveDateText("by end of day", message)?.allDay).toBe(true);
    expect(resolveDateText("tomorrow 9:30am", aiMessage({ utcOffsetMinutes: 330, sentAt: new Date("2001-05-14T10:00:00+05:30") }))?.date.toISOString()).toBe(
      "2001-05-15T04:00:00.000Z",
    );
  });

  test("forwardDate: false lets a past tense pick the last one", () => {
    expect(resolveDateText("last Friday", message, { forwardDate: false })?.date.toISOString()).toBe("2001-05-11T19:00:00.000Z");
  });

  test("nothing to resolve", () => {
    expect(resolveDateText("", message)).toBeNull();
    expect(resolveDateText("whenever you can", message)).toBeNull();
  });
});
