import type { AiMessage, Category } from "../types";

// What the envelope says about a message before anyone reads it: list and bulk-mailer
// headers, automated senders, the provider's own category label. These are the signals a
// mail client trusts most, and they cost nothing to read.

export type ProviderCategory = "promotions" | "social" | "updates" | "forums" | "personal";

export type EnvelopeSignals = {
  /** List-Unsubscribe / List-Unsubscribe-Post. */
  listUnsubscribe: boolean;
  /** The List-Id's human name or id. */
  listId: string | null;
  /** List-Post: the list takes posts from members (a discussion list, not a newsletter). */
  listPost: boolean;
  /** Precedence: bulk | list | junk. */
  precedence: "bulk" | "list" | "junk" | null;
  /** Auto-Submitted other than "no" (RFC 3834). */
  autoSubmitted: boolean;
  /** X-Auto-Response-Suppress (Exchange: sent by a system that wants no auto-replies). */
  autoResponseSuppress: boolean;
  /** Feedback-ID (large senders' campaign id). */
  feedbackId: boolean;
  /** X-Mailer of a bulk mailing service. */
  bulkMailer: string | null;
  /** Return-Path of a bounce handler (VERP, bounces@...). */
  bounceReturnPath: boolean;
  /** What the sender's address says it is. */
  senderKind: "no_reply" | "daemon" | "notifications" | "marketing" | "newsletter" | "billing" | "security" | "person" | null;
  /** The provider's own category (Gmail CATEGORY_*, Takeout "Category Promotions"). */
  providerCategory: ProviderCategory | null;
  /** The provider or the sender marked it urgent (X-Priority 1/2, Importance: high). */
  markedUrgent: boolean;
  /** A filter upstream already flagged it (X-Spam-Flag: YES). */
  spamFlag: boolean;
  /** The subject answers another message ("Re:", "AW:", "[list] Re:"). */
  reply: boolean;
};

// X-Mailer values of mass-mailing services (2000s to now).
const BULK_MAILERS =
  /accucast|listmanager|lyris|mailchimp|mandrill|sendgrid|constant ?contact|exacttarget|salesforce marketing|mailbeamer|targetmail|campaign ?monitor|marketo|hubspot|eloqua|responsys|silverpop|strongmail|phplist|groupmail|mailjet|sendinblue|brevo|mailgun|sparkpost|amazon ?ses|emarsys|cheetahmail|dotdigital|klaviyo|aweber|getresponse|icontact|benchmark email|vertical ?response|infusion|ymlp/i;

const NO_REPLY = /^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|donotreply|noreply|no[-_.]?response|unmonitored)\b/i;
const DAEMON = /^(?:mailer-daemon|postmaster|mail-daemon|mailerdaemon|bounce[sd]?)\b/i;
const NOTIFICATIONS = /^(?:notifications?|notify|alerts?|updates?|automated|auto|system|robot|bot|jira|github|gitlab|calendar|calendar-notification|reminders?|digest|messages?-noreply|account|accounts|service|services|support|help|info|team|admin|webmaster|feedback)(?:[-_.+]|$)/i;
const MARKETING = /^(?:marketing|promo(?:tions?)?|offers?|deals?|sales|shop|store|specials?|rewards?|members?|subscriptions?|e?mail(?:ing)?|campaigns?|hello|hi|contact|customer(?:care|service)?|events?)(?:[-_.+]|$)/i;
const NEWSLETTER = /^(?:news(?:letters?)?|editors?|digest|weekly|daily|bulletin|press|media|updates?|list|lists|announce(?:ments?)?)(?:[-_.+]|$)/i;
const BILLING = /^(?:billing|invoices?|receipts?|payments?|orders?|order-update|purchases?|statements?|accounting|ar|ap)(?:[-_.+]|$)/i;
const SECURITY = /^(?:security|security-noreply|account-security|verify|verification|auth|login|signin|password)(?:[-_.+]|$)/i;
const BULK_DOMAIN = /(?:^|\.)(?:newsletters?|news|mailer|mailers|mail|email|emails|e|em|m|mkt|marketing|bounces?|lists?|campaigns?|send|sender|notify|notifications?|info|offers?)\d*\./i;

function providerCategoryOf(labels: string[]): ProviderCategory | null {
  for (const label of labels) {
    const key = label.toLowerCase().replace(/[\s_^-]+/g, "");
    if (/^(?:category)?promotions?$/.test(key) || key === "categorypromotions") return "promotions";
    if (/^(?:category)?social$/.test(key)) return "social";
    if (/^(?:category)?updates$/.test(key)) return "updates";
    if (/^(?:category)?forums$/.test(key)) return "forums";
    if (/^(?:category)?personal$/.test(key)) return "personal";
  }
  return null;
}

