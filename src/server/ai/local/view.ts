import type { AiMessage, AnalysisInput } from "../types";
import { marketingCues, newsletterCues } from "./content";
import { dateReferenceOf, findDates, type DateReference, type FoundDate } from "./dates";
import { envelopeSignals, type EnvelopeSignals } from "./signals";
import { clip, detectLanguage, splitSentences, type Language, type Sentence } from "./text";

// One message prepared once for all the rules: its text without markup and without what
// it forwards or quotes, its sentences, language and envelope signals.

export type MessageView = {
  message: AiMessage;
  /** The subject without "Re:", "Fwd:" and list tags. */
  topic: string;
  isReply: boolean;
  isForward: boolean;
  /** The body as text (raw HTML in a text part is stripped). */
  body: string;
  /** What the sender wrote: the body before any forwarded or quoted block. */
  own: string;
  /** What the message forwards or quotes, when it does. */
  forwarded: string;
  sentences: Sentence[];
  /** Dates in `own` (found once, lazily), with offsets into it. */
  ownDates(): FoundDate[];
  /** The dates inside one of `sentences`. */
  datesIn(sentence: Sentence): FoundDate[];
  /** How newsletter-like and how promotional subject and body read (counted once). */
  cues(): { newsletter: number; marketing: number };
  language: Language;
  reference: DateReference;
  signals: EnvelopeSignals;
  /** The markup a text part carried (HTML pasted as text is a spam tell). */
  rawHtml: boolean;
  owner: { name: string | null; emails: Set<string> };
  /** The owner is a direct (To) recipient. */
  toOwner: boolean;
  recipientCount: number;
};

const SUBJECT_PREFIX = /^\s*(?:(?:re|aw|sv|vs|antw|ref|rif|r|fw|fwd|tr|wg|rv|enc|doorst|i)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*|\[[^\]]{1,40}\]\s*)+/i;
const FORWARD_PREFIX = /^\s*(?:\[[^\]]{1,40}\]\s*)?(?:fw|fwd|tr|wg|rv|enc|doorst|i)\s*[:：]/i;
const REPLY_PREFIX = /^\s*(?:\[[^\]]{1,40}\]\s*)?(?:re|aw|sv|vs|antw|ref|rif|r)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]/i;

/** The subject without reply/forward prefixes and list tags. */
export function topicOf(subject: string | null): string {
  return (subject ?? "").replace(SUBJECT_PREFIX, "").replace(/\s+/g, " ").trim();
}

