// Plain text for search and AI: the text part (or the HTML converted to text), and that
// text with quoted history and signatures trimmed.

import EmailReplyParser from "email-reply-parser";
import { compile } from "html-to-text";

// ---- HTML → text -------------------------------------------------------------------------

const cellFormat = { format: "inlineSurround", options: { suffix: " " } } as const;

const htmlToText = compile({
  wordwrap: false,
  // Mail HTML over this size was already capped by the parser; this is a second guard.
  limits: { maxInputLength: 2_000_000 },
  selectors: [
    // Links as their text; the URL would only add noise for search and AI.
    { selector: "a", options: { ignoreHref: true } },
    { selector: "img", format: "skip" },
    { selector: "h1", options: { uppercase: false } },
    { selector: "h2", options: { uppercase: false } },
    { selector: "h3", options: { uppercase: false } },
    { selector: "h4", options: { uppercase: false } },
    { selector: "h5", options: { uppercase: false } },
    { selector: "h6", options: { uppercase: false } },
    // Email layout tables: rows are blocks, cells separated by a space (the default
    // glued adjacent cells together).
    { selector: "table", format: "block" },
    { selector: "tr", format: "block" },
    { selector: "td", ...cellFormat },
    { selector: "th", ...cellFormat },
  ],
});

/** Normalizes line endings, drops NULs (Postgres text rejects them) and trailing blanks. */
function tidy(text: string): string {
  // trimEnd per line rather than /[ \t]+$/gm, which is quadratic on long runs of spaces
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/\u0000/g, "")
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function stripTagsCrudely(html: string): string {
  return html
    .replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(/<br\s*\/?>|<\/(p|div|tr|li|h\d)>/gi, "\n")
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/gi, " ")
    .replace(/&lt;/gi, "<")
    .replace(/&gt;/gi, ">")
    .replace(/&quot;/gi, '"')
    .replace(/&#39;|&apos;/gi, "'")
    .replace(/&amp;/gi, "&");
}

/**
 * The message's plain text: the text part when it has content, otherwise the HTML part
 * converted to text (no word wrap, links as their text). Null when neither has content.
 */
export function toPlainText(text: string | null, html: string | null): string | null {
  if (text && text.trim()) return tidy(text);
  if (html && html.trim()) {
    let converted: string;
    try {
      converted = htmlToText(html);
    } catch {
      converted = stripTagsCrudely(html);
    }
    const result = tidy(converted);
    return result ? result : null;
  }
  return null;
}

// ---- quoted history and signatures -------------------------------------------------------

const WROTE_VERBS = [
  "wrote", "writes", "write", "said", "says", "écrit", "ecrit", "escribió", "escribio", "scritto", "escreveu", "schrieb", "schreef",
  "skrev", "skrive", "kirjoitti", "napisał\\(a\\)", "napisał", "napisala", "napisal", "pisze", "napsal\\(a\\)",
  "napsal", "írta", "a scris", "yazdı", "έγραψε", "написал\\(а\\)", "написала", "написал", "написав",
  "kirjutas", "rašė", "rakstīja", "je napisal", "je napisao", "je napisala",
].join("|");

/** "... wrote:" at the end of a (possibly joined) header line. */
const WROTE_END = new RegExp(`(?:^|[\\s>)\\]"'])(?:${WROTE_VERBS})\\s*:?\\s*$`, "iu");
/** CJK and other verb-final forms. */
const CJK_WROTE_END = /(?:写道|寫道)\s*[:：]?\s*$|작성\s*[:：]?\s*$|のメッセージ\s*[:：]?\s*$|さんは書きました\s*[:：]?\s*$|wrote\s*[:：]\s*$/u;
/** Openers of the date-first form: "On <date>, <name> wrote:", "Le ... a écrit :", ... */
const WROTE_OPENER = /^\s*(?:on|le|el|il|em|am|op|den|dne|pe|på|w dniu|dnia|в|στις|tanggal|den|el día|quoting|citing|zitat von)\b/iu;

const ORIGINAL_MESSAGE = new RegExp(
  "^\\s*[-_=]{2,}\\s*(?:" +
    [
      "original message", "original nachricht", "ursprüngliche nachricht", "message d'origine", "message d’origine",
      "mensaje original", "messaggio originale", "oorspronkelijk bericht", "origineel bericht", "originalmeddelande",
      "ursprungligt meddelande", "oprindelig meddelelse", "opprinnelig melding", "wiadomość oryginalna",
      "oryginalna wiadomość", "původní zpráva", "alkuperäinen viesti", "исходное сообщение", "mensagem original",
      "eredeti üzenet", "mesaj original", "orijinal mesaj", "αρχικό μήνυμα", "原始邮件", "原始郵件", "元のメッセージ", "원본 메시지",
      "reply message", "original", "message original",
    ].join("|") +
    ")\\s*[-_=]{2,}\\s*$",
  "iu",
);

