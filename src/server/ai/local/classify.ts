import type { Actionability, Category, Classification, MeetingSuggestion, Priority, SenderHistory, TaskSuggestion } from "../types";
import {
  CUSTOMER,
  FINANCE,
  FREEMAIL_DOMAIN,
  NOTIFICATION,
  RECEIPT,
  SALES_LEAD,
  SECURITY_ALERT,
  SIGN_IN_CODE,
  SOCIAL,
  SOCIAL_DOMAIN,
  personalLean,
} from "./content";
import { INJECTION, type Intent } from "./requests";
import { sentimentOf } from "./sentiment";
import { hasBulkHeaders, isAutomated, isDiscussionList } from "./signals";
import type { SpamVerdict } from "./spam";
import { summarize } from "./summary";
import { clip, firstName } from "./text";
import { senderLabel, type MessageView } from "./view";

// The local engine's judgement of a message the pre-filter left alone: who it is from
// (a person, a list, a system), what it asks (tasks, questions, a meeting), how urgent
// that is, and a reason a person can check. Rules only: nothing in the message can
// instruct them, and sentences written as instructions to an AI are not read at all.

const URGENT = /\b(?:urgent(?:ly)?|asap|a\.s\.a\.p|immediately|right away|as soon as possible|emergency|critical|time[- ]sensitive|top priority)\b/i;
const IMPORTANT = /\b(?:important|priority|deadline|at risk|escalat\w*|overdue|blocking|blocker)\b/i;
const FYI = /\b(?:fyi|for your (?:information|reference|records)|no action (?:needed|required)|just (?:a heads[- ]up|letting you know|so you know))\b/i;

export type ClassifyContext = {
  view: MessageView;
  sender: SenderHistory | null;
  verdict: SpamVerdict;
  intents: Intent[];
  tasks: TaskSuggestion[];
  meeting: MeetingSuggestion | null;
};

/** The sender's own text without sentences addressed to an AI. */
export function readableText(view: MessageView): string {
  return view.sentences.filter((s) => !INJECTION.test(s.text)).map((s) => s.text).join(" ");
}

function bulkOf(context: ClassifyContext): boolean {
  const { view, verdict } = context;
  const { signals } = view;
  if (verdict.spam) return true;
  const { newsletter, marketing } = view.cues();
  if (isDiscussionList(signals)) return newsletter >= 2;
  if (hasBulkHeaders(signals) || isAutomated(signals)) return true;
  if (signals.senderKind && ["no_reply", "daemon", "newsletter", "marketing"].includes(signals.senderKind)) return true;
  // Role addresses (support@, team@) are people too when they answer or ask.
  if (signals.senderKind === "notifications" && !view.isReply && context.intents.length === 0) return true;
  // A circular to dozens of people.
  if (view.recipientCount >= 25 && !view.isReply) return true;
  if (signals.bounceReturnPath && (newsletter >= 1 || marketing >= 2)) return true;
  return newsletter >= 3 || (marketing >= 3 && !view.isReply);
}

function categoryOf(context: ClassifyContext, bulk: boolean): Category {
  const { view, verdict, meeting, intents } = context;
  const { message, signals } = view;
  if (verdict.spam) return "spam";
  const text = `${message.subject ?? ""}\n${view.body.slice(0, 6000)}`;
  const own = `${message.subject ?? ""}\n${view.own.slice(0, 6000)}`;
  if (SIGN_IN_CODE.test(text) || (SECURITY_ALERT.test(text) && signals.senderKind !== "person")) return "security";
  if (SOCIAL_DOMAIN.test(message.from?.email ?? "") || (bulk && SOCIAL.test(text))) return "social";
  if (bulk) {
    const { marketing, newsletter } = view.cues();
    if (RECEIPT.test(text) && marketing < 3) return "finance";
    if (marketing >= 2 && marketing > newsletter) return "marketing";
    if (isAutomated(signals) || (NOTIFICATION.test(text) && newsletter === 0)) return "notification";
    if (newsletter > 0 || hasBulkHeaders(signals)) return "newsletter";
    return marketing > 0 ? "marketing" : "notification";
  }
  const schedulingAsk = intents.some((i) => i.kind !== "request");
  if (message.calendar.length > 0 || (meeting && (schedulingAsk || /\b(?:meeting|mtg|call|invitation|lunch|dinner|appointment)\b/i.test(view.topic)))) return "meeting_request";
  if (SALES_LEAD.test(own)) return "sales_lead";
  if (CUSTOMER.test(own) && !/@(?:[\w-]+\.)*enron\.com$/i.test(message.from?.email ?? "")) return "customer";
  if (FINANCE.test(message.subject ?? "") || (RECEIPT.test(own) && FINANCE.test(own))) return "finance";
  const lean = personalLean(own);
  const freemail = FREEMAIL_DOMAIN.test(message.from?.email ?? "");
  if (lean.personal >= 2 && lean.personal > lean.work) return "personal";
  if (freemail && lean.personal >= 1 && lean.work === 0) return "personal";
  return "work";
}

