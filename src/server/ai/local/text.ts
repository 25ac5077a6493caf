import { francAll } from "franc-min";
import type { Address } from "@/server/channels/types";

// Text helpers the local engine's rules share: blanking what is not prose (links, quoted
// headers), sentences with their offsets, the message's language, people's first names.

/** Languages the local engine has templates and date parsers for (ISO 639-1). */
export const LANGUAGES = ["en", "es", "fr", "de", "pt", "it", "nl"] as const;
export type Language = (typeof LANGUAGES)[number];

const FRANC_CODES: Record<string, Language> = { eng: "en", spa: "es", fra: "fr", deu: "de", por: "pt", ita: "it", nld: "nl" };

/**
 * The language of `text` among LANGUAGES; English when unsure: short texts, and texts
 * where English scores nearly as well as the winner (trigram guesses are shaky on a line).
 */
export function detectLanguage(text: string | null | undefined): Language {
  const sample = (text ?? "").slice(0, 700).replace(/https?:\/\/\S+|\S+@\S+/g, " ").trim();
  const accented = /[áéíóúñçàèìòùâêîôûäöüßãõ¿¡œ]/i.test(sample);
  if (sample.length < (accented ? 16 : 40)) return "en";
  const scores = francAll(sample, { only: Object.keys(FRANC_CODES), minLength: 16 });
  const [best, bestScore = 0] = scores[0] ?? [];
  if (!best || best === "und") return "en";
  const english = scores.find(([code]) => code === "eng")?.[1] ?? 0;
  if (best !== "eng" && english >= bestScore * (accented ? 0.98 : 0.9)) return "en";
  return FRANC_CODES[best] ?? "en";
}

const blank = (match: string) => match.replace(/[^\n]/g, " ");

const URL = /\b(?:https?:\/\/|ftp:\/\/|www\.)[^\s<>"')\]]+/gi;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
// Phone numbers: +1 (555) 123-4567, 555-123-4567, 555.123.4567, 713 853 1234, x3-1234
const PHONE = /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s?|\b\d{3}[\s.-])\d{3}[\s.-]\d{4}\b|\b\d{3}-\d{4}\b|\bx\d[\d-]{3,}\b/g;
// Lines of a quoted header block, a forward marker, and quoted lines.
const HEADER_LINE = /^[ \t>]*(?:from|sent|date|to|cc|bcc|subject|received|message-id|reply-to)[ \t]*:.*$/gim;
const MARKER_LINE = /^.*(?:-{3,}\s*(?:original message|forwarded by|forwarded message)|\bwrote:\s*$|^\s*-{2,}\s*$).*$/gim;
const QUOTED_LINE = /^[ \t]*>.*$/gm;

/**
 * `text` with links, addresses, phone numbers, quoted lines and quoted header blocks
 * blanked out (same length, so offsets still point into the original).
 */
export function maskNonProse(text: string): string {
  return text
    .replace(URL, blank)
    .replace(EMAIL, blank)
    .replace(PHONE, blank)
    .replace(HEADER_LINE, blank)
    .replace(MARKER_LINE, blank)
    .replace(QUOTED_LINE, blank);
}

export type Sentence = { text: string; index: number };

// Abbreviations a period does not end a sentence after.
const ABBREVIATION =
  /(?:\b(?:mr|mrs|ms|dr|prof|sr|jr|st|vs|etc|inc|ltd|co|corp|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|no|approx|dept|ext|tel|fig|e\.g|i\.e|a\.m|p\.m|u\.s)|\b[a-z])\.$/i;

/**
 * Sentences (and list items and lines that stand alone) with their offsets. Line breaks
 * inside a paragraph are joined when the line does not end a sentence.
 */
export function splitSentences(text: string, max = 400): Sentence[] {
  const out: Sentence[] = [];
  const push = (start: number, end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed) out.push({ text: trimmed.replace(/\s+/g, " "), index: start + lead });
  };
  let start = 0;
  for (let i = 0; i < text.length && out.length < max; i++) {
    const ch = text[i]!;
    if (ch === "\n") {
      const next = text[i + 1];
      const line = text.slice(Math.max(start, text.lastIndexOf("\n", i - 1) + 1), i).trim();
      // A blank line, a bullet or a short line (a greeting, a heading) ends the sentence.
      const lineEnd = text.indexOf("\n", i + 1);
      const nextLine = text.slice(i + 1, lineEnd === -1 ? undefined : lineEnd);
      const standalone = line.length < 40;
      const bullet = /^\s*(?:[-*•·]|\d{1,2}[.)])\s+/.test(nextLine);
      if (next === "\n" || /^\s*$/.test(nextLine) || bullet || standalone) {
        push(start, i);
        start = i + 1;
      }
      continue;
    }
    if (ch === "." || ch === "!" || ch === "?") {
      let j = i + 1;
      while (j < text.length && /[.!?"')\]]/.test(text[j]!)) j++;
      if (j < text.length && !/\s/.test(text[j]!)) continue;
      if (ch === "." && ABBREVIATION.test(text.slice(Math.max(start, i - 6), i + 1))) continue;
      // "3.5" or "p.m." continuing, or a lowercase continuation: not a boundary
      const after = text.slice(j).trimStart();
      if (ch === "." && /^[a-z]/.test(after) && !/^[a-z]+:/.test(after)) continue;
      push(start, j);
      start = j;
      i = j - 1;
    }
  }
  if (out.length < max) push(start, text.length);
  return out;
}

/** A person's first name for a greeting: the display name's first word, else the address's local part. */
export function firstName(address: Address | null | undefined): string | null {
  if (!address) return null;
  const name = address.name?.replace(/["'()]/g, "").trim();
  if (name) {
    // "Lay, Kenneth" → Kenneth; "Kenneth Lay" → Kenneth
    const comma = name.split(",").map((p) => p.trim()).filter(Boolean);
    const given = comma.length === 2 && !/@/.test(name) ? comma[1]! : name;
    const word = given.split(/\s+/)[0] ?? "";
    if (/^[\p{L}][\p{L}'-]*$/u.test(word) && word.length > 1) return capitalize(word);
  }
  // "steven.kean@" → Steven; a single token ("jmunoz@") is not reliably a name.
  const local = address.email.split("@")[0] ?? "";
  const pieces = local.split(/[._-]/);
  const piece = pieces[0] ?? "";
  if (pieces.length >= 2 && /^[a-z]{2,}$/i.test(piece) && !/^(?:info|admin|support|sales|noreply|no|reply|team|hello|contact|office|mail|news|service)$/i.test(piece)) {
    return capitalize(piece);
  }
  return null;
}

export function capitalize(word: string): string {
  return word ? word[0]!.toUpperCase() + word.slice(1).toLowerCase() : word;
}

/** Collapses whitespace and cuts at `max` characters on a word boundary, with an ellipsis. */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const head = flat.slice(0, max - 1);
  const space = head.lastIndexOf(" ");
  return `${(space > max * 0.6 ? head.slice(0, space) : head).replace(/[\s,;:.-]+$/, "")}…`;
}

/** Letters and upper-case letters in `text` (a loop: matching \p{L} builds huge arrays). */
export function letterCounts(text: string): { letters: number; upper: number } {
  let letters = 0;
  let upper = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 65 && code <= 90) {
      letters++;
      upper++;
    } else if (code >= 97 && code <= 122) {
      letters++;
    } else if (code >= 0xc0) {
      const ch = text[i]!;
      if (/\p{L}/u.test(ch)) {
        letters++;
        if (/\p{Lu}/u.test(ch)) upper++;
      }
    }
  }
  return { letters, upper };
}