const FROM_LABEL = /^[ \t]*(?:\*[ \t]*)?(?:from|von|de|da|van|från|fra|od|lähettäjä|feladó|от|kimden|από|寄件者|发件人|發件人|差出人|보낸 사람|expéditeur|remitente|mittente)[ \t]*(?:\*[ \t]*)?[:：][ \t]*\S/iu;
const SENT_LABEL = /^[ \t]*(?:\*[ \t]*)?(?:sent|date|gesendet|datum|envoyé|envoye|date d'envoi|enviado|enviada|fecha|inviato|data|verzonden|skickat|sendt|wysłano|odesláno|lähetetty|elküldve|отправлено|дата|gönderildi|tarih|στάλθηκε|送信日時|日期|发送时间|發送時間|보낸 날짜)[ \t]*(?:\*[ \t]*)?[:：]/iu;
const TO_OR_SUBJECT_LABEL = /^[ \t]*(?:\*[ \t]*)?(?:to|an|à|a|para|aan|till|til|do|vastaanottaja|címzett|кому|kime|προς|宛先|收件人|받는 사람|subject|betreff|objet|asunto|oggetto|onderwerp|ämne|emne|temat|předmět|aihe|tárgy|тема|konu|θέμα|件名|主题|主旨|제목|cc)[ \t]*(?:\*[ \t]*)?[:：]/iu;

const MOBILE_SIGNATURE = new RegExp(
  "^\\s*(?:" +
    [
      "sent from my .{1,60}",
      "sent from (?:mail|outlook|yahoo mail|gmail|samsung|proton ?mail|my mobile|aol)\\b.{0,60}",
      "sent (?:via|using|with) .{1,60}(?:iphone|ipad|android|mobile|phone|app)\\b.{0,30}",
      "get outlook for (?:ios|android).{0,30}",
      "von meinem .{1,40} gesendet",
      "gesendet von meinem .{1,40}",
      "envoyé de mon .{1,40}",
      "envoyé depuis mon .{1,40}",
      "enviado desde mi .{1,40}",
      "enviado do meu .{1,40}",
      "enviado de meu .{1,40}",
      "inviato da(?:l mio)? .{1,40}",
      "verzonden (?:met|vanaf) mijn .{1,40}",
      "verstuurd vanaf mijn .{1,40}",
      "skickat från min .{1,40}",
      "sendt fra min .{1,40}",
      "lähetetty .{1,40}(?:iphone|ipad|android|mobiili).{0,20}",
      "wysłane z (?:mojego )?.{1,40}",
      "odesláno z .{1,40}",
      "отправлено с .{1,40}",
      "iphoneから送信",
      "从我的.{1,20}发送",
      "發自我的.{1,20}",
    ].join("|") +
    ")\\s*$",
  "iu",
);

const QUOTED_LINE = /^\s*>/;
/** Quote header lines are short; longer lines are not even tested. */
const MAX_HEADER_LINE = 600;

/** Where quoted history starts, as a line index, and how many lines its header spans. */
type QuoteHeader = { start: number; end: number; kind: "wrote" | "outlook" };

const ADDRESS_COLON_END = /<[^<>\s]+@[^<>\s]+>\s*[:：]\s*$/u;

function nextIsQuoted(lines: string[], j: number): boolean {
  for (let k = j + 1; k < lines.length; k++) {
    if (lines[k]!.trim()) return QUOTED_LINE.test(lines[k]!);
  }
  return false;
}

/** The ASCII verbs of WROTE_VERBS ("napsal\\(a\\)" unescaped). */
const ASCII_WROTE_VERBS = WROTE_VERBS.replace(/\\/g, "")
  .split("|")
  .filter((v) => /^[\x20-\x7e]+$/.test(v));
/** The ASCII characters a verb of WROTE_VERBS ends with (the others end with non-ASCII ones). */
const WROTE_VERB_FINALS = new Set(
  WROTE_VERBS.replace(/\\/g, "")
    .split("|")
    .map((v) => v.slice(-1))
    .filter((c) => c < "\x80"),
);
const LONGEST_WROTE_VERB = Math.max(...WROTE_VERBS.replace(/\\/g, "").split("|").map((v) => v.length));

/**
 * Whether a trimmed line could end a quote header: a cheap test that every string matched
 * by WROTE_END, CJK_WROTE_END or ADDRESS_COLON_END passes (they are tried on most lines of
 * every message). Such a line ends with a colon, or with a verb of WROTE_VERBS; a non-ASCII
 * ending is left to the regexes, whose case folding is Unicode's.
 */
function mayEndQuoteHeader(line: string): boolean {
  const last = line.charCodeAt(line.length - 1);
  if (last === 0x3a || last === 0xff1a) return true; // ":" "："
  // Most lines end with a character no verb ends with ("." "," "?" digits...).
  if (last < 0x80 && !WROTE_VERB_FINALS.has(String.fromCharCode(last).toLowerCase())) return false;
  const tail = line.slice(-LONGEST_WROTE_VERB);
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(tail)) return true;
  const lower = tail.toLowerCase();
  return ASCII_WROTE_VERBS.some((verb) => lower.endsWith(verb));
}

