import type { Actionability, Analysis, AnalysisInput, Category, Priority, TaskSuggestion } from "../types";
import { BILL_DUE, RECEIPT, SECURITY_ALERT, SIGN_IN_CODE, SOCIAL, SOCIAL_DOMAIN, NOTIFICATION } from "./content";
import { findDates, type FoundDate } from "./dates";
import { categoryForProvider, hasBulkHeaders, isAutomated, isDiscussionList, type EnvelopeSignals } from "./signals";
import { spamVerdict, type SpamVerdict } from "./spam";
import { summarize } from "./summary";
import { clip } from "./text";
import { senderLabel, viewOf, type MessageView } from "./view";

// The deterministic pre-filter: mail a client can sort without reading closely. Bulk
// mail (list and mailing-service headers), automated notices, sign-in codes and security
// alerts, receipts and bills, the provider's own category, and what this workspace
// already knows about the sender. Anything it is unsure of returns null and goes to an
// engine. A correspondent the user has written to is never decided here.

export { envelopeSignals, hasBulkHeaders, isAutomated, isDiscussionList } from "./signals";
export type { EnvelopeSignals } from "./signals";
export { spamVerdict } from "./spam";

type Decision = {
  category: Category;
  priority: Priority;
  actionability: Actionability;
  bulk: boolean;
  spam: boolean;
  /** After the priority: "newsletter from Acme (List-Unsubscribe)". */
  why: string;
  confidence: number;
  tasks?: TaskSuggestion[];
};

/** The strongest header evidence, for the reason in parentheses. */
function headerEvidence(signals: EnvelopeSignals): string {
  if (signals.listUnsubscribe) return "List-Unsubscribe";
  if (signals.feedbackId) return "Feedback-ID";
  if (signals.bulkMailer) return `sent with ${signals.bulkMailer}`;
  if (signals.listId) return "List-Id";
  if (signals.precedence) return `Precedence: ${signals.precedence}`;
  if (signals.autoSubmitted) return "Auto-Submitted";
  if (signals.senderKind === "no_reply") return "no-reply sender";
  if (signals.senderKind === "daemon") return "mail system";
  if (signals.bounceReturnPath) return "bulk bounce address";
  return "automated sender";
}

function build(view: MessageView, decision: Decision): Analysis {
  const { summary, lead } = summarize(view, []);
  const topic = view.topic || lead || "(no subject)";
  const keyPoints = [topic, lead && lead !== topic ? lead : null].filter((p): p is string => Boolean(p)).map((p) => clip(p, 120));
  return {
    classification: {
      priority: decision.priority,
      category: decision.category,
      sentiment: "neutral",
      actionability: decision.actionability,
      summary,
      shortSummary: clip(topic, 90),
      keyPoints: keyPoints.slice(0, 4),
      confidence: decision.confidence,
      reason: `${decision.priority}: ${decision.why}`,
      spam: decision.spam,
      bulk: decision.bulk,
    },
    tasks: decision.tasks ?? [],
    meeting: null,
  };
}

function spamDecision(view: MessageView, verdict: SpamVerdict): Decision {
  const tells = verdict.reasons.filter((r) => !r.includes("(-")).slice(0, 3).map((r) => r.replace(/\s*\([^)]*\)$/, ""));
  return {
    category: "spam",
    priority: "noise",
    actionability: "none",
    bulk: true,
    spam: true,
    why: `spam from ${senderLabel(view)} (${tells.join(", ") || "spam signals"})`,
    confidence: Math.min(0.98, 0.7 + (verdict.score - 5) * 0.04),
  };
}

/** "Pay the Acme bill" due on the date the bill names. */
function billTask(view: MessageView): TaskSuggestion[] {
  const text = `${view.message.subject ?? ""}\n${view.body.slice(0, 3000)}`;
  let due: FoundDate | null = null;
  for (const match of text.matchAll(/\b(?:due(?: date)?|pay(?:ment)? by|payable by|by)\b[:\s]*([^\n;]{3,40})/gi)) {
    due = findDates(match[1]!, view.reference, { direction: "future", lenient: true })[0] ?? null;
    if (due) break;
  }
  if (!due) return [];
  return [
    {
      title: clip(`Pay the ${senderLabel(view)} bill`, 80),
      description: clip(view.topic, 200) || null,
      dueText: due.text,
      due: due.start,
      dueAllDay: due.allDay,
      priority: "medium",
    },
  ];
}

