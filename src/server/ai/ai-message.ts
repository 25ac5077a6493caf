import type { NormalizedMessage } from "@/server/channels/types";
import { mailDateOffsetMinutes } from "@/server/mail/parse-mime";
import type { AiMessage } from "./types";

/** Longest body an engine is shown; the rest of a long message rarely changes its meaning. */
export const AI_BODY_CAP = 12_000;

const cap = (text: string | null | undefined, max = AI_BODY_CAP) => (text && text.length > max ? text.slice(0, max) : text ?? "");

/** The engine's view of a freshly parsed message (the eval command, tests). */
export function aiMessageFromNormalized(m: NormalizedMessage): AiMessage {
  const bodyText = cap(m.bodyText || m.fullText || m.snippet);
  return {
    subject: m.subject,
    from: m.from,
    to: m.to,
    cc: m.cc,
    sentAt: m.sentAt,
    utcOffsetMinutes: mailDateOffsetMinutes(m.headers.date),
    bodyText,
    fullText: m.fullText && m.fullText !== m.bodyText ? cap(m.fullText) : null,
    headers: m.headers,
    labels: m.labels,
    direction: m.direction,
    attachments: m.attachments.map((a) => ({ filename: a.filename, mimeType: a.mimeType })),
    calendar: m.calendar,
  };
}

/** A stored message row, as the background pipeline loads it. */
export type StoredAiFields = {
  subject: string | null;
  senderName: string | null;
  senderEmail: string | null;
  recipients: { to: AiMessage["to"]; cc: AiMessage["cc"] };
  sentAt: Date | null;
  bodyText: string | null;
  fullText: string | null;
  snippet: string | null;
  headers: Record<string, string>;
  labels: string[];
  direction: "inbound" | "outbound";
  attachments: { filename: string | null; mimeType: string }[];
  calendarParts: AiMessage["calendar"];
};

export function aiMessageFromStored(row: StoredAiFields): AiMessage {
  const bodyText = cap(row.bodyText || row.fullText || row.snippet);
  return {
    subject: row.subject,
    from: row.senderEmail ? { name: row.senderName, email: row.senderEmail } : null,
    to: row.recipients.to ?? [],
    cc: row.recipients.cc ?? [],
    sentAt: row.sentAt,
    utcOffsetMinutes: mailDateOffsetMinutes(row.headers.date),
    bodyText,
    fullText: row.fullText && row.fullText !== row.bodyText ? cap(row.fullText) : null,
    headers: row.headers,
    labels: row.labels,
    direction: row.direction,
    attachments: row.attachments.map((a) => ({ filename: a.filename, mimeType: a.mimeType })),
    calendar: row.calendarParts,
  };
}