function findWroteHeader(lines: string[], i: number): QuoteHeader | null {
  const line = lines[i]!;
  if (QUOTED_LINE.test(line) || line.length > 600) return null;
  // The header may be wrapped over up to three lines by the sending client.
  let joined = "";
  for (let j = i; j < Math.min(lines.length, i + 3); j++) {
    const part = lines[j]!.trim();
    if (j > i && (!part || QUOTED_LINE.test(lines[j]!))) break;
    joined = j === i ? part : `${joined} ${part}`;
    if (joined.length > 600) break;
    if (!mayEndQuoteHeader(joined)) continue;
    if (WROTE_END.test(joined) || CJK_WROTE_END.test(joined)) {
      // The date-first form ("On ..., X wrote:"), or a short "X <x@y> wrote:" line that
      // names an address or a date or is followed by quoted lines. A bare "the customer
      // wrote:" introducing pasted text is not a quote header.
      const header = { start: i, end: j, kind: "wrote" } as const;
      if (WROTE_OPENER.test(joined)) return header;
      if (joined.length > 200) return null;
      if (/@|\d/.test(joined)) return header;
      return nextIsQuoted(lines, j) ? header : null;
    }
    // Gmail in languages without a verb: "2024年3月5日(火) 10:15 Alice <alice@example.com>:"
    if (ADDRESS_COLON_END.test(joined) && /\d/.test(joined) && nextIsQuoted(lines, j)) {
      return { start: i, end: j, kind: "wrote" };
    }
  }
  return null;
}

function findOutlookHeader(lines: string[], i: number): QuoteHeader | null {
  const line = lines[i]!;
  if (ORIGINAL_MESSAGE.test(line)) return { start: i, end: i, kind: "outlook" };
  if (!FROM_LABEL.test(line)) return null;
  // "From: ... / Sent: ... / To: ... / Subject: ..." within the next few lines.
  let sawSent = false;
  let sawTo = false;
  for (let j = i + 1; j < Math.min(lines.length, i + 7); j++) {
    const next = lines[j]!;
    if (SENT_LABEL.test(next)) sawSent = true;
    else if (TO_OR_SUBJECT_LABEL.test(next)) sawTo = true;
    if (sawSent && sawTo) {
      // Outlook puts a "____" rule right above the block; cut there too.
      let start = i;
      while (start > 0 && /^\s*(?:_{5,}|-{5,})\s*$/.test(lines[start - 1]!)) start--;
      while (start > 0 && !lines[start - 1]!.trim()) start--;
      if (start > 0 && /^\s*(?:_{5,}|-{5,})\s*$/.test(lines[start - 1]!)) start--;
      return { start, end: j, kind: "outlook" };
    }
  }
  return null;
}

/**
 * Cuts the text at the first quote header. "From:/Sent:" and "Original Message" blocks
 * always cut. A "... wrote:" header cuts when what follows is entirely quoted or not quoted
 * at all; when quoted lines and new text are interleaved (inline replies) only the header
 * line goes, and the quoted lines are left to email-reply-parser.
 */