function senderKindOf(email: string | undefined, name: string | null | undefined): EnvelopeSignals["senderKind"] {
  if (!email) return null;
  const [local = "", domain = ""] = email.toLowerCase().split("@");
  if (NO_REPLY.test(local) || /no-?reply/.test(local)) return "no_reply";
  if (DAEMON.test(local)) return "daemon";
  if (SECURITY.test(local)) return "security";
  if (BILLING.test(local)) return "billing";
  if (NEWSLETTER.test(local)) return "newsletter";
  if (MARKETING.test(local)) return "marketing";
  if (NOTIFICATIONS.test(local)) return "notifications";
  // ESP envelope-style locals: long tokens with digits and separators ("Online#3.20351.c6-p4...")
  if (/[#=]|\d{4,}.*[._-].*\d|^[a-z0-9]{20,}$/i.test(local) && BULK_DOMAIN.test(`${domain}.`)) return "newsletter";
  if (name && /\b(?:newsletter|news|digest|weekly|daily|team|notifications?|alerts?|no-?reply|support|customer service)\b/i.test(name)) {
    return /newsletter|news|digest|weekly|daily/i.test(name) ? "newsletter" : "notifications";
  }
  return "person";
}

export function envelopeSignals(message: AiMessage): EnvelopeSignals {
  const h = message.headers;
  const precedence = h.precedence?.toLowerCase().trim();
  const autoSubmitted = h["auto-submitted"]?.toLowerCase().trim();
  const priority = `${h["x-priority"] ?? ""} ${h.importance ?? ""} ${h.priority ?? ""} ${h["x-msmail-priority"] ?? ""}`.toLowerCase();
  const listId = h["list-id"] ? h["list-id"].replace(/<[^>]*>/, "").trim() || h["list-id"].replace(/[<>]/g, "") : null;
  const mailer = h["x-mailer"] ?? "";
  const returnPath = (h["return-path"] ?? "").toLowerCase();
  return {
    listUnsubscribe: Boolean(h["list-unsubscribe"] || h["list-unsubscribe-post"]),
    listId,
    listPost: Boolean(h["list-post"] && !/^\s*no\b/i.test(h["list-post"])),
    precedence: precedence === "bulk" || precedence === "list" || precedence === "junk" ? precedence : null,
    autoSubmitted: Boolean(autoSubmitted && autoSubmitted !== "no"),
    autoResponseSuppress: Boolean(h["x-auto-response-suppress"]),
    feedbackId: Boolean(h["feedback-id"]),
    bulkMailer: BULK_MAILERS.exec(mailer)?.[0] ?? null,
    bounceReturnPath: /bounce|[-+=]\d{4,}|^<?(?:owner|.*-admin|.*-bounces?)[@-]|^<?(?:leave|return)-/.test(returnPath),
    senderKind: senderKindOf(message.from?.email, message.from?.name),
    providerCategory: providerCategoryOf(message.labels),
    markedUrgent: /^\s*[12]\b|\bhigh\b|\burgent\b/.test(priority),
    spamFlag: /^\s*yes/i.test(h["x-spam-flag"] ?? ""),
    reply: /^\s*(?:\[[^\]]{1,40}\]\s*)?(?:re|aw|sv|antw|ref|rif)\s*(?:\[\d+\])?\s*:/i.test(message.subject ?? ""),
  };
}

/** Mail from a system rather than a person: auto-submitted, no-reply, daemons, notifiers. */
export function isAutomated(signals: EnvelopeSignals): boolean {
  return (
    signals.autoSubmitted ||
    signals.senderKind === "no_reply" ||
    signals.senderKind === "daemon" ||
    (signals.autoResponseSuppress && signals.senderKind !== "person")
  );
}

/**
 * A discussion list (Mailman, ezmlm, Google Groups): members post, a person wrote this.
 * People talking on a list are not bulk mail, whatever Precedence says.
 */
export function isDiscussionList(signals: EnvelopeSignals): boolean {
  const listish = Boolean(signals.listId) || signals.precedence === "list" || signals.precedence === "bulk";
  return (
    listish &&
    signals.senderKind === "person" &&
    !signals.bulkMailer &&
    !signals.feedbackId &&
    (signals.listPost || !signals.listUnsubscribe || signals.reply)
  );
}

/** Headers that only mass mail carries (a discussion list's excepted). */
export function hasBulkHeaders(signals: EnvelopeSignals): boolean {
  if (isDiscussionList(signals)) return false;
  return (
    signals.listUnsubscribe ||
    Boolean(signals.listId) ||
    signals.precedence !== null ||
    signals.feedbackId ||
    signals.bulkMailer !== null
  );
}

/** The category the provider's label implies. */
export function categoryForProvider(category: ProviderCategory): Category | null {
  switch (category) {
    case "promotions":
      return "marketing";
    case "social":
      return "social";
    case "updates":
      return "notification";
    case "forums":
      return "newsletter";
    case "personal":
      return null;
  }
}
