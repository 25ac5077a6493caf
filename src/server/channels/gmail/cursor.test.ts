import { describe, expect, it } from "vitest";
import { saveHistoryCursor } from "./cursor";

describe("the history cursor", () => {
  const session = (saved: unknown[]) => ({
    connection: { id: "c1" } as never,
    saveCursor: async (cursor: Record<string, unknown>) => void saved.push(cursor),
  });

  it("moves forward only, comparing as numbers", async () => {
    const saved: unknown[] = [];
    expect(await saveHistoryCursor(session(saved), "100", async () => ({ historyId: "99" }))).toBe(true);
    expect(await saveHistoryCursor(session(saved), "100", async () => ({ historyId: "100" }))).toBe(false);
    expect(await saveHistoryCursor(session(saved), "99", async () => ({ historyId: "1000" }))).toBe(false);
    expect(await saveHistoryCursor(session(saved), "5", async () => null)).toBe(true);
    expect(saved).toEqual([{ historyId: "100" }, { historyId: "5" }]);
  });
});
