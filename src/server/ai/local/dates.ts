import * as chrono from "chrono-node";
import type { ParsedComponents, ParsedResult } from "chrono-node";
import type { AiMessage, DateMention } from "../types";
import { detectLanguage, maskNonProse, type Language } from "./text";

// Dates and times mentioned in a message, resolved the way its writer meant them: against
// the message's Date and in the writer's UTC offset ("tomorrow at 3" written in Houston
// is 15:00-05:00). chrono-node finds the expressions; the rules here drop what only looks
// like a date (links, phone numbers, quoted "Sent:" headers, "sat", "24/7", bare numbers),
// read "at 3" as 3 pm, and pick the past or the coming "Friday" from the sentence's tense.

/** What relative expressions resolve against. */
export type DateReference = {
  instant: Date;
  /** Minutes east of UTC the text was written in. */
  offsetMinutes: number;
  /** "3/5" is the 3rd of May (false: March 5, as US writers mean). */
  dayFirst?: boolean;
};

export type FoundDate = {
  text: string;
  index: number;
  /** The instant; for an all-day date, noon of that day in the writer's offset. */
  start: Date;
  /** Only a day is known ("Friday", "5/3"). */
  allDay: boolean;
  /** The end of a range ("3-4pm"), when given. */
  end: Date | null;
  /** The offset the wall-clock time was written in (an explicit "EST" wins). */
  offsetMinutes: number;
  /** "2001-05-15" or "2001-05-15T15:00:00-07:00". */
  value: string;
};

/** Which of two candidate dates an ambiguous "Friday" or "March 31" means. */
export type DateDirection = "future" | "auto";

export type FindDatesOptions = {
  /** "future": "Friday" is the coming Friday. "auto" (default): from the sentence's tense. */
  direction?: DateDirection;
  /** Accept a lone expression that would be noise inside prose ("at 3", "Mon"). */
  lenient?: boolean;
  language?: Language;
};

const MAX_SCAN = 20_000;

// ---- parsers ---------------------------------------------------------------------------

const englishParser = chrono.en.casual.clone();
// Deadlines chrono does not know: "EOD", "end of day", "close of business" are today.
englishParser.parsers.push({
  pattern: () => /\b(?:eod|e\.o\.d\.?|cob|end of (?:the )?(?:business |working )?day|close of (?:business|play))\b/i,
  extract: (context) => {
    const today = context.reference.getDateWithAdjustedTimezone();
    return context.createParsingComponents({ day: today.getDate(), month: today.getMonth() + 1, year: today.getFullYear() });
  },
});
const localeParsers: Partial<Record<Language, chrono.Chrono>> = {
  es: chrono.es.casual,
  fr: chrono.fr.casual,
  de: chrono.de.casual,
  pt: chrono.pt.casual,
  it: chrono.it.casual,
  nl: chrono.nl.casual,
};

/**
 * Month/day order of "3/5": US writers (US zones, and unknown zones, as chrono assumes)
 * mean March 5; nearly everyone else means 3 May. (chrono's GB mode also reads "March 31"
 * as March 1931, so the order is applied after parsing rather than by switching parsers.)
 */
export function writesDayFirst(offsetMinutes: number | null): boolean {
  return offsetMinutes !== null && !(offsetMinutes <= -240 && offsetMinutes >= -600);
}

// ---- filters ---------------------------------------------------------------------------

const WEEKDAY_ABBREVIATION = /^(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)\.?$/i;
const VAGUE_PERIOD =
  /^(?:the\s+)?(?:(?:next|last|this|past|coming|previous|following|current)\s+(?:week|month|year|quarter|decade)|(?:next|last|past|coming|previous|following|first|final)\s+(?:\w+\s+)?(?:days|weeks|months|years))$/i;