// Where forwarded or quoted material starts in a body the MIME layer did not trim:
// Outlook and Lotus Notes blocks, "On ... wrote:", quoted headers.
const FORWARD_START = [
  /^[ \t]*-{2,}[ \t]*(?:original message|forwarded by|forwarded message|original appointment|message d'origine|mensaje original|ursprüngliche nachricht)/im,
  /^[ \t]*-{5,}[ \t]*forwarded/im,
  /^[ \t]*(?:from|von|de):[ \t]*.+\n[ \t]*(?:sent|date|to|gesendet|envoyé|enviado):/im,
  /^[ \t]*from:[ \t]*.+ on \d{1,2}\/\d{1,2}\/\d{2,4}/im,
  /^[^\n]{0,80}\bon (?:mon|tue|wed|thu|fri|sat|sun)[^\n]{0,80}\bwrote:?[ \t]*$/im,
  /^[^\n]{1,120}\bwrote:[ \t]*$/im,
  // Lotus Notes: "John Sherriff@ECT\n02/23/2001 04:50 AM" or "<x@y> on 07/16/2001 01:58:41 PM"
  /^[ \t]*[^\n]{2,80}(?:@ ?[A-Za-z_]+|>)[ \t]*(?:on[ \t]+)?\n?[ \t]*\d{1,2}\/\d{1,2}\/\d{2,4}[ \t]+\d{1,2}:\d{2}/im,
  /^[^\n]{2,80} on \d{1,2}\/\d{1,2}\/\d{2,4} \d{1,2}:\d{2}(?::\d{2})? ?[AP]M[ \t]*$/im,
  // Lotus Notes without an address: "Richard Shapiro\n07/21/2000 10:43 AM\nTo: ..."
  /^[ \t]*[^\n]{2,60}\n[ \t]*\d{1,2}\/\d{1,2}\/\d{2,4}[ \t]+\d{1,2}:\d{2}(?::\d{2})?[ \t]*[AP]M[ \t]*\n[ \t]*(?:to|sent by):/im,
];
/** A quoted line: "> text", or supercite's "Ted> text". */
const QUOTED = /^[ \t]*(?:>|[A-Za-z]{1,12}>[ \t])/;
const ATTRIBUTION = /\b(?:wrote|writes|said|escribió|a écrit|schrieb|ha scritto|escreveu):?[ \t]*$/i;

/** Forwarded text without its header lines and markers, for reading as prose. */
function forwardedProse(text: string): string {
  return text
    .split("\n")
    .filter(
      (line) =>
        !/^[ \t>]*(?:from|sent|date|to|cc|bcc|subject|importance)[ \t]*:/i.test(line) &&
        !/-{3,}\s*(?:original message|forwarded)/i.test(line) &&
        !/^[^\n]{0,80}\bwrote:\s*$/i.test(line) &&
        !/^[ \t]*[^\n]{2,80}(?:@[A-Za-z_]+|>)[ \t]*(?:on[ \t]+\d|$)/.test(line) &&
        !/^[ \t]*\d{1,2}\/\d{1,2}\/\d{2,4}[ \t]+\d{1,2}:\d{2}/.test(line),
    )
    .map((line) => line.replace(/^[ \t]*>+[ \t]?/, ""))
    .join("\n")
    .trim();
}

/**
 * What the sender wrote and what they quote or forward. Quoted lines (and the "X wrote:"
 * line before them) are set aside wherever they are, so an answer written between quotes
 * stays the sender's; a forwarded or quoted block below the text ends it.
 */
function splitOwn(body: string): { own: string; forwarded: string } {
  const lines = body.split("\n");
  const kept: string[] = [];
  const quoted: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const next = lines.slice(i + 1, i + 3).find((l) => l.trim()) ?? "";
    if (QUOTED.test(line) || (ATTRIBUTION.test(line) && QUOTED.test(next))) quoted.push(line);
    else kept.push(line);
  }
  const unquoted = kept.join("\n");
  let cut = unquoted.length;
  for (const pattern of FORWARD_START) {
    const match = pattern.exec(unquoted);
    if (match && match.index < cut) cut = match.index;
  }
  return { own: unquoted.slice(0, cut).trim(), forwarded: `${unquoted.slice(cut)}\n${quoted.join("\n")}`.trim() };
}

