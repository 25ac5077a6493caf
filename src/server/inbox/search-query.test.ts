import { describe, expect, it } from "vitest";
import { parseSearch } from "./search-query";

describe("parseSearch", () => {
  it("splits operators from free text", () => {
    const s = parseSearch('budget from:dana to:"ada@example.com" is:unread category:invoice channel:imap "board meeting" -draft');
    expect(s.text).toBe('budget "board meeting" -draft');
    expect(s.from).toEqual(["dana"]);
    expect(s.to).toEqual(["ada@example.com"]);
    expect(s.is).toEqual({ unread: true });
    expect(s.categories).toEqual(["finance"]);
    expect(s.channels).toEqual(["imap"]);
    expect(s.problems).toEqual([]);
  });

  it("reads dates as whole days: before a day excludes it, after a day starts the next", () => {
    const s = parseSearch("before:2026-03-01 after:2026-01-31");
    expect(s.before?.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(s.after?.toISOString()).toBe("2026-02-01T00:00:00.000Z");
  });

  it("understands is:read, -is:starred and is:archived", () => {
    expect(parseSearch("is:read").is).toEqual({ unread: false });
    expect(parseSearch("-is:starred").is).toEqual({ starred: false });
    expect(parseSearch("is:archived").is).toEqual({ archived: true });
  });

  it("explains what it cannot use, and keeps unknown prefixes as text", () => {
    const s = parseSearch("is:maybe category:stuff channel:fax before:yesterday re: budget https://x.test/a");
    expect(s.problems).toHaveLength(4);
    expect(s.text).toBe("re: budget https://x.test/a");
    expect(parseSearch("before:2026-02-30").problems[0]).toMatch(/needs a date/);
  });
});