const NOW = /^(?:right\s+)?(?:now|currently|at present|presently)$/i;
/** A part of the day on its own ("the morning talk show") names no day. */
const BARE_DAYPART = /^(?:the\s+)?(?:morning|afternoon|evening|night|noon|midnight)s?$/i;
const DURATION = /^(?:for|over|during)\s/i;
const BARE_HOUR = /^(?:at|@|by|around|about|from|until|till)?\s*\d{1,2}$/i;
const HOUR_FOLLOWER =
  /^\s*(?:$|[.,;!?)\n]|(?:o'?clock|today|tomorrow|tonight|on|this|next|sharp|your time|my time|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b)/i;
const MERIDIEM_WORD = /\b(?:a\.?m\b|p\.?m\b|morning|noon|midnight|night|evening|afternoon|tonight)/i;
const UNIT_AFTER_SLASH = /^\s*(?:hours?|hrs?|cups?|inch(?:es)?|miles?|mi\b|lbs?|%|of\s+(?:the|a|an|it|them)\b|off\b|price)/i;
/** Prepositions chrono keeps in front of an expression ("at 3pm", "on Friday"). */
const LEADING_PREPOSITION = /^(?:on|at|by|@)\s+/i;

/** Whether a chrono result is a real date mention in the masked text. */
function usable(result: ParsedResult, text: string, masked: string, lenient: boolean): boolean {
  const start = result.start;
  if (NOW.test(text) || DURATION.test(text) || VAGUE_PERIOD.test(text)) return false;
  if (BARE_DAYPART.test(text) && !lenient) return false;
  if (WEEKDAY_ABBREVIATION.test(text) && !lenient) return false;
  const tags = result.tags();
  const casual = [...tags].some((tag) => tag.startsWith("casualReference/") || tag === "result/relativeDate");
  if (!start.isCertain("day") && !start.isCertain("weekday") && !start.isCertain("hour") && !casual) return false;
  // A year-level relative like "a year earlier" is not a day.
  if (tags.has("result/relativeDate") && !start.isCertain("day") && !start.isCertain("hour")) return false;
  if (lenient) return true;

  const before = masked[result.index - 1] ?? " ";
  const after = masked.slice(result.index + result.text.length);
  // Part of a longer token: 1.2.3, ver/5/3, 10/12/2001/xyz, v3:30
  if (/[\w/.:-]/.test(before) && /^\d/.test(text)) return false;
  if (/^[/\w-]|^[.:]\d/.test(after)) return false;
  if (BARE_HOUR.test(text) && !HOUR_FOLLOWER.test(after)) return false;
  if (/^\d{1,2}\/\d{1,2}$/.test(text)) {
    if (/\d\s$/.test(masked.slice(0, result.index)) || UNIT_AFTER_SLASH.test(after)) return false;
    if (text === "24/7") return false;
  }
  return true;
}

// ---- tense -----------------------------------------------------------------------------

const IRREGULAR_PAST = new Set(
  (
    "was were had did said told went came got made took gave found met sent left rose fell saw knew thought paid sold " +
    "bought began won lost held kept brought spent became wrote spoke ran led fled struck stood heard felt meant built " +
    "caught taught chose drove flew grew threw broke forgot understood ate drank slept woke hung fought sought sank shot " +
    "ago yesterday earlier previously recently"
  ).split(" "),
);
const NOT_PAST_ED = new Set(
  "need feed seed speed proceed exceed succeed indeed hundred bed red shed embed breed greed weed deed bleed wed freed agreed".split(" "),
);
const FUTURE = new Set(
  (
    "will shall 'll going gonna let's please can could would should must need needs want wants plan plans planning hope " +
    "expect expects scheduled planned slated upcoming next tomorrow tonight soon forward until till by due deadline " +
    "before available free"
  ).split(" "),
);
const BE = new Set("is are be been being am 's 're".split(" "));
const PAST_NEAR = new Set(["since", "ago", "last", "earlier", "previously", "yesterday"]);

type Tense = "past" | "future";

function cueOf(word: string, previous: string | undefined): Tense | null {
  if (FUTURE.has(word) || word.endsWith("'ll")) return "future";
  if (IRREGULAR_PAST.has(word)) return "past";
  if (word.length > 4 && word.endsWith("ed") && !NOT_PAST_ED.has(word)) {
    // "is scheduled", "are expected": passive or adjectival, not past
    return previous && BE.has(previous) ? null : "past";
  }
  return null;
}

const wordsOf = (text: string) => text.toLowerCase().match(/[a-z']+/g) ?? [];

/** The tense around a date mention: the nearest tense cue in its sentence decides. */
export function tenseAround(text: string, index: number, length: number): Tense | null {
  let left = text.slice(Math.max(0, index - 240), index);
  let right = text.slice(index + length, Math.min(text.length, index + length + 120));
  // Stay in the sentence.
  const leftCut = Math.max(left.lastIndexOf(". "), left.lastIndexOf("? "), left.lastIndexOf("! "), left.lastIndexOf("\n\n"));
  if (leftCut >= 0) left = left.slice(leftCut + 2);
  const rightCut = right.search(/[.?!](?:\s|$)|\n\n/);
  if (rightCut >= 0) right = right.slice(0, rightCut);

  const leftWords = wordsOf(left);
  const rightWords = wordsOf(right);
  const justBefore = leftWords[leftWords.length - 1];
  if (justBefore && ["by", "until", "till", "before", "due", "through", "thru"].includes(justBefore)) return "future";
  if (justBefore && PAST_NEAR.has(justBefore)) return "past";
  if (rightWords[0] === "ago") return "past";

  // Nearest first, alternating sides; the left wins ties (the verb usually precedes).
  for (let d = 0; d < Math.max(leftWords.length, rightWords.length); d++) {
    const l = leftWords.length - 1 - d;
    if (l >= 0) {
      const found = cueOf(leftWords[l]!, leftWords[l - 1]);
      if (found) return found;
    }
    if (d < rightWords.length) {
      const found = cueOf(rightWords[d]!, d > 0 ? rightWords[d - 1] : justBefore);
      if (found) return found;
    }
  }
  return null;
}

/**
 * The tense most of the text is written in, for sentences without a cue: reports (news,
 * minutes) are in the past, so their bare "Wednesday" is the last one.
 */
export function dominantTense(text: string): Tense {
  const all = wordsOf(text.slice(0, 6000));
  let past = 0;
  let future = 0;
  for (let i = 0; i < all.length; i++) {
    const cue = cueOf(all[i]!, all[i - 1]);
    if (cue === "past") past++;
    else if (cue === "future") future++;
  }
  return past >= 8 && past > 3 * future ? "past" : "future";
}

// ---- resolution ------------------------------------------------------------------------

type WallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number };

const DAY_MS = 86_400_000;

function wallClockOf(components: ParsedComponents): WallClock {
  return {
    year: components.get("year") ?? 1970,
    month: components.get("month") ?? 1,
    day: components.get("day") ?? 1,
    hour: components.get("hour") ?? 12,
    minute: components.get("minute") ?? 0,
    second: components.get("second") ?? 0,
  };
}

function shiftDays(clock: WallClock, days: number): WallClock {
  const d = new Date(Date.UTC(clock.year, clock.month - 1, clock.day + days, clock.hour, clock.minute, clock.second));
  return { ...clock, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const dayNumber = (clock: WallClock) => Math.floor(Date.UTC(clock.year, clock.month - 1, clock.day) / DAY_MS);

const validDay = (clock: WallClock) => {
  const d = new Date(Date.UTC(clock.year, clock.month - 1, clock.day));
  return d.getUTCMonth() === clock.month - 1 && d.getUTCDate() === clock.day;
};

function instantOf(clock: WallClock, offsetMinutes: number): Date {
  return new Date(Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second) - offsetMinutes * 60_000);
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, "0");

export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? "-" : "+";
  return `${sign}${pad(Math.trunc(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
}

function isoDate(clock: WallClock): string {
  return `${pad(clock.year, 4)}-${pad(clock.month)}-${pad(clock.day)}`;
}

function clockAt(instant: Date, offsetMinutes: number): WallClock {
  const local = new Date(instant.getTime() + offsetMinutes * 60_000);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

/** "2001-05-15T15:00:00-07:00": `instant` as wall-clock time in the given offset. */
export function isoInOffset(instant: Date, offsetMinutes: number): string {
  const clock = clockAt(instant, offsetMinutes);
  return `${isoDate(clock)}T${pad(clock.hour)}:${pad(clock.minute)}:${pad(clock.second)}${formatOffset(offsetMinutes)}`;
}

/** "2001-05-15": the calendar day of `instant` in the given offset. */
export function isoDayInOffset(instant: Date, offsetMinutes: number): string {
  return isoDate(clockAt(instant, offsetMinutes));
}

type ResolveContext = {
  fullText: string;
  reference: DateReference;
  direction: DateDirection;
  /** The tense for sentences without a cue. */
  fallbackTense: Tense;
};

function resolve(result: ParsedResult, text: string, index: number, context: ResolveContext): FoundDate | null {
  const { reference } = context;
  const start = result.start;
  const tags = result.tags();
  const relative = [...tags].some((tag) => tag.startsWith("casualReference/") || tag.startsWith("result/relative"));
  let clock = wallClockOf(start);
  const timed = start.isCertain("hour");
  const refClock = clockAt(reference.instant, reference.offsetMinutes);

  // "3/5" outside the US is the 3rd of May.
  const slash = /^(\d{1,2})[/.](\d{1,2})(?:[/.]\d{2,4})?\b/.exec(text);
  if (slash && tags.has("parser/SlashDateFormatParser") && reference.dayFirst) {
    const swapped = { ...clock, day: Number(slash[1]), month: Number(slash[2]) };
    if (validDay(swapped)) clock = swapped;
    else return null;
  }

  // "at 3", "from 2 to 3": business hours, so the afternoon.
  let pmShift = false;
  const computedTime = tags.has("result/relativeDateAndTime") || tags.has("casualReference/now");
  if (timed && !start.isCertain("meridiem") && !MERIDIEM_WORD.test(text) && !computedTime) {
    const zeroPadded = /(?:^|\D)0\d[:.h]/.test(text);
    if (clock.hour >= 1 && clock.hour <= 7 && !zeroPadded) {
      clock = { ...clock, hour: clock.hour + 12 };
      pmShift = true;
    }
  }

  // A bare weekday or a year-less date: which one is meant.
  const modifier = /\b(?:next|last|this|past|coming|previous|following)\b/i.test(text);
  const weekdayOnly = start.isCertain("weekday") && !start.isCertain("day") && !modifier && !relative;
  const yearless = start.isCertain("day") && start.isCertain("month") && !start.isCertain("year") && !relative;
  if (weekdayOnly || yearless) {
    const tense = context.direction === "future" ? "future" : tenseAround(context.fullText, index, text.length);
    if (yearless) {
      // The nearest such day; then the tense moves it by a year.
      const candidates = [clock.year - 1, clock.year, clock.year + 1].map((year) => ({ ...clock, year })).filter(validDay);
      clock = candidates.reduce((best, c) =>
        Math.abs(dayNumber(c) - dayNumber(refClock)) < Math.abs(dayNumber(best) - dayNumber(refClock)) ? c : best,
      candidates[0] ?? clock);
      // Within two months the nearest one is meant whatever the tense ("record date Nov. 16").
      const delta = dayNumber(clock) - dayNumber(refClock);
      if (tense === "future" && delta < -60) clock = { ...clock, year: clock.year + 1 };
      else if (tense === "past" && delta > 60) clock = { ...clock, year: clock.year - 1 };
      if (!validDay(clock)) return null;
    } else {
      const delta = dayNumber(clock) - dayNumber(refClock);
      const want = tense ?? context.fallbackTense;
      if (want === "future" && delta < 0) clock = shiftDays(clock, 7);
      else if (want === "past" && delta > 0) clock = shiftDays(clock, -7);
    }
  }

  // "end of the week": the working week ends on Friday.
  if (/\bend of (?:the |this )?week\b|\beow\b/i.test(text)) {
    const weekday = new Date(Date.UTC(refClock.year, refClock.month - 1, refClock.day)).getUTCDay();
    clock = { ...shiftDays(refClock, (5 - weekday + 7) % 7), hour: 17, minute: 0, second: 0 };
  }

  const offsetMinutes = start.isCertain("timezoneOffset") ? (start.get("timezoneOffset") ?? reference.offsetMinutes) : reference.offsetMinutes;
  const allDay = !timed;
  const instant = instantOf(allDay ? { ...clock, hour: 12, minute: 0, second: 0 } : clock, offsetMinutes);

  let end: Date | null = null;
  if (result.end && result.end.isCertain("hour")) {
    let endClock = { ...clock, hour: result.end.get("hour") ?? clock.hour, minute: result.end.get("minute") ?? 0, second: 0 };
    if (pmShift && endClock.hour < 12) endClock = { ...endClock, hour: endClock.hour + 12 };
    if (endClock.hour < clock.hour && endClock.hour + 12 < 24) endClock = { ...endClock, hour: endClock.hour + 12 };
    end = instantOf(endClock, offsetMinutes);
    if (end.getTime() <= instant.getTime()) end = null;
  }

  return {
    text,
    index,
    start: instant,
    allDay,
    end,
    offsetMinutes,
    value: allDay ? isoDate(clock) : isoInOffset(instant, offsetMinutes),
  };
}

/** Trims punctuation and a leading "on"/"at" from chrono's match, keeping the offset right. */
function tidyMatch(result: ParsedResult): { text: string; index: number } {
  let text = result.text;
  let index = result.index;
  const lead = text.length - text.trimStart().length;
  text = text.trim();
  index += lead;
  const preposition = LEADING_PREPOSITION.exec(text);
  if (preposition && text.length > preposition[0].length + 1) {
    text = text.slice(preposition[0].length);
    index += preposition[0].length;
  }
  text = text.replace(/[\s,;:(]+$/, "");
  return { text, index };
}

/** Date and time expressions in `text`, resolved against `reference`. */
export function findDates(text: string, reference: DateReference, options: FindDatesOptions = {}): FoundDate[] {
  if (!text.trim()) return [];
  const scanned = text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text;
  const masked = options.lenient ? scanned : maskNonProse(scanned);
  const chronoReference = { instant: reference.instant, timezone: reference.offsetMinutes };
  const parsers = [englishParser];
  const local = options.language && options.language !== "en" ? localeParsers[options.language] : undefined;
  if (local) parsers.unshift(local);
  const context: ResolveContext = {
    fullText: scanned,
    reference,
    direction: options.direction ?? "auto",
    fallbackTense: options.direction === "future" ? "future" : dominantTense(masked),
  };

  const found: FoundDate[] = [];
  for (const parser of parsers) {
    let results: ParsedResult[];
    try {
      results = parser.parse(masked, chronoReference);
    } catch {
      continue;
    }
    for (const result of results) {
      const { text: matched, index } = tidyMatch(result);
      if (!usable(result, matched, masked, options.lenient ?? false)) continue;
      const overlaps = found.some((f) => index < f.index + f.text.length && f.index < index + matched.length);
      if (overlaps) continue;
      const resolved = resolve(result, matched, index, context);
      if (resolved) found.push(resolved);
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

// ---- the message API -------------------------------------------------------------------

/** What extractDates scans: the subject, a blank line, the body. Indexes point into it. */
export function dateScanText(message: AiMessage): string {
  return message.subject ? `${message.subject}\n\n${message.bodyText}` : message.bodyText;
}

/** The message's date and the writer's offset (UTC when unknown; now when undated). */
export function dateReferenceOf(message: AiMessage): DateReference {
  return {
    instant: message.sentAt ?? new Date(),
    offsetMinutes: message.utcOffsetMinutes ?? 0,
    dayFirst: writesDayFirst(message.utcOffsetMinutes),
  };
}

/**
 * Every date or time mentioned in the subject and body, resolved against the message's
 * date in the writer's offset. `index` is the offset in dateScanText(message).
 */
export function extractDates(message: AiMessage): DateMention[] {
  const text = dateScanText(message);
  const language = detectLanguage(message.bodyText);
  return findDates(text, dateReferenceOf(message), { language }).map(({ text, value, index }) => ({ text, value, index }));
}

/**
 * One expression ("next Tuesday at 3", "Friday", "5/3") resolved against the message. An
 * all-day date comes back as noon of that day in the writer's offset, so it stays on the
 * same calendar day for anyone within eleven hours of the writer.
 */
export function resolveDateText(
  text: string,
  message: AiMessage,
  options: { forwardDate?: boolean } = {},
): { date: Date; allDay: boolean } | null {
  if (!text.trim()) return null;
  const found = findDates(text.slice(0, 500), dateReferenceOf(message), {
    direction: options.forwardDate === false ? "auto" : "future",
    lenient: true,
    language: detectLanguage(text.length > 30 ? text : message.bodyText),
  })[0];
  return found ? { date: found.start, allDay: found.allDay } : null;
}
