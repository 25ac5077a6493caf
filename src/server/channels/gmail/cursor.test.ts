import { describe, expect, it } from "vitest";
import { saveHistoryCursor } from "./cursor";

/** A stored cursor with compare-and-swap, and a hook to let "another worker" move it first. */
function store(initial: Record<string, unknown> | null, before?: (set: (c: Record<string, unknown>) => void) => void) {
  let stored = initial;
  let raced = false;
  return {
    get: () => stored,
    session: {
      storedCursor: async () => stored,
      compareAndSaveCursor: async (expected: Record<string, unknown> | null, next: Record<string, unknown>) => {
        if (before && !raced) {
          raced = true;
          before((c) => (stored = c));
        }
        if (JSON.stringify(stored) !== JSON.stringify(expected)) return false;
        stored = next;
        return true;
      },
    },
  };
}

describe("the history cursor", () => {
  it("moves forward only, comparing as numbers", async () => {
    const s = store({ historyId: "99" });
    expect(await saveHistoryCursor(s.session, "100")).toBe(true);
    expect(await saveHistoryCursor(s.session, "100")).toBe(false);
    expect(await saveHistoryCursor(s.session, "99")).toBe(false);
    expect(s.get()).toEqual({ historyId: "100" });
    const empty = store(null);
    expect(await saveHistoryCursor(empty.session, "5")).toBe(true);
    expect(empty.get()).toEqual({ historyId: "5" });
  });

  it("a worker that moved the cursor further meanwhile wins", async () => {
    const s = store({ historyId: "100" }, (set) => set({ historyId: "1000" }));
    expect(await saveHistoryCursor(s.session, "500")).toBe(false);
    expect(s.get()).toEqual({ historyId: "1000" });
  });

  it("a worker that moved it less far meanwhile is passed", async () => {
    const s = store({ historyId: "100" }, (set) => set({ historyId: "200" }));
    expect(await saveHistoryCursor(s.session, "500")).toBe(true);
    expect(s.get()).toEqual({ historyId: "500" });
  });
});
