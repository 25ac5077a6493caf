import { z } from "zod";
import { CATEGORIES } from "@/server/ai/types";

// The search box's little language, as people know it from Gmail:
//   from:dana  to:ada@example.com  channel:imap  is:unread  is:starred  is:archived
//   category:newsletter  before:2026-03-01  after:2026-01-31  "exact phrase"  -word
// Operators become filters; the rest is full-text search (websearch syntax: quotes, -, or).

export const SEARCH_CATEGORIES = CATEGORIES;

export const SEARCH_CHANNELS = ["gmail", "outlook", "slack", "teams", "whatsapp", "imap", "import"] as const;

export type ParsedSearch = {
  /** Free text for full-text search (may be empty when only operators were given). */
  text: string;
  from: string[];
  to: string[];
  channels: (typeof SEARCH_CHANNELS)[number][];
  categories: (typeof SEARCH_CATEGORIES)[number][];
  is: { unread?: boolean; starred?: boolean; archived?: boolean };
  before: Date | null;
  after: Date | null;
  /** Operators that could not be understood, to tell the person. */
  problems: string[];
};

export const searchQuerySchema = z.string().trim().min(1, { message: "Type something to search for." }).max(500, { message: "That search is too long." });

/** Aliases people type for categories. */
const CATEGORY_ALIASES: Record<string, (typeof SEARCH_CATEGORIES)[number]> = {
  meeting: "meeting_request",
  meetings: "meeting_request",
  promotion: "marketing",
  promotions: "marketing",
  invoice: "finance",
  invoices: "finance",
  bill: "finance",
  security: "security",
  lead: "sales_lead",
  sales: "sales_lead",
  newsletters: "newsletter",
  notifications: "notification",
};

/** Tokens: operator:value (value may be quoted), "phrases", or words. */
const TOKEN = /(-?)([a-z]+):("([^"]*)"|\S+)|("[^"]*")|(\S+)/gi;

function day(value: string): Date | null {
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(value);
  if (!m) return null;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(m[3]) ? null : date;
}

export function parseSearch(input: string): ParsedSearch {
  const parsed: ParsedSearch = { text: "", from: [], to: [], channels: [], categories: [], is: {}, before: null, after: null, problems: [] };
  const text: string[] = [];
  for (const match of input.matchAll(TOKEN)) {
    const [whole, negated, key, , quoted, phrase, word] = match;
    if (phrase || word) {
      text.push(phrase ?? word!);
      continue;
    }
    const name = key!.toLowerCase();
    const value = (quoted ?? match[3]!).trim();
    const lower = value.toLowerCase();
    switch (name) {
      case "from":
        parsed.from.push(lower);
        break;
      case "to":
        parsed.to.push(lower);
        break;
      case "channel":
      case "in": {
        const channel = SEARCH_CHANNELS.find((c) => c === lower);
        if (channel) parsed.channels.push(channel);
        else parsed.problems.push(`Unknown channel "${value}" (try ${SEARCH_CHANNELS.join(", ")}).`);
        break;
      }
      case "is": {
        const flag = lower === "read" ? "unread" : lower;
        if (flag === "unread" || flag === "starred" || flag === "archived") {
          parsed.is[flag] = lower === "read" ? Boolean(negated) : !negated;
        } else parsed.problems.push(`Unknown "is:${value}" (try is:unread, is:read, is:starred, is:archived).`);
        break;
      }
      case "category":
      case "label": {
        const category = SEARCH_CATEGORIES.find((c) => c === lower) ?? CATEGORY_ALIASES[lower];
        if (category) parsed.categories.push(category);
        else parsed.problems.push(`Unknown category "${value}".`);
        break;
      }
      case "before":
      case "after": {
        const date = day(value);
        if (!date) parsed.problems.push(`"${name}:${value}" needs a date like 2026-03-01.`);
        else if (name === "before") parsed.before = date;
        else parsed.after = new Date(date.getTime() + 86_400_000); // after a day: from the next one
        break;
      }
      default:
        // "re:" in "re: budget" or a URL's "https:" is text, not an operator.
        text.push(whole);
    }
  }
  parsed.text = text.join(" ").trim();
  return parsed;
}