/** Entities left in a plain-text part ("&gt; quoted", "&quot;"). */
function decodeEntities(text: string): string {
  if (!/&(?:gt|lt|quot|amp|apos|nbsp|#\d{2,4});/.test(text)) return text;
  return text
    .replace(/&gt;/g, ">")
    .replace(/&lt;/g, "<")
    .replace(/&quot;/g, '"')
    .replace(/&apos;|&#39;/g, "'")
    .replace(/&nbsp;/g, " ")
    .replace(/&#(\d{2,4});/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&amp;/g, "&");
}

/** Penn-Treebank tokenised text ("did n't", "Enron 's", "call ,") read as written. */
function detokenize(text: string): string {
  if (!/ n't\b| 's\b| ,| \.(?:\s|$)/.test(text)) return text;
  return text
    .replace(/ (n't|'s|'re|'ve|'ll|'d|'m)\b/gi, "$1")
    .replace(/ ([,.;:!?%)\]])/g, "$1")
    .replace(/([([$]) /g, "$1")
    .replace(/`` ?| ?''/g, '"');
}

const HTML_IN_TEXT = /<(?:html|body|table|font|div|p|br|a\s+href|td|tr|center|img)\b[^>]*>/i;

/** Markup pasted into a text part, reduced to its text. */
function stripMarkup(text: string): string {
  return text
    .replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(/<br\s*\/?>|<\/(?:p|div|tr|li|h\d|table)>/gi, "\n")
    .replace(/<[^>]{0,2000}>/g, " ")
    .replace(/&nbsp;/gi, " ")
    .replace(/&amp;/gi, "&")
    .replace(/&lt;/gi, "<")
    .replace(/&gt;/gi, ">")
    .replace(/&quot;/gi, '"')
    .replace(/&#39;|&apos;/gi, "'")
    .replace(/[ \t]+/g, " ")
    .replace(/\n\s*\n\s*\n+/g, "\n\n")
    .trim();
}

// The pipeline shows the same input to the pre-filter and then the engine.
const views = new WeakMap<AnalysisInput, MessageView>();

export function viewOf(input: AnalysisInput): MessageView {
  const cached = views.get(input);
  if (cached && cached.message === input.message) return cached;
  const view = buildView(input);
  views.set(input, view);
  return view;
}

function buildView(input: AnalysisInput): MessageView {
  const { message, owner } = input;
  let body = message.bodyText ?? "";
  const rawHtml = HTML_IN_TEXT.test(body.slice(0, 4000)) && (body.match(/<\/?[a-z][^>]*>/gi)?.length ?? 0) >= 4;
  if (rawHtml) body = stripMarkup(body);
  body = detokenize(decodeEntities(body));
  const { own, forwarded } = splitOwn(body);
  const ownerEmails = new Set(owner.emails.map((e) => e.toLowerCase()));
  const subject = message.subject ?? "";
  const isForward = FORWARD_PREFIX.test(subject);
  // A forward with (almost) nothing added is about what it forwards: read that.
  const ownWords = own.split(/\s+/).filter(Boolean).length;
  const text = forwarded && (ownWords === 0 || (isForward && ownWords < 12)) ? `${own}\n\n${forwardedProse(forwarded)}`.trim() : own || body;
  const sentences = splitSentences(text.slice(0, 8000), 120);
  const reference = dateReferenceOf(message);
  const language = detectLanguage(`${subject}\n${body.slice(0, 1500)}`);
  let dates: FoundDate[] | null = null;
  const ownDates = () => (dates ??= findDates(text.slice(0, 5000), reference, { language }));
  const datesIn = (sentence: Sentence) => {
    const at = sentences.indexOf(sentence);
    const end = at >= 0 && at + 1 < sentences.length ? sentences[at + 1]!.index : sentence.index + sentence.text.length + 200;
    return ownDates().filter((d) => d.index >= sentence.index && d.index < end);
  };
  let cueCounts: { newsletter: number; marketing: number } | null = null;
  const cues = () => {
    const sample = `${subject}\n${body.slice(0, 8000)}`;
    return (cueCounts ??= { newsletter: newsletterCues(sample), marketing: marketingCues(sample) });
  };
  return {
    message,
    topic: topicOf(subject),
    isReply: REPLY_PREFIX.test(subject),
    isForward,
    body,
    own: text,
    forwarded,
    sentences,
    ownDates,
    datesIn,
    cues,
    language,
    reference,
    signals: envelopeSignals(message),
    rawHtml,
    owner: { name: owner.name, emails: ownerEmails },
    toOwner: message.to.some((a) => ownerEmails.has(a.email.toLowerCase())),
    recipientCount: message.to.length + message.cc.length,
  };
}

/** "Acme" for reasons: the sender's display name, else the address's domain. */
export function senderLabel(view: MessageView): string {
  const from = view.message.from;
  if (!from) return "an unknown sender";
  if (from.name) return clip(from.name, 40);
  if (view.signals.senderKind === "person") return from.email;
  const domain = from.email.split("@")[1] ?? from.email;
  return domain.replace(/^(?:mail|email|e|em|news|newsletter|info|notifications?)\./i, "");
}
