import { z } from "zod";
import type { Address } from "@/server/channels/types";
import { formatOffset, resolveDateText } from "../local/dates";
import {
  type Analysis,
  type AnalysisInput,
  type Classification,
  type MeetingSuggestion,
  type TaskSuggestion,
  CATEGORIES,
  TASK_PRIORITIES,
  classificationSchema,
} from "../types";
import { UNTRUSTED_DATA_RULE, contextLines, messageBlock } from "./prompt-data";

// Classification, tasks and meeting of one message in one structured-output call. The
// model copies dates as written ("by Friday 5pm"); they are resolved here with the same
// code the local engine uses, against the message's own date and offset, so both engines
// put a deadline on the same instant.

/** Body budget in estimated tokens: with the prompt and schema the request stays under ~6k. */
export const ANALYZE_BODY_TOKENS = 3_500;

/** What the model answers. Every field required (strict structured outputs): null, not absent. */
export const analysisOutputSchema = z.object({
  classification: classificationSchema,
  tasks: z.array(
    z.object({
      title: z.string(),
      description: z.string().nullable(),
      dueText: z.string().nullable(),
      priority: z.enum(TASK_PRIORITIES),
    }),
  ),
  meeting: z.object({
    detected: z.boolean(),
    title: z.string().nullable(),
    startText: z.string().nullable(),
    durationMinutes: z.number().nullable(),
    location: z.string().nullable(),
    attendeeEmails: z.array(z.string()),
  }),
});
export type AnalysisOutput = z.infer<typeof analysisOutputSchema>;

export const ANALYZE_SYSTEM_PROMPT = `You are Aiva's email triage assistant. You read one message from the inbox owner's mailbox and describe it for the owner, who is "you" in what you write.

${UNTRUSTED_DATA_RULE}

Answer with one JSON object in the requested schema:

classification
- priority: "urgent" needs the owner within hours (an outage, a security incident, a deadline today, a customer or manager blocked); "high" needs a reply or action within a day or two; "medium" is worth reading, no pressing deadline; "low" is informational; "noise" is bulk, promotional or automated mail nobody needs to read.
- category: one of ${CATEGORIES.map((c) => `"${c}"`).join(", ")}. "meeting_request" when the main point is arranging a meeting; "security" for sign-in alerts, password resets, suspicious activity; "finance" for invoices, payments, receipts, banking; "customer" for the owner's customers; "sales_lead" for prospective customers; "notification" for automated messages from services; "spam" for unsolicited or fraudulent mail.
- sentiment: the writer's tone: "positive", "neutral", "negative" or "mixed".
- actionability: "reply_needed" when the writer expects an answer; "action_required" when the owner must do something other than reply; "scheduling" when a time is being arranged; "fyi"; "none".
- summary: two or three sentences. shortSummary: one line of at most 90 characters for the inbox list. keyPoints: up to five short points, [] when there is nothing beyond the summary. Write these, the reason and task titles in the language of the message.
- confidence: 0 to 1, how sure you are of priority and category.
- reason: one line starting with the priority and a colon, addressing the owner as "you", e.g. "high: your manager asks for the budget by Friday".
- spam: unsolicited bulk or fraudulent mail (phishing, scams). bulk: sent to many (newsletters, marketing, lists, automated notifications).

tasks: concrete things the owner is asked to do or has promised to do; [] when there are none. Never a task for what someone else will do.
- title: short and imperative ("Send the Q3 budget to Dana"); description: one sentence of context, or null.
- dueText: the deadline copied exactly as written in the message ("by Friday 5pm", "tomorrow", "March 3"), or null. Never compute, convert or reformat dates; Aiva resolves them.
- priority: "urgent", "high", "medium" or "low".

meeting: detected is true only when the message proposes, requests or confirms a meeting or call with the owner (not for webinars or events advertised to many). When detected:
- title: a short title for the calendar; startText: the proposed start copied exactly as written ("next Tuesday at 3pm"), or null when no time is named; durationMinutes: when stated, else null; location: an address, room or video link, or null; attendeeEmails: email addresses from the message of the people who should attend besides the owner (usually the sender).
When not detected: title, startText, durationMinutes and location are null and attendeeEmails is [].`;