function cutAtQuoteHeaders(lines: string[]): string[] {
  const out = lines.slice();
  for (let i = 0; i < out.length; i++) {
    if (out[i]!.length > MAX_HEADER_LINE) continue;
    const outlook = findOutlookHeader(out, i);
    if (outlook) return out.slice(0, outlook.start);
    const wrote = findWroteHeader(out, i);
    if (!wrote) continue;
    const rest = out.slice(wrote.end + 1).filter((l) => l.trim());
    const quoted = rest.filter((l) => QUOTED_LINE.test(l)).length;
    if (quoted === 0 || quoted === rest.length) return out.slice(0, wrote.start);
    out.splice(wrote.start, wrote.end - wrote.start + 1);
    i = wrote.start - 1;
  }
  return out;
}

function cutSignature(lines: string[]): string[] {
  const kept = lines.filter((l) => l.length > 200 || !MOBILE_SIGNATURE.test(l));
  // RFC 3676 signature separator "-- " (also tolerated without the space).
  for (let i = kept.length - 1; i >= 0; i--) {
    if (/^-- ?$/.test(kept[i]!)) return kept.slice(0, i);
  }
  return kept;
}

/** Above this size quotes are dropped line by line instead of with email-reply-parser. */
const REPLY_PARSER_MAX = 100_000;
/**
 * email-reply-parser runs backtracking regexes (e.g. /^(.*)[0-9]{4}(.*)from(.*)<(.*)>:$/)
 * on every line, which go polynomial on long lines: a 7,000-character line took 9 s. Quote
 * headers and signatures are short, so longer lines are swapped for short placeholders
 * (keeping their leading "> " quote markers) while it runs, and put back afterwards.
 */
const REPLY_PARSER_MAX_LINE = 250;

function visibleText(text: string): string {
  const lines = text.split("\n");
  if (text.length > REPLY_PARSER_MAX) return lines.filter((l) => !QUOTED_LINE.test(l)).join("\n");
  const long: string[] = [];
  const masked = lines.map((line) => {
    if (line.length <= REPLY_PARSER_MAX_LINE) return line;
    const prefix = /^[\s>]{0,40}/.exec(line)![0];
    long.push(line.slice(prefix.length));
    return `${prefix}\uE000${long.length - 1}\uE001`;
  });
  let visible: string;
  try {
    visible = replyParserVisibleText(masked.join("\n"));
  } catch {
    return text;
  }
  return long.length === 0 ? visible : visible.replace(/\uE000(\d+)\uE001/g, (token, i: string) => long[Number(i)] ?? token);
}

// ---- email-reply-parser, without its cost --------------------------------------------------
//
// `new EmailReplyParser().read(text).getVisibleText()` (v2.3.9) cost ~0.6 ms a message, a
// third of all parsing: it reverses the text character by character, and runs its 25
// signature regexes twice on every line and its 31 quote-header regexes over the whole text
// and on every line before a blank one. This is the same algorithm on the same regexes (so
// the same output, which a test checks against the library), except that a regex runs only
// where a cheap test finds text it cannot match without: a keyword of it, or a line start.
// Text the port has not been checked for (other line terminators) goes to the library.

