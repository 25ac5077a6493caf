// Raw RFC 822 / MIME message → NormalizedMessage, with postal-mime doing the MIME work
// (charsets, RFC 2047/2231, multipart trees, transfer encodings).
//
// parseMime never throws. When the bytes are not a usable message, or anything below
// fails, the result carries `parseError` (a short reason) and `rawSource` (the raw text),
// a best-effort subject and sender from a naive header scan, and nothing else.

import { createHash } from "node:crypto";
import PostalMime, { addressParser, decodeWords } from "postal-mime";
import type { Address as PostalAddress, Attachment, Email, Mailbox } from "postal-mime";
import type { Address, AttachmentMeta, CalendarPart, NormalizedMessage } from "../channels/types";
import { cleanId, parseMessageIds } from "./message-ids";
import { toPlainText, trimQuotedAndSignature } from "./plain-text";
import { sanitizeEmailHtml } from "./sanitize-html";

export type ParseMimeOptions = {
  direction?: "inbound" | "outbound";
  /** The provider's own id for the message; by default the Message-ID, else a hash of the bytes. */
  providerMessageId?: string;
};

// Limits, in characters (JS string length).
export const TEXT_CAP = 200 * 1024;
export const HTML_CAP = 500 * 1024;
export const RAW_SOURCE_CAP = 2 * 1024 * 1024;
const ICS_CAP = 1024 * 1024;
/** Above this many bytes the message is not handed to the MIME parser at all. */
export const MAX_PARSE_BYTES = 64 * 1024 * 1024;
const SNIPPET_LENGTH = 200;
const HEADER_VALUE_CAP = 2000;
const MAX_REFERENCES = 100;

/** Header signals kept for the AI pre-filter; everything else is dropped. */
const HEADER_WHITELIST = new Set([
  "list-unsubscribe",
  "list-unsubscribe-post",
  "list-id",
  "precedence",
  "auto-submitted",
  "x-auto-response-suppress",
  "return-path",
  "x-mailer",
  "content-type",
  // The writer's timezone (relative dates in the text resolve against it) and urgency marks
  "date",
  "importance",
  "priority",
  "x-priority",
  "x-msmail-priority",
  // Bulk senders' and filters' marks
  "list-post",
  "feedback-id",
  "x-spam-flag",
  // Gmail Takeout (mbox export) hints
  "x-gmail-labels",
  "x-gm-thrid",
]);

// ---- small helpers -----------------------------------------------------------------------

function toBuffer(raw: Uint8Array | Buffer | string): Buffer {
  if (typeof raw === "string") return Buffer.from(raw, "utf8");
  if (Buffer.isBuffer(raw)) return raw;
  return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
}

function sha256Id(bytes: Buffer): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

/** Strips NULs (Postgres text rejects them) and other C0 controls except tab/newline. */
function stripControls(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "");
}

/** One-line header-ish value: controls and folding removed, whitespace collapsed. */
function oneLine(value: string, cap = HEADER_VALUE_CAP): string {
  // eslint-disable-next-line no-control-regex
  const flat = fixC1(value).replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim();
  return flat.length > cap ? flat.slice(0, cap) : flat;
}

/** Cuts at `cap` characters without splitting a surrogate pair. */
function cut(value: string, cap: number): string {
  if (value.length <= cap) return value;
  let end = cap;
  const code = value.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return value.slice(0, end);
}

function formatSize(chars: number): string {
  if (chars >= 1024 * 1024) return `${(chars / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.round(chars / 1024)} KB`;
}