const rank: Record<Priority, number> = { noise: 0, low: 1, medium: 2, high: 3, urgent: 4 };
const higher = (a: Priority, b: Priority): Priority => (rank[a] >= rank[b] ? a : b);

function priorityOf(context: ClassifyContext, category: Category, bulk: boolean, readable: string): Priority {
  const { view, sender, tasks, intents, meeting, verdict } = context;
  if (verdict.spam) return "noise";
  if (bulk) {
    if (category === "security") return "high";
    if (category === "marketing") return "noise";
    return "low";
  }
  const asks = intents.length > 0;
  const direct = view.toOwner || view.recipientCount <= 2;
  let priority: Priority = asks ? "medium" : direct ? "medium" : "low";
  if (!asks && (view.recipientCount > 10 || FYI.test(readable))) priority = "low";
  if (isDiscussionList(view.signals)) priority = asks && /\byou\b/i.test(readable) ? "medium" : "low";
  for (const task of tasks) {
    if (task.priority === "urgent") priority = higher(priority, "urgent");
    else if (task.priority === "high") priority = higher(priority, "high");
  }
  if (asks && URGENT.test(readable) && !isDiscussionList(view.signals)) priority = higher(priority, tasks.length > 0 ? "urgent" : "high");
  if (asks && direct && (IMPORTANT.test(readable) || view.signals.markedUrgent)) priority = higher(priority, "high");
  if (meeting?.start) {
    const days = (meeting.start.getTime() - view.reference.instant.getTime()) / 86_400_000;
    if (days >= -0.5 && days <= 2) priority = higher(priority, "high");
  }
  if (category === "security") priority = higher(priority, "high");
  if (sender && sender.repliedTo > 0 && asks) priority = higher(priority, "high");
  return priority;
}

function actionabilityOf(context: ClassifyContext, bulk: boolean): Actionability {
  const { tasks, intents, meeting, verdict } = context;
  if (verdict.spam) return "none";
  const asks = intents.some((i) => i.kind !== "request");
  // A meeting someone asks about or invites to; a meeting only mentioned is news.
  if (meeting && !bulk && tasks.length === 0 && (asks || context.view.message.calendar.length > 0)) return "scheduling";
  if (tasks.length > 0) return "action_required";
  if (meeting && !bulk && asks) return "scheduling";
  if (asks) return bulk ? "fyi" : "reply_needed";
  return bulk ? "none" : "fyi";
}

