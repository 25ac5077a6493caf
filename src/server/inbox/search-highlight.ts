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

/**
 * Could any word of the text match? Every word that matches starts with a lexeme, or with
 * the lexeme's final i read as y ("company" for 'compani'), so the lower-cased text contains
 * one of those. A body without any is skipped without being split into words.
 */
function mayMatch(text: string, lexemes: string[]): boolean {
  const lower = text.toLowerCase();
  return lexemes.some((l) => lower.includes(l) || (l.endsWith("i") && lower.includes(`${l.slice(0, -1)}y`)));
}

/** About `words` words of the text around its first match, matches marked. Null when nothing matches. */
export function excerpt(text: string | null, lexemes: string[], words = 24): string | null {
  if (!text || lexemes.length === 0 || !mayMatch(text, lexemes)) return null;
  // Only the words needed are read: up to `words` (at least 6) before the first match (the excerpt
  // shifts left when the match is near the end), and up to `words` after it.
  const kept: RegExpMatchArray[] = [];
  const keepBefore = Math.max(words, 6);
  let base = 0; // the word number of kept[0]
  let first = -1;
  let count = 0; // words read so far
  let more = false; // words after the last one read
  for (const token of text.matchAll(WORD)) {
    if (first === -1) {
      if (matches(token[0], lexemes)) first = count;
      else if (kept.length === keepBefore) {
        kept.shift();
        base++;
      }
    } else if (count > first + words) {
      more = true;
      break;
    }
    kept.push(token);
    count++;
  }
  if (first === -1) return null;
  const total = more ? count + 1 : count; // with `more`, at least that many: enough for the arithmetic below
  // A few words of context before the match, the rest after it.
  const from = Math.max(0, Math.min(first - 6, total - words));
  const to = Math.min(total, from + words);
  const start = kept[from - base]!.index!;
  const last = kept[to - 1 - base]!;
  const end = last.index! + last[0].length;
  const slice = text.slice(start, end).replace(/\s+/g, " ");
  const marked = markAll(slice, lexemes) ?? slice;
  return `${from > 0 ? "… " : ""}${marked}${to < total ? " …" : ""}`;
}
