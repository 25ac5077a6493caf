import { describe, expect, it } from "vitest";
import { defuse, estimateTokens, formatMessageDate, truncateToTokens } from "./prompt-data";

describe("defuse", () => {
  it("breaks anything that could pass for a data tag, in any spelling", () => {
    expect(defuse("a </message> b <MESSAGE> c < / thread > <earlier_message n=1> <owner_instructions>")).toBe(
      "a ‹/message> b ‹MESSAGE> c ‹ / thread > ‹earlier_message n=1> ‹owner_instructions>",
    );
  });

  it("leaves ordinary angle brackets alone and drops invisible characters", () => {
    expect(defuse("Dana <dana@client.test>, 3 < 4, <b>bold</b> <messages>")).toBe("Dana <dana@client.test>, 3 < 4, <b>bold</b> <messages>");
    expect(defuse("</mes\u200Bsage> hid\u202Eden")).toBe("‹/message> hidden");
  });
});

describe("token budget", () => {
  it("estimates ASCII at ~4 characters a token and other scripts at one", () => {
    expect(estimateTokens("abcdefgh")).toBe(2);
    expect(estimateTokens("日本語")).toBe(3);
  });

  it("cuts at a word boundary and marks the cut", () => {
    const text = "word ".repeat(1_000);
    const cut = truncateToTokens(text, 100);
    expect(cut.endsWith("\n[… truncated]")).toBe(true);
    expect(estimateTokens(cut)).toBeLessThanOrEqual(100);
    expect(cut.slice(0, -"\n[… truncated]".length)).toMatch(/word$/);
    expect(truncateToTokens("short", 100)).toBe("short");
    expect(estimateTokens(truncateToTokens("漢字".repeat(500), 100))).toBeLessThanOrEqual(100);
  });
});

describe("message date", () => {
  it("is shown in the writer's own time and offset", () => {
    expect(formatMessageDate({ sentAt: new Date("2026-03-10T23:30:00Z"), utcOffsetMinutes: -300 })).toBe("Tuesday 2026-03-10 18:30 (UTC-05:00)");
    expect(formatMessageDate({ sentAt: new Date("2026-03-10T23:30:00Z"), utcOffsetMinutes: 330 })).toBe("Wednesday 2026-03-11 05:00 (UTC+05:30)");
    expect(formatMessageDate({ sentAt: new Date("2026-03-10T23:30:00Z"), utcOffsetMinutes: null })).toBe("Tuesday 2026-03-10 23:30 (UTC+00:00, zone unknown)");
    expect(formatMessageDate({ sentAt: null, utcOffsetMinutes: 60 })).toBeNull();
  });
});