const dayFormat = (date: Date, offsetMinutes: number, allDay: boolean) => {
  const local = new Date(date.getTime() + offsetMinutes * 60_000);
  const day = local.toLocaleDateString("en-US", { timeZone: "UTC", weekday: "short", month: "short", day: "numeric" });
  if (allDay) return day;
  const time = local.toLocaleTimeString("en-US", { timeZone: "UTC", hour: "numeric", minute: "2-digit" });
  return `${day}, ${time}`;
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const lowerFirst = (text: string) => (/^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text);

/** What the message asks, in a line: "Jeff asks you to send the budget by Friday". */
function headline(context: ClassifyContext, who: string, category: Category): string | null {
  const { tasks, meeting, intents } = context;
  const task = tasks[0];
  if (task) {
    // "Send Jeff the budget" reads "send the budget" after "Jeff asks you to".
    const action = lowerFirst(task.title)
      .replace(new RegExp(`^(\\w+) ${escapeRegExp(who)} (?=(?:the|a|an|your|his|her|their|this|that|these|those|some|any)\\b)`), "$1 ")
      .replace(new RegExp(`\\b${escapeRegExp(who)}'s\\b`, "g"), "their");
    return `${who} asks you to ${action}${task.dueText ? ` by ${task.dueText}` : ""}`;
  }
  if (meeting) {
    const kind = /\b(lunch|dinner|breakfast|coffee|call|interview|appointment)\b/i.exec(meeting.title)?.[1]?.toLowerCase() ?? "meeting";
    const verb = category === "meeting_request" ? "proposes" : "mentions";
    const when = meeting.startText ? ` ${meeting.startText}` : "";
    const generic = new RegExp(`^${kind}\\b`, "i").test(meeting.title);
    return `${who} ${verb} a ${kind}${when}${generic ? "" : ` (${clip(meeting.title, 40)})`}`;
  }
  const question = intents.find((i) => i.kind === "question" || i.kind === "proposal");
  if (question) return `${who} ${question.kind === "proposal" ? "proposes" : "asks"}: ${clip(question.sentence.text, 70)}`;
  return null;
}

export function classify(context: ClassifyContext): Classification {
  const { view, verdict, tasks, meeting, intents } = context;
  const readable = readableText(view);
  const bulk = bulkOf(context);
  const category = categoryOf(context, bulk);
  const priority = priorityOf(context, category, bulk, readable);
  const actionability = actionabilityOf(context, bulk);
  const sentiment = bulk ? "neutral" : sentimentOf(readable).sentiment;
  const { summary, lead } = summarize(view, intents);
  const who = firstName(view.message.from) ?? senderLabel(view);

  const line = bulk ? null : headline(context, who, category);
  const shortSummary = clip(line ?? (view.topic || lead || summary), 90);

  const keyPoints: string[] = [];
  for (const task of tasks.slice(0, 3)) {
    keyPoints.push(clip(task.due ? `${task.title} (due ${dayFormat(task.due, view.reference.offsetMinutes, task.dueAllDay)})` : task.title, 120));
  }
  if (meeting) {
    const when = meeting.start ? ` on ${dayFormat(meeting.start, view.reference.offsetMinutes, meeting.allDay)}` : "";
    keyPoints.push(clip(`${meeting.title}${when}${meeting.location ? ` in ${meeting.location}` : ""}`, 120));
  }
  for (const intent of intents) {
    if (keyPoints.length >= 4) break;
    if (intent.kind !== "request") keyPoints.push(clip(intent.sentence.text, 120));
  }
  if (keyPoints.length === 0 && lead) keyPoints.push(clip(lead, 120));

  let why: string;
  if (verdict.spam) {
    const tells = verdict.reasons.filter((r) => !r.includes("(-")).slice(0, 3).map((r) => r.replace(/\s*\([^)]*\)$/, ""));
    why = `spam from ${senderLabel(view)} (${tells.join(", ")})`;
  } else if (bulk) {
    why = `${category} from ${senderLabel(view)}`;
  } else {
    why = line ?? (FYI.test(readable) ? `FYI from ${who}, nothing asked` : `${category === "personal" ? "personal note" : "message"} from ${who}, nothing asked`);
    if (priority === "urgent" && URGENT.test(readable)) why += " (marked urgent)";
    if (view.sentences.some((s) => INJECTION.test(s.text))) why += "; text addressed to an AI assistant was ignored";
  }

  // Confidence: clear signals (spam far from the threshold, an explicit ask) say more.
  let confidence = 0.6;
  if (verdict.spam) confidence = Math.min(0.95, 0.65 + (verdict.score - 5) * 0.03);
  else if (verdict.score >= 3) confidence = 0.5;
  else if (tasks.length > 0 || meeting) confidence = 0.75;
  else if (bulk) confidence = 0.7;

  return {
    priority,
    category,
    sentiment,
    actionability,
    summary,
    shortSummary,
    keyPoints: keyPoints.slice(0, 4),
    confidence: Math.round(confidence * 100) / 100,
    reason: `${priority}: ${why}`,
    spam: verdict.spam,
    bulk,
  };
}