// Node 20.18.3+ / 22.13+ decode windows-1252 (and the latin1/iso-8859-1/ascii labels,
// which WHATWG maps to it) as ISO-8859-1: bytes 0x80-0x9F come out as C1 control
// characters instead of € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ
// (nodejs/node#60888). Mail text never means C1 controls, so map them back everywhere.
const CP1252_C1: Record<number, string> = {
  0x80: "\u20ac", 0x82: "\u201a", 0x83: "\u0192", 0x84: "\u201e", 0x85: "\u2026", 0x86: "\u2020", 0x87: "\u2021",
  0x88: "\u02c6", 0x89: "\u2030", 0x8a: "\u0160", 0x8b: "\u2039", 0x8c: "\u0152", 0x8e: "\u017d", 0x91: "\u2018",
  0x92: "\u2019", 0x93: "\u201c", 0x94: "\u201d", 0x95: "\u2022", 0x96: "\u2013", 0x97: "\u2014", 0x98: "\u02dc",
  0x99: "\u2122", 0x9a: "\u0161", 0x9b: "\u203a", 0x9c: "\u0153", 0x9e: "\u017e", 0x9f: "\u0178",
};

export function fixC1(value: string): string {
  return value.replace(/[\u0080-\u009f]/g, (ch) => CP1252_C1[ch.charCodeAt(0)] ?? ch);
}

function safeDecodeWords(value: string): string {
  try {
    return decodeWords(value);
  } catch {
    return value;
  }
}

// ---- ids ---------------------------------------------------------------------------------

export { parseMessageIds };

/** Message-ID as a dedup key: must be local@host; the host part is lowercased. */
function messageIdKey(id: string | null): string | null {
  if (!id) return null;
  const at = id.lastIndexOf("@");
  if (at <= 0 || at === id.length - 1) return null;
  return `${id.slice(0, at)}@${id.slice(at + 1).toLowerCase()}`;
}

// ---- addresses ---------------------------------------------------------------------------

function mailboxes(value: PostalAddress | PostalAddress[] | undefined): Mailbox[] {
  if (!value) return [];
  const list = Array.isArray(value) ? value : [value];
  const out: Mailbox[] = [];
  for (const entry of list) {
    if (entry.group) out.push(...entry.group);
    else out.push(entry);
  }
  return out;
}

function toAddress(mailbox: Mailbox): Address | null {
  const email = oneLine(mailbox.address ?? "", 320).replace(/^<|>$/g, "");
  if (!email) return null;
  const name = oneLine(mailbox.name ?? "", 320).replace(/^["']+|["']+$/g, "").trim();
  return { name: name && name !== email ? name : null, email };
}

function toAddresses(value: PostalAddress | PostalAddress[] | undefined): Address[] {
  const out: Address[] = [];
  const seen = new Set<string>();
  // `Nissen, Dan E <dan@x>` (an unquoted comma in the display name) parses as a name-only
  // "Nissen" followed by "Dan E <dan@x>"; glue such name-only pieces back on.
  let pendingNames: string[] = [];
  for (const mailbox of mailboxes(value)) {
    const address = toAddress(mailbox);
    if (!address) {
      const name = oneLine(mailbox.name ?? "", 320);
      pendingNames = name && !name.includes("@") && pendingNames.length < 2 ? [...pendingNames, name] : [];
      continue;
    }
    if (pendingNames.length > 0 && address.name) address.name = [...pendingNames, address.name].join(", ");
    pendingNames = [];
    const key = address.email.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(address);
  }
  return out;
}

// ---- labels ------------------------------------------------------------------------------

/** X-Gmail-Labels (Google Takeout): comma-separated, labels with commas are double-quoted. */
export function parseGmailLabels(value: string | null | undefined): string[] {
  if (!value) return [];
  const decoded = safeDecodeWords(value);
  const labels: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of decoded) {
    if (ch === '"') quoted = !quoted;
    else if (ch === "," && !quoted) {
      labels.push(current);
      current = "";
    } else current += ch;
  }
  labels.push(current);
  return [...new Set(labels.map((l) => oneLine(l, 200)).filter(Boolean))];
}

// ---- dates -------------------------------------------------------------------------------

const MONTHS: Record<string, number> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };
const ZONES: Record<string, number> = { ut: 0, utc: 0, gmt: 0, z: 0, est: -5, edt: -4, cst: -6, cdt: -5, mst: -7, mdt: -6, pst: -8, pdt: -7 };
const RFC5322_DATE =
  /^\s*(?:[a-z]{2,9}(?:\s*,\s*|\s+))?(\d{1,2})[\s-]+([a-z]{3})[a-z]*\.?[\s-]+(\d{2,4})\s+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\.\d+)?\s*([+-]\d{2}:?\d{2}|[a-z]{1,5})?/i;

