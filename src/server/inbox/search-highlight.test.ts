import { describe, expect, it } from "vitest";
import { MARK_END, MARK_START, excerpt, markAll, queryLexemes } from "./search-highlight";

const m = (word: string) => `${MARK_START}${word}${MARK_END}`;

describe("search highlighting", () => {
  it("reads the positive lexemes of a tsquery", () => {
    expect(queryLexemes("'quarter' & 'report' & !'price'")).toEqual(["quarter", "report"]);
    expect(queryLexemes("'secur' <-> 'audit' | 'o''brien'")).toEqual(["secur", "audit", "o'brien"]);
    expect(queryLexemes("")).toEqual([]);
  });

  it("marks every word a lexeme stems from, and nothing else", () => {
    expect(markAll("Invoices and invoicing: the Invoice", ["invoic"])).toBe(`${m("Invoices")} and ${m("invoicing")}: the ${m("Invoice")}`);
    expect(markAll("Our company's companies", ["compani"])).toBe(`Our ${m("company's")} ${m("companies")}`);
    expect(markAll("Nothing here", ["budget"])).toBeNull();
    expect(markAll(null, ["budget"])).toBeNull();
  });

  it("cuts an excerpt around the first match in a long body", () => {
    const words = Array.from({ length: 200 }, (_, i) => `w${i}`);
    words[120] = "Budgets";
    const text = excerpt(words.join(" "), ["budget"])!;
    expect(text.startsWith("… w114")).toBe(true);
    expect(text).toContain(m("Budgets"));
    expect(text.endsWith(" …")).toBe(true);
    expect(text.split(" ").filter((w) => w !== "…")).toHaveLength(24);
    expect(excerpt("short budget note", ["budget"])).toBe(`short ${m("budget")} note`);
    expect(excerpt("no match", ["budget"])).toBeNull();
  });

  it("shifts the excerpt left when the match is near the end, and finds y-words for an i-lexeme", () => {
    const words = Array.from({ length: 100 }, (_, i) => `w${i}`);
    words[98] = "budget";
    const text = excerpt(words.join(" "), ["budget"])!;
    expect(text.startsWith("… w76 ")).toBe(true);
    expect(text.endsWith(`${m("budget")} w99`)).toBe(true);
    expect(text.split(" ").filter((w) => w !== "…")).toHaveLength(24);
    // 'compani' matches "company" although the text never contains "compani".
    expect(excerpt("Our company's offsite", ["compani"])).toBe(`Our ${m("company's")} offsite`);
    expect(excerpt("Nothing to see in this long body", ["audit", "secur"])).toBeNull();
  });
});