function decide(input: AnalysisInput, view: MessageView): Decision | null {
  const { message, sender } = input;
  const { signals } = view;
  if (message.direction === "outbound" || message.calendar.length > 0) return null;
  // A real correspondent: the engine reads it, whatever the headers say.
  if (sender && sender.repliedTo > 0) return null;

  const verdict = spamVerdict(view, sender);
  const person = signals.senderKind === "person";
  const discussion = isDiscussionList(signals);
  const bulkHeaders = hasBulkHeaders(signals);
  const automated = isAutomated(signals);
  const machine = !person || automated || bulkHeaders;
  const text = `${message.subject ?? ""}\n${view.body.slice(0, 6000)}`;
  const who = senderLabel(view);

  if (verdict.spam && (!person || verdict.score >= 8 || bulkHeaders)) return spamDecision(view, verdict);

  // Sign-in codes and security alerts from systems.
  if (machine && !view.isReply) {
    if (SIGN_IN_CODE.test(text)) {
      return { category: "security", priority: "medium", actionability: "fyi", bulk: false, spam: false, why: `sign-in or verification code from ${who}`, confidence: 0.9 };
    }
    if (SECURITY_ALERT.test(text) && !bulkHeaders) {
      return { category: "security", priority: "high", actionability: "fyi", bulk: false, spam: false, why: `security alert from ${who}`, confidence: 0.85 };
    }
    if (BILL_DUE.test(text)) {
      const tasks = billTask(view);
      return {
        category: "finance",
        priority: "medium",
        actionability: tasks.length > 0 ? "action_required" : "fyi",
        bulk: false,
        spam: false,
        why: `bill from ${who}${tasks[0]?.dueText ? `, due ${tasks[0].dueText}` : ""}`,
        confidence: 0.85,
        tasks,
      };
    }
    if (RECEIPT.test(text) && view.cues().marketing < 3) {
      return { category: "finance", priority: "low", actionability: "none", bulk: false, spam: false, why: `receipt or order update from ${who}`, confidence: 0.85 };
    }
  }

  // The provider already sorted it.
  if (signals.providerCategory && signals.providerCategory !== "personal") {
    const category = categoryForProvider(signals.providerCategory)!;
    return {
      category,
      priority: category === "marketing" ? "noise" : "low",
      actionability: "none",
      bulk: true,
      spam: false,
      why: `${category === "marketing" ? "promotion" : category} from ${who} (provider label ${signals.providerCategory})`,
      confidence: 0.9,
    };
  }

  // What earlier mail from this sender was.
  const usual = sender?.usualCategory;
  if (usual && sender && sender.received >= 2 && ["newsletter", "marketing", "notification", "social", "spam"].includes(usual)) {
    return {
      category: usual,
      priority: usual === "marketing" || usual === "spam" ? "noise" : "low",
      actionability: "none",
      bulk: true,
      spam: usual === "spam",
      why: `${usual} from ${who}, as earlier mail from this sender`,
      confidence: 0.8,
    };
  }

  // Social networks.
  if ((SOCIAL_DOMAIN.test(message.from?.email ?? "") || (machine && SOCIAL.test(text))) && !discussion) {
    return { category: "social", priority: "low", actionability: "none", bulk: true, spam: false, why: `social network notice from ${who}`, confidence: 0.85 };
  }

  // Bulk mail: newsletters, promotions, notices sent to many.
  const { newsletter, marketing } = view.cues();
  if (bulkHeaders || (!person && !view.isReply && signals.bounceReturnPath) || (discussion && newsletter >= 2)) {
    const evidence = headerEvidence(signals);
    if (marketing >= 2 && marketing > newsletter) {
      return { category: "marketing", priority: "noise", actionability: "none", bulk: true, spam: false, why: `promotion from ${who} (${evidence})`, confidence: 0.85 };
    }
    if (automated || (NOTIFICATION.test(text) && newsletter === 0)) {
      return { category: "notification", priority: "low", actionability: "none", bulk: true, spam: false, why: `automated notice from ${who} (${evidence})`, confidence: 0.85 };
    }
    return { category: "newsletter", priority: "low", actionability: "none", bulk: true, spam: false, why: `newsletter from ${who} (${evidence})`, confidence: 0.85 };
  }

  // Automated senders: no-reply, daemons, Auto-Submitted.
  if (automated) {
    const bounce = signals.senderKind === "daemon" || /\b(?:undeliverable|delivery (?:status notification|failure)|returned mail|mail delivery failed)\b/i.test(text);
    return {
      category: "notification",
      priority: "low",
      actionability: "none",
      bulk: true,
      spam: false,
      why: `${bounce ? "delivery failure notice" : "automated notice"} from ${who} (${headerEvidence(signals)})`,
      confidence: 0.85,
    };
  }
  return null;
}

/** A complete analysis when the message can be sorted without a model, else null. */
export function prefilter(input: AnalysisInput): Analysis | null {
  const view = viewOf(input);
  const decision = decide(input, view);
  return decision ? build(view, decision) : null;
}
