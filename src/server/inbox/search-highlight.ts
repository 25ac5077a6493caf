// Marks search matches in a subject and picks an excerpt of the body around the first match,
// between \u0002 … \u0003 (the client turns those into <mark>).
//
// Postgres' ts_headline does this exactly, but it parses and stems the whole text again:
// ~0.5 ms a message on the embedded database, more than the rest of a search together.
// Here the lexemes of the query (from websearch_to_tsquery, so stemmed by Postgres) are
// matched against the words of the text: a word matches when it starts with a lexeme
// ("invoices" and "invoicing" for 'invoic'), or does once a final y is read as i
// ("company" for 'compani'). Negated terms are never marked.

export const MARK_START = "\u0002";
export const MARK_END = "\u0003";

/** The positive lexemes of a tsquery printed by Postgres: `'quarter' & 'report' & !'price'` → quarter, report. */
export function queryLexemes(tsquery: string): string[] {
  const lexemes = new Set<string>();
  for (const match of tsquery.matchAll(/(!?)\s*'((?:[^']|'')+)'/g)) {
    if (match[1] === "!") continue;
    const lexeme = match[2]!.replace(/''/g, "'").toLowerCase();
    if (lexeme) lexemes.add(lexeme);
  }
  return [...lexemes];
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu;

function matches(word: string, lexemes: string[]): boolean {
  const lower = word.toLowerCase();
  const yAsI = lower.replace(/['’]s$/, "").replace(/y$/, "i");
  return lexemes.some((l) => lower.startsWith(l) || yAsI.startsWith(l));
}

/** The whole text with every matching word marked (subjects). Null when nothing matches. */
export function markAll(text: string | null, lexemes: string[]): string | null {
  if (!text || lexemes.length === 0) return null;
  let found = false;
  const marked = text.replace(WORD, (word) => {
    if (!matches(word, lexemes)) return word;
    found = true;
    return `${MARK_START}${word}${MARK_END}`;
  });
  return found ? marked : null;
}

/** About `words` words of the text around its first match, matches marked. Null when nothing matches. */
export function excerpt(text: string | null, lexemes: string[], words = 24): string | null {
  if (!text || lexemes.length === 0) return null;
  const tokens = [...text.matchAll(WORD)];
  const first = tokens.findIndex((t) => matches(t[0], lexemes));
  if (first === -1) return null;
  // A few words of context before the match, the rest after it.
  const from = Math.max(0, Math.min(first - 6, tokens.length - words));
  const to = Math.min(tokens.length, from + words);
  const start = tokens[from]!.index!;
  const last = tokens[to - 1]!;
  const end = last.index! + last[0].length;
  const slice = text.slice(start, end).replace(/\s+/g, " ");
  const marked = markAll(slice, lexemes) ?? slice;
  return `${from > 0 ? "… " : ""}${marked}${to < tokens.length ? " …" : ""}`;
}