/**
 * The writer's UTC offset in minutes east of UTC from a Date header ("+0200" → 120,
 * "EST" → -300), or null when the header names none. Relative dates in the text
 * ("tomorrow at 3") mean the writer's local time.
 */
export function mailDateOffsetMinutes(value: string | undefined | null): number | null {
  if (!value) return null;
  const m = RFC5322_DATE.exec(value.slice(0, 300));
  const zone = m?.[7]?.toLowerCase();
  if (!zone) return null;
  if (/^[+-]/.test(zone)) {
    const digits = zone.replace(":", "");
    const minutes = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * (digits[0] === "-" ? -1 : 1);
    return Math.abs(minutes) <= 14 * 60 ? minutes : null;
  }
  return zone in ZONES ? ZONES[zone]! * 60 : null;
}

/** RFC 5322 date (with the usual deviations); V8's lenient parser only as a fallback. */
export function parseMailDate(value: string | undefined | null): Date | null {
  if (!value) return null;
  value = value.slice(0, 300);
  let date: Date;
  const m = RFC5322_DATE.exec(value);
  const month = m ? MONTHS[m[2]!.toLowerCase()] : undefined;
  if (m && month !== undefined) {
    let year = Number(m[3]);
    // RFC 5322 4.3: two-digit years 00-49 are 20xx, 50-99 19xx; three digits add 1900
    if (m[3]!.length === 2) year += year < 50 ? 2000 : 1900;
    else if (m[3]!.length === 3) year += 1900;
    // (checked here too: Date.UTC maps years 0-99 to 1900-1999)
    if (year < 1900 || year > 2200) return null;
    const zone = m[7]?.toLowerCase();
    let offsetMinutes = 0;
    if (zone && /^[+-]/.test(zone)) {
      const digits = zone.replace(":", "");
      offsetMinutes = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * (digits[0] === "-" ? -1 : 1);
    } else if (zone && zone in ZONES) {
      offsetMinutes = ZONES[zone]! * 60;
    }
    const utc = Date.UTC(year, month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
    date = new Date(utc - offsetMinutes * 60_000);
  } else {
    date = new Date(value);
  }
  const time = date.getTime();
  if (Number.isNaN(time)) return null;
  const year = date.getUTCFullYear();
  // Outside this range the value is garbage that happened to parse (and some would not
  // even fit a Postgres timestamp).
  if (year < 1900 || year > 2200) return null;
  return date;
}

// ---- attachments and calendar ------------------------------------------------------------

function contentSize(content: Attachment["content"]): number {
  if (typeof content === "string") return Buffer.byteLength(content);
  return content.byteLength;
}

function contentText(content: Attachment["content"]): string {
  if (typeof content === "string") return content;
  const view = content instanceof Uint8Array ? content : new Uint8Array(content);
  return new TextDecoder("utf-8").decode(view);
}

function isCalendar(attachment: Attachment): boolean {
  const type = attachment.mimeType.toLowerCase();
  if (type === "text/calendar" || type === "application/ics" || type === "text/x-vcalendar") return true;
  return /\.ics$/i.test(attachment.filename ?? "") && contentSize(attachment.content) < ICS_CAP;
}

function calendarPart(attachment: Attachment): CalendarPart | null {
  const text = fixC1(stripControls(contentText(attachment.content))).replace(/\r\n?/g, "\n");
  if (!/BEGIN:VCALENDAR/i.test(text)) return null;
  const ics = `${cut(text, ICS_CAP).trimEnd()}\n`;
  const fromIcs = /^METHOD:([^\n]*)$/im.exec(ics)?.[1];
  const method = (attachment.method ?? fromIcs ?? "").trim().toUpperCase();
  return { method: method || null, ics };
}

/** What Aiva stores about an attachment (also how a download recognises the same one again). */
export function attachmentMeta(attachment: Attachment): AttachmentMeta {
  const disposition = attachment.disposition?.toLowerCase();
  const filename = attachment.filename ? oneLine(attachment.filename, 500) : "";
  const contentId = attachment.contentId ? cleanId(attachment.contentId) : null;
  return {
    filename: filename || null,
    mimeType: (attachment.mimeType || "application/octet-stream").toLowerCase(),
    size: contentSize(attachment.content),
    contentId,
    disposition: disposition === "attachment" || disposition === "inline" ? disposition : null,
  };
}

// ---- bodies ------------------------------------------------------------------------------

function makeSnippet(text: string | null): string | null {
  if (!text) return null;
  const flat = text.slice(0, SNIPPET_LENGTH * 8).replace(/\s+/g, " ").trim();
  if (!flat) return null;
  if (flat.length <= SNIPPET_LENGTH) return flat;
  const head = cut(flat, SNIPPET_LENGTH);
  const space = head.lastIndexOf(" ");
  return (space > SNIPPET_LENGTH * 0.7 ? head.slice(0, space) : head).trim();
}

/** Whether postal-mime saw a real part of this type (it synthesizes the other one). */
function seenTextTypes(parser: PostalMime): { plain: boolean; html: boolean } | null {
  const types = (parser as unknown as { textTypes?: unknown }).textTypes;
  if (!(types instanceof Set)) return null;
  return { plain: types.has("plain"), html: types.has("html") };
}

// ---- the naive fallback ------------------------------------------------------------------

function decodeRaw(bytes: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = bytes.toString("latin1");
  }
  return text;
}