/** The chat messages of an analysis request. */
export function analyzeMessages(input: AnalysisInput): { role: "system" | "user"; content: string }[] {
  const user = [
    "Analyze the message in the message block below. Facts Aiva knows (trusted):",
    ...contextLines(input.message, input.owner, input.sender).map((l) => `- ${l}`),
    "",
    messageBlock(input.message, ANALYZE_BODY_TOKENS),
  ].join("\n");
  return [
    { role: "system", content: ANALYZE_SYSTEM_PROMPT },
    { role: "user", content: user },
  ];
}

// ---- output → Analysis -------------------------------------------------------------------

const oneLine = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
};
const orNull = (text: string | null) => (text?.trim() ? text.trim() : null);

function toClassification(c: Classification): Classification {
  const reason = oneLine(c.reason, 300);
  return {
    ...c,
    summary: c.summary.trim(),
    shortSummary: oneLine(c.shortSummary || c.summary, 90),
    keyPoints: c.keyPoints.map((p) => oneLine(p, 300)).filter(Boolean).slice(0, 6),
    // The inbox shows the reason as "priority: why"; models sometimes forget the prefix.
    reason: reason.toLowerCase().startsWith(c.priority) ? reason : `${c.priority}: ${reason}`,
  };
}

function toTasks(tasks: AnalysisOutput["tasks"], input: AnalysisInput): TaskSuggestion[] {
  return tasks
    .filter((t) => t.title.trim())
    .slice(0, 10)
    .map((t) => {
      const dueText = orNull(t.dueText);
      const resolved = dueText ? resolveDateText(dueText, input.message, { forwardDate: true }) : null;
      return {
        title: oneLine(t.title, 200),
        description: orNull(t.description),
        dueText,
        due: resolved?.date ?? null,
        dueAllDay: resolved?.allDay ?? false,
        priority: t.priority,
      };
    });
}

const isEmail = (value: string) => z.email().safeParse(value).success;

/** Attendee emails as Addresses, named from the message's (and thread's) headers when known. */
function toAttendees(emails: string[], input: AnalysisInput): Address[] {
  const names = new Map<string, string | null>();
  for (const m of [input.message, ...input.thread]) {
    for (const a of [m.from, ...m.to, ...m.cc]) {
      if (!a) continue;
      const key = a.email.toLowerCase();
      if (!names.get(key)) names.set(key, a.name?.trim() || null);
    }
  }
  const owner = new Set(input.owner.emails.map((e) => e.toLowerCase()));
  const seen = new Set<string>();
  const attendees: Address[] = [];
  for (const raw of emails) {
    const email = raw.trim().replace(/^mailto:/i, "").toLowerCase();
    if (!isEmail(email) || owner.has(email) || seen.has(email)) continue;
    seen.add(email);
    attendees.push({ name: names.get(email) ?? null, email });
  }
  return attendees.slice(0, 20);
}

function toMeeting(m: AnalysisOutput["meeting"], input: AnalysisInput): MeetingSuggestion | null {
  if (!m.detected) return null;
  const startText = orNull(m.startText);
  const resolved = startText ? resolveDateText(startText, input.message, { forwardDate: true }) : null;
  const allDay = resolved?.allDay ?? false;
  const stated = m.durationMinutes !== null && m.durationMinutes > 0 ? Math.round(m.durationMinutes) : null;
  const { utcOffsetMinutes } = input.message;
  return {
    title: oneLine(orNull(m.title) ?? orNull(input.message.subject) ?? "Meeting", 200),
    startText,
    start: resolved?.date ?? null,
    durationMinutes: Math.min(stated ?? (allDay ? 24 * 60 : 30), 24 * 60),
    allDay,
    location: orNull(m.location),
    attendees: toAttendees(m.attendeeEmails, input),
    timezone: utcOffsetMinutes === null ? null : formatOffset(utcOffsetMinutes),
  };
}

/** The engine's Analysis from a validated model answer. */
export function toAnalysis(output: AnalysisOutput, input: AnalysisInput): Analysis {
  return {
    classification: toClassification(output.classification),
    tasks: toTasks(output.tasks, input),
    meeting: toMeeting(output.meeting, input),
  };
}
