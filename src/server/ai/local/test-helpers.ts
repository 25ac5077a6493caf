import type { AiMessage, AnalysisInput, SenderHistory } from "../types";

// Small inline fixtures for the local engine's tests: messages written on Monday
// 14 May 2001 at 10:00 in a -07:00 offset, so relative dates have a fixed anchor.

export const MONDAY = new Date("2001-05-14T10:00:00-07:00");

export const OWNER = { name: "Sam Owner", email: "sam@example.com" };

export function aiMessage(fields: Partial<AiMessage> = {}): AiMessage {
  return {
    subject: null,
    from: { name: "Jeff Skilling", email: "jeff.skilling@example.com" },
    to: [OWNER],
    cc: [],
    sentAt: MONDAY,
    utcOffsetMinutes: -420,
    bodyText: "",
    fullText: null,
    headers: {},
    labels: [],
    direction: "inbound",
    attachments: [],
    calendar: [],
    ...fields,
  };
}

export function inputOf(message: AiMessage, sender: SenderHistory | null = null): AnalysisInput {
  return { message, sender, owner: { name: OWNER.name, emails: [OWNER.email] }, thread: [] };
}