/** Subject and From from the header block, without a MIME parser. */
function scanHeaders(text: string): { subject: string | null; from: Address | null; messageId: string | null } {
  const end = text.search(/\r?\n\r?\n/);
  const block = text.slice(0, Math.min(end === -1 ? text.length : end, 256 * 1024));
  const unfolded = block.replace(/\r?\n[ \t]+/g, " ");
  const header = (name: string): string | null => {
    const match = new RegExp(`^${name}[ \\t]*:(.*)$`, "im").exec(unfolded);
    return match ? match[1]!.trim() : null;
  };
  const subjectRaw = header("subject");
  const subject = subjectRaw ? oneLine(safeDecodeWords(subjectRaw), 1000) || null : null;
  let from: Address | null = null;
  const fromRaw = header("from");
  if (fromRaw) {
    try {
      from = toAddresses(addressParser(fromRaw))[0] ?? null;
    } catch {
      from = null;
    }
    if (!from) {
      const email = /[^\s<>"'(),;:@]+@[^\s<>"'(),;:@]+/.exec(fromRaw.slice(0, 1000))?.[0];
      if (email) from = { name: null, email };
    }
  }
  const messageId = parseMessageIds(header("message-id"))[0] ?? null;
  return { subject, from, messageId };
}

function emptyMessage(providerMessageId: string, direction: "inbound" | "outbound"): NormalizedMessage {
  return {
    providerMessageId,
    providerThreadId: null,
    internetMessageId: null,
    inReplyTo: null,
    references: [],
    direction,
    subject: null,
    from: null,
    to: [],
    cc: [],
    bcc: [],
    replyTo: [],
    sentAt: null,
    bodyText: null,
    fullText: null,
    bodyHtml: null,
    snippet: null,
    attachments: [],
    calendar: [],
    headers: {},
    isRead: false,
    isStarred: false,
    isArchived: false,
    labels: [],
    parseError: null,
    rawSource: null,
    providerMeta: {},
  };
}

function failed(reason: string, raw: Uint8Array | Buffer | string, options: ParseMimeOptions): NormalizedMessage {
  const direction = options.direction ?? "inbound";
  let bytes: Buffer | null = null;
  let text = "";
  try {
    bytes = toBuffer(raw);
    text = typeof raw === "string" ? raw : decodeRaw(bytes);
  } catch {
    text = "";
  }
  let scanned: ReturnType<typeof scanHeaders> = { subject: null, from: null, messageId: null };
  try {
    scanned = scanHeaders(text);
  } catch {
    // keep the empty scan
  }
  let providerMessageId = options.providerMessageId;
  if (!providerMessageId) {
    providerMessageId = messageIdKey(scanned.messageId) ?? (bytes ? sha256Id(bytes) : `sha256:${"0".repeat(64)}`);
  }
  const total = text.length;
  // NULs become U+FFFD so the text can be stored; a binary blob stays recognisable.
  let rawSource = cut(text, RAW_SOURCE_CAP).replace(/\u0000/g, "\uFFFD");
  if (total > RAW_SOURCE_CAP) {
    rawSource += `\n[Aiva: raw source truncated at ${formatSize(RAW_SOURCE_CAP)} of ${formatSize(total)}]`;
  }
  return {
    ...emptyMessage(providerMessageId, direction),
    internetMessageId: scanned.messageId,
    subject: scanned.subject,
    from: scanned.from,
    parseError: reason,
    rawSource,
  };
}

// ---- main --------------------------------------------------------------------------------

const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** A reason the bytes are not a MIME message at all, checked before parsing. */
function preflight(bytes: Buffer): string | null {
  if (bytes.length === 0) return "empty message";
  if (bytes.length <= 4096 && bytes.toString("latin1").trim() === "") return "empty message";
  if (bytes.length > MAX_PARSE_BYTES) return `message too large to parse (${formatSize(bytes.length)})`;
  if (bytes.subarray(0, 8).equals(CFB_MAGIC)) return "not a MIME message (Outlook .msg / OLE compound file)";
  const head = bytes.subarray(0, 8192);
  let nul = 0;
  for (let at = head.indexOf(0); at !== -1 && nul <= 16; at = head.indexOf(0, at + 1)) nul++;
  if (nul > 16) return "not a MIME message (binary data)";
  return null;
}

export async function parseMime(
  raw: Uint8Array | Buffer | string,
  options: ParseMimeOptions = {},
): Promise<NormalizedMessage> {
  try {
    return await parseMimeUnsafe(raw, options);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return failed(`MIME parser failed: ${oneLine(reason, 200)}`, raw, options);
  }
}

async function parseMimeUnsafe(raw: Uint8Array | Buffer | string, options: ParseMimeOptions): Promise<NormalizedMessage> {
  const bytes = toBuffer(raw);
  const rejected = preflight(bytes);
  if (rejected) return failed(rejected, raw, options);

  const parser = new PostalMime({ attachmentEncoding: "arraybuffer" });
  const email: Email = await parser.parse(bytes);
  const notes: string[] = [];

  // Headers: first occurrence of each whitelisted one.
  const headers: Record<string, string> = {};
  const rawHeader = (key: string): string | undefined => email.headers.find((h) => h.key === key)?.value;
  for (const header of email.headers) {
    if (HEADER_WHITELIST.has(header.key) && !(header.key in headers)) {
      const value = oneLine(header.value);
      if (value) headers[header.key] = value;
    }
  }

  // Ids.
  const messageIdRaw = rawHeader("message-id");
  const internetMessageId = parseMessageIds(messageIdRaw)[0] ?? null;
  const providerMessageId = options.providerMessageId || messageIdKey(internetMessageId) || sha256Id(bytes);
  let references = parseMessageIds(rawHeader("references"));
  if (references.length > MAX_REFERENCES) {
    references = [references[0]!, ...references.slice(references.length - (MAX_REFERENCES - 1))];
  }
  const inReplyTo = parseMessageIds(rawHeader("in-reply-to"))[0] ?? null;

  // Envelope.
  const subject = email.subject ? oneLine(stripControls(email.subject), 1000) || null : null;
  // postal-mime keeps only the first From entry; parse the header itself to repair names.
  const fromHeader = rawHeader("from");
  const from = (fromHeader ? toAddresses(addressParser(fromHeader))[0] : undefined) ?? toAddresses(email.sender)[0] ?? null;

  // Bodies. postal-mime fills `text` from the HTML (and vice versa) when a part is missing;
  // use only the parts the message really has.
  const seen = seenTextTypes(parser);
  const plainPart = seen ? (seen.plain ? email.text : undefined) : email.text;
  const htmlPart = seen ? (seen.html ? email.html : undefined) : email.html;
  let text = plainPart ? fixC1(stripControls(plainPart)) : null;
  let html = htmlPart ? fixC1(stripControls(htmlPart)) : null;
  if (text !== null && text.length > TEXT_CAP) {
    notes.push(`text part truncated at ${formatSize(TEXT_CAP)} of ${formatSize(text.length)}`);
    text = cut(text, TEXT_CAP);
  }
  let htmlTruncatedFrom = 0;
  if (html !== null && html.length > HTML_CAP) {
    htmlTruncatedFrom = html.length;
    notes.push(`HTML part truncated at ${formatSize(HTML_CAP)} of ${formatSize(html.length)}`);
    html = cut(html, HTML_CAP);
  }

  let fullText = toPlainText(text, html);
  if (fullText !== null && fullText.length > TEXT_CAP) {
    notes.push(`text truncated at ${formatSize(TEXT_CAP)} of ${formatSize(fullText.length)}`);
    fullText = cut(fullText, TEXT_CAP);
  }
  const bodyText = fullText ? trimQuotedAndSignature(fullText) : null;
  if (fullText && notes.length > 0) fullText += `\n\n[Aiva: ${notes.join("; ")}]`;

  let bodyHtml: string | null = null;
  if (html !== null && html.trim()) {
    bodyHtml = sanitizeEmailHtml(html).trim() || null;
    if (bodyHtml && htmlTruncatedFrom) {
      bodyHtml += `<p><em>[Aiva: message truncated at ${formatSize(HTML_CAP)} of ${formatSize(htmlTruncatedFrom)}]</em></p>`;
    }
  }

  // Attachments (metadata only; postal-mime's decoded bytes are dropped with `email`).
  const attachments: AttachmentMeta[] = [];
  const calendar: CalendarPart[] = [];
  for (const attachment of email.attachments) {
    attachments.push(attachmentMeta(attachment));
    if (isCalendar(attachment)) {
      const part = calendarPart(attachment);
      // Google and Outlook send the invite twice: inline text/calendar and invite.ics.
      if (part && !calendar.some((c) => c.ics === part.ics)) calendar.push(part);
    }
  }

  const message: NormalizedMessage = {
    ...emptyMessage(providerMessageId, options.direction ?? "inbound"),
    internetMessageId,
    inReplyTo,
    references,
    subject,
    from,
    to: toAddresses(email.to),
    cc: toAddresses(email.cc),
    bcc: toAddresses(email.bcc),
    replyTo: toAddresses(email.replyTo),
    sentAt: parseMailDate(rawHeader("date")),
    bodyText,
    fullText,
    bodyHtml,
    snippet: makeSnippet(bodyText || fullText),
    attachments,
    calendar,
    headers,
    labels: parseGmailLabels(rawHeader("x-gmail-labels")),
    providerMeta: notes.length > 0 ? { parseNotes: notes } : {},
  };

  if (email.headers.length === 0) {
    return failed("no message headers found", raw, options);
  }
  if (!message.subject && !message.from && !message.fullText) {
    return failed("no subject, sender or body found", raw, options);
  }
  return message;
}