/* eslint-disable no-useless-escape -- copied verbatim from email-reply-parser */
/** The library's quote-header regexes, in its order, each with a string any match contains. */
const ERP_QUOTE_HEADERS: [RegExp, string][] = [
  [/^-*\s*(On\s.+\s.+\n?wrote:{0,1})\s{0,1}-*$/m, "wrote"],
  [/^-*\s*(Le\s.+\s.+\n?écrit\s?:{0,1})\s{0,1}-*$/m, "écrit"],
  [/^-*\s*(El\s.+\s.+\n?escribió:{0,1})\s{0,1}-*$/m, "escribió"],
  [/^-*\s*(Il\s.+\s.+\n?scritto:{0,1})\s{0,1}-*$/m, "scritto"],
  [/^-*\s*(Em\s.+\s.+\n?escreveu:{0,1})\s{0,1}-*$/m, "escreveu"],
  [/^\s*(Am\s.+\s)\n?\n?schrieb.+\s?(\[|<).+(\]|>):$/m, "schrieb"],
  [/^\s*(Op\s[\s\S]+?\n?schreef[\s\S]+:)$/m, "schreef"],
  [/^\s*((W\sdniu|Dnia)\s[\s\S]+?(pisze|napisał(\(a\))?):)$/mu, "pis"],
  [/^\s*(Den\s.+\s\n?skrev\s.+:)$/m, "skrev"],
  [/^\s*(pe\s.+\s.+\n?kirjoitti:)$/m, "kirjoitti"],
  [/^\s*(Am\s.+\sum\s.+\s\n?schrieb\s.+:)$/m, "schrieb"],
  [/^\s*(ср\,\s.+\n?\u202fг\. в\s.+,\s.+[\[|<].+[\]|>]:)$/m, "г. в"], // (a narrow no-break space before г, as in the library)
  [/^(在[\s\S]+写道：)$/m, "写道："],
  [/^(20[0-9]{2}\..+\s작성:)$/m, "작성:"],
  [/^(20[0-9]{2}\/.+のメッセージ:)$/m, "のメッセージ:"],
  [/^(.+\s<.+>\sschrieb:)$/m, "schrieb:"],
  [/^(.+\son.*at.*wrote:)$/m, "wrote:"],
  [/^\s*(From\s?:.+\s?\n?\s*[\[|<].+[\]|>])/m, "From"],
  [/^\s*(Von\s?:.+\s?\n?\s*[\[|<].+[\]|>])/m, "Von"],
  [/^\s*(De\s?:.+\s?\n?\s*(\[|<).+(\]|>))/m, "De"],
  [/^\s*(Van\s?:.+\s?\n?\s*(\[|<).+(\]|>))/m, "Van"],
  [/^\s*(Da\s?:.+\s?\n?\s*(\[|<).+(\]|>))/m, "Da"],
  [/^(20[0-9]{2})-([0-9]{2}).([0-9]{2}).([0-9]{2}):([0-9]{2})\n?(.*)>:$/m, ">:"],
  [/^\s*([a-z]{3,4}\.\s[\s\S]+\sskrev\s[\s\S]+:)$/m, "skrev"],
  [/^([0-9]{2}).([0-9]{2}).(20[0-9]{2})(.*)(([0-9]{2}).([0-9]{2}))(.*)\"( *)<(.*)>( *):$/m, "<"],
  [/^[0-9]{2}:[0-9]{2}(.*)[0-9]{4}(.*)\"( *)<(.*)>( *):$/, "<"],
  [/^(.*)[0-9]{4}(.*)from(.*)<(.*)>:$/, "from"],
  // Case-insensitive ones: their keyword is looked for in the lowercased text.
  [/^-{1,12} ?(O|o)riginal (M|m)essage ?-{1,12}$/i, "riginal"],
  [/^-{1,12} ?(O|o)prindelig (B|b)esked ?-{1,12}$/i, "prindelig"],
  [/^-{1,12} ?(M|m)essage d\'origine ?-{1,12}$/i, "origine"],
  [/^-{1,12} ?(U|u)rsprüngliche (N|n)achricht ?-{0,12}$/i, "achricht"],
];

const ERP_SIGNATURES: RegExp[] = [
  /^\s*-{2,4}$/,
  /^\s*_{2,4}$/,
  /^-- $/,
  /^\+{2,4}$/,
  /^\={2,4}$/,
  /^________________________________$/,
  /^Sent from (?:\s*.+)$/,
  /^Get Outlook for (?:\s*.+).*/m,
  /^Cheers,?!?$/im,
  /^Best wishes,?!?$/im,
  /^\w{0,20}\s?(\sand\s)?Regards,?!?！?$/im,
  /^Von (?:\s*.+) gesendet$/,
  /^Gesendet von (?:\s*.+) für (?:\s*.+)$/,
  /^Sendt fra (?:\s*.+)$/,
  /^Envoyé depuis (?:\s*.+)$/,
  /^Envoyé de mon (?:\s*.+)$/,
  /^Envoyé à partir de (?:\s*.+)$/,
  /^Télécharger Outlook pour (?:\s*.+).*/m,
  /^Bien . vous,?!?$/im,
  /^\w{0,20}\s?cordialement,?!?$/im,
  /^Bonne (journ.e|soir.e)!?$/im,
  /^Enviado desde (?:\s*.+)$/,
  /^-*\s*(In\sdata\s.+\s.+\n?scritto:{0,1})\s{0,1}-*$/m,
  /^Verzonden vanaf (?:\s*.+)$/,
  /^Verstuurd vanaf (?:\s*.+)$/,
];
/* eslint-enable no-useless-escape */
/** A line no signature regex can match lacks all of these (matched on a single line). */
const ERP_SIGNATURE_HINT = /--|__|\+\+|==|^(?:Sent from |Get Outlook for |Von |Gesendet von |Sendt fra |Envoy|Télécharger Outlook pour |Enviado desde |Ver)|cheers|best wishes|regards|vous|cordialement|bonne |scritto/i;
/** Likewise for the quote-header regexes (the keywords of ERP_QUOTE_HEADERS, and "<"/">:"). */
const ERP_QUOTE_HEADER_HINT = /wrote|écrit|escribió|scritto|escreveu|schrieb|schreef|pis|skrev|kirjoitti|г\. в|写道：|작성:|のメッセージ:|From|Von|De|Van|Da|>:|<|riginal|prindelig|origine|achricht/i;

const isErpSignature = (line: string): boolean => ERP_SIGNATURE_HINT.test(line) && ERP_SIGNATURES.some((r) => r.test(line));
const isErpQuoteHeader = (line: string): boolean => ERP_QUOTE_HEADER_HINT.test(line) && ERP_QUOTE_HEADERS.some(([r]) => r.test(line));

/** The library's fixBrokenSignatures: a quote header wrapped over lines is joined. */
function erpJoinWrappedHeaders(text: string): string {
  let out = text;
  let lower = out.toLowerCase();
  for (const [regex, keyword] of ERP_QUOTE_HEADERS) {
    if (!(regex.flags.includes("i") ? lower : out).includes(keyword)) continue;
    const match = out.match(regex);
    if (match) {
      const group = match[1]!;
      const joined = out.replace(group, group.replace(/\n/g, " "));
      if (joined !== out) {
        out = joined;
        lower = out.toLowerCase();
      }
    }
  }
  return out;
}

type ErpFragment = { lines: string[]; lastIsSignature: boolean; quoted: boolean; signature: boolean };

/**
 * `new EmailReplyParser().read(text).getVisibleText()`, faster. The library walks the
 * lines bottom-up (on reversed strings); this walks them bottom-up unreversed.
 */
export function replyParserVisibleText(text: string): string {
  if (/[\r\u2028\u2029]/.test(text)) return new EmailReplyParser().read(text).getVisibleText();
  const lines = erpJoinWrappedHeaders(text).split("\n");
  const done: ErpFragment[] = [];
  const add = (f: ErpFragment) => done.push(f);
  let fragment: ErpFragment | null = null;
  for (let i = lines.length - 1; i >= 0; i--) {
    let line = lines[i]!;
    // (the library trims the reversed line's start: the line's end)
    if (!isErpSignature(line)) line = line.trimEnd();
    if (fragment) {
      const last = fragment.lines[fragment.lines.length - 1]!;
      if (fragment.lastIsSignature) {
        fragment.signature = true;
        add(fragment);
        fragment = null;
      } else if (line === "" && isErpQuoteHeader(last)) {
        fragment.quoted = true;
        add(fragment);
        fragment = null;
      }
    }
    const quoted = line.startsWith(">");
    if (fragment === null || !(fragment.quoted === quoted || (fragment.quoted && (line === "" || isErpQuoteHeader(line))))) {
      if (fragment !== null) add(fragment);
      fragment = { lines: [], lastIsSignature: false, quoted, signature: false };
    }
    fragment.lines.push(line);
    fragment.lastIsSignature = isErpSignature(line);
  }
  if (fragment !== null) add(fragment);
  const visible: string[] = [];
  for (let i = done.length - 1; i >= 0; i--) {
    const f = done[i]!;
    if (f.quoted || f.signature || f.lines.join("") === "") continue;
    visible.push(f.lines.reverse().join("\n").replace(/^\n/, ""));
  }
  // (the library's .replace(/~*$/, ""), without a regex that is tried at every position)
  const joined = visible.join("\n");
  let end = joined.length;
  while (end > 0 && joined.charCodeAt(end - 1) === 0x7e) end--;
  return joined.slice(0, end);
}

/**
 * The new text of a message: quoted history ("On ... wrote:" in common languages, Outlook
 * "Original Message" and "From:/Sent:" blocks, ">" lines) and signatures ("-- ",
 * "Sent from my iPhone"-style lines, and email-reply-parser's sign-off heuristics) removed.
 * Never returns an empty string for input with content: then the input comes back as is.
 */
export function trimQuotedAndSignature(text: string): string {
  if (!text || !text.trim()) return text;
  try {
    const lines = text.replace(/\r\n?/g, "\n").split("\n");
    const cut = cutSignature(cutAtQuoteHeaders(lines));
    const result = tidy(visibleText(cut.join("\n")))
      // a dangling separator rule left above a removed block
      .replace(/\n[ \t]*(?:_{5,}|-{5,}|={5,})[ \t]*$/, "")
      .trim();
    return result ? result : text;
  } catch {
    return text;
  }
}
