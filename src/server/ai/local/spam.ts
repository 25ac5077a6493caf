import type { SenderHistory } from "../types";
import { INJECTION } from "./requests";
import { letterCounts } from "./text";
import type { MessageView } from "./view";

// Spam: unsolicited bulk or fraudulent mail. A score in the manner of SpamAssassin's
// rules: many weak content tells (shouting, money and pill vocabulary, "click here",
// "reply REMOVE", HTML pasted as text), forged-looking envelopes (impossible Date zones,
// random tokens, undisclosed recipients), minus what legitimate senders do (a real mailing
// service, a list people post to, a correspondent the user has written to).

export const SPAM_THRESHOLD = 5;

export type SpamVerdict = { spam: boolean; score: number; reasons: string[] };

type Rule = { name: string; weight: number; test: RegExp };

// Phrases scored once each, capped per group so one long ad cannot run away.
const GROUPS: { name: string; cap: number; rules: Rule[] }[] = [
  {
    name: "money",
    cap: 3,
    rules: [
      { name: "big dollar amounts", weight: 1, test: /\$\s?\d{1,3}(?:,\d{3}){1,}|\$\d{4,}|(?:million|billion) (?:us )?dollars/i },
      { name: "make money", weight: 1.5, test: /\b(?:make|making|earn|earning)\s+(?:more\s+|extra\s+|big\s+|real\s+)?(?:money|cash|\$)/i },
      { name: "income pitch", weight: 1, test: /\b(?:extra|residual|passive|monthly|weekly) income\b|\bfinancial (?:freedom|independence|success)\b|\bwork(?:ing)? from home\b|\bhome[- ]based business\b/i },
      { name: "investment pitch", weight: 1, test: /\b(?:one[- ]time )?investment of only\b|\bno investment\b|\bexplosive (?:profits|growth)\b|\bmillionaires?\b|\bretire (?:early|in \d+)/i },
      { name: "mlm", weight: 1.5, test: /\bmulti-?level marketing\b|\bmlm\b|\bnetwork marketing\b|\bdownline\b/i },
    ],
  },
  {
    name: "offer",
    cap: 3,
    rules: [
      { name: "guarantee", weight: 1, test: /\b(?:100% )?(?:guaranteed|risk[- ]free|no[- ]risk|money[- ]back guarantee)\b/i },
      { name: "no obligation", weight: 1, test: /\bno (?:obligation|strings attached|catch|cost to you|credit check)\b/i },
      { name: "urgency", weight: 1, test: /\b(?:act now|order now|call now|apply now|limited time(?: only)?|expires? (?:soon|today)|don'?t (?:delay|miss out)|while supplies last|urgent response)\b/i },
      { name: "winner", weight: 1.5, test: /\b(?:you(?:'ve| have)? (?:won|been selected|been chosen)\b|congratulations!|claim your (?:prize|reward)\b|winners?\b)/i },
      { name: "free offer", weight: 1, test: /\bfree (?:gift|trial|quote|access|money|grants?|consultation|information|report|membership|vacation|cell ?phone)\b/i },
      { name: "as seen on", weight: 1.5, test: /\bas seen on (?:national )?(?:tv|television|nbc|cbs|cnn|abc|oprah)\b/i },
      { name: "lowest price", weight: 1, test: /\b(?:lowest|best|wholesale) (?:prices?|rates?)\b|\bsave (?:up to )?\d{2,3}%|\b\d{2,3}% off\b/i },
    ],
  },
  {
    name: "pills",
    cap: 4,
    rules: [
      { name: "pharmacy", weight: 3, test: /\b(?:viagra|cialis|levitra|phentermine|propecia|zyban|xanax|valium|vicodin|soma|meridia|xenical|ambien)\b/i },
      { name: "no prescription", weight: 2, test: /\b(?:without a? ?pres?cription|no pres?cription|online pharmacy|rx)\b/i },
      { name: "body", weight: 1.5, test: /\b(?:hgh|human growth hormone|anti-?aging|lose weight|weight loss|burn(?:ing)? fat|enlarge(?:ment)?|penis|erection|libido|herbal (?:supplement|alternative))\b/i },
    ],
  },
  {
    name: "credit",
    cap: 3,
    rules: [
      { name: "mortgage", weight: 1.5, test: /\b(?:mortgage|refinanc\w*|home equity|interest rates? (?:are|have) (?:falling|dropped|at)|lenders? compete)\b/i },
      { name: "credit", weight: 1.5, test: /\b(?:bad credit|credit (?:repair|problems|card debt|rating|report)|instant credit|get out of debt|debt (?:free|consolidation|collection)|pre-?approved|approval rate)\b/i },
      { name: "grants", weight: 1.5, test: /\b(?:government grants?|free grants?|grant money)\b/i },
      { name: "loans", weight: 1, test: /\b(?:borrow up to|no income verification|loan analysis|cash advance|payday loans?|low(?:est)? (?:monthly )?payments?)\b/i },
    ],
  },
  {
    name: "adult",
    cap: 4,
    rules: [{ name: "adult content", weight: 3, test: /\b(?:porn\w*|xxx|hardcore|nude|naked|horny|sluts?|cum shots?|cock|pussy|barely legal|live sex|adult (?:site|content|entertainment))\b/i }],
  },
  {
    name: "marketing",
    cap: 3,
    rules: [
      { name: "bulk email", weight: 2, test: /\b(?:bulk e-?mail|e-?mail addresses|direct e-?mail (?:advertising|marketing)|harvest\w*|e-?mail lists?|opt-?in (?:list|e-?mail)|millions of (?:people|e-?mail))\b/i },
      { name: "traffic", weight: 1, test: /\b(?:more (?:orders|sales|traffic)|increase (?:your )?(?:sales|traffic)|reach the masses|targeted (?:leads|traffic))\b/i },
      { name: "business opportunity", weight: 1.5, test: /\bbusiness opportunit(?:y|ies)\b|\bbe your own boss\b/i },
    ],
  },
  {
    name: "fraud",
    cap: 4,
    rules: [
      { name: "advance fee", weight: 3, test: /\b(?:next of kin|transfer (?:the|this) (?:sum|fund)|beneficiary|barrister|consignment|(?:nigeria|lagos|abidjan)\b.*\b(?:fund|transfer|account))/i },
      { name: "lottery", weight: 3, test: /\b(?:lotto|lottery|sweepstakes?|prize award|winning numbers?|lucky numbers?|claims? (?:agent|officer)|lump sum pay ?out)\b/i },
      { name: "account phish", weight: 2, test: /\b(?:verify your (?:account|identity)|your account (?:has been|will be) (?:suspended|closed|locked)|confirm your (?:password|billing|banking))\b/i },
    ],
  },
  {
    name: "unsolicited",
    cap: 4,
    rules: [
      { name: "click here", weight: 1.5, test: /\bclick (?:here|below|this link|on the link)\b/i },
      { name: "remove instructions", weight: 2, test: /\b(?:to be removed|remove me|removal (?:instructions|request|link)|reply (?:to this (?:e-?mail|message) )?with (?:the word )?["'“]?remove|["'“]?remove["'”]? (?:in|as) the subject|in the subject (?:line|field)|excluded from (?:further|future) mailings|to opt[- ]?out)\b/i },
      { name: "not spam claim", weight: 2.5, test: /\b(?:s\.? ?1618|bill 1618|section 301|this (?:message|e-?mail|mailing) (?:is|was|cannot be considered) (?:not )?(?:spam|unsolicited)|not (?:considered )?(?:spam|unsolicited))\b/i },
      { name: "generic greeting", weight: 1, test: /^\s*(?:dear (?:friend|sir|madam|sir\/madam|valued (?:customer|member)|homeowner|business owner|(?:\w+ )?seeker)s?|hello!?|greetings!?)\b/im },
    ],
  },
];

/** Mass-mailing tools only spammers used. */
const SPAM_MAILERS = /quick ?sender|e-?mail ?blaster|atomic ?mail|bulk ?mail|mass ?mail|dynamic ?mail|advanced mass sender|group ?mail ?pro|stealth ?mail|extractor/i;
/** Free hosting and redirectors spam linked to. */
const THROWAWAY_HOSTS = /https?:\/\/[^\s/]*(?:50megs|geocities|tripod|angelfire|freeservers|fortunecity|does\.it|go\.to|come\.to|xoom|bizland|hypermart)\b/i;

const FREEMAIL = /@(?:hotmail|yahoo|aol|msn|excite|juno|netscape|mail|email|usa|lycos|earthlink|gmx|web|rediffmail|163|sina|china|btamail|bigfoot|optimum|netzero|flashmail|geocities)\.[a-z.]+$/i;
const FARAWAY_CHARSET = /charset="?(?:gb2312|gbk|big5|ks_c_5601|euc-kr|windows-1251|koi8-r)/i;

/** "Hello, someone@example.com": a greeting that only knows an address. */
const ADDRESS_GREETING = /^\s*(?:hi|hello|dear|greetings)[,\s]+[\w.+-]+@[\w.-]+/im;

function dateLooksForged(date: string): boolean {
  const zone = /\s([+-]{1,2})(\d{2})(\d{2})\b/.exec(date);
  if (zone) {
    if (zone[1]!.length > 1) return true; // "+-0500"
    if (Number(zone[2]) > 14 || Number(zone[3]) >= 60) return true; // "-1600"
  }
  const year = /\b(\d{4})\s+\d{1,2}:\d/.exec(date)?.[1];
  if (year && (Number(year) < 1980 || Number(year) > 2100)) return true; // "0102"
  return /\b\d:\d:\d{1,2}\b/.test(date); // "1:5:13"
}

// Consonant pairs common in English words; a short all-consonant token made of others is
// a spammer's tracking tag ("hvgxs", "szfdk").
const COMMON_PAIRS = new Set(
  "st th ch sh ph wh ck ng nd nt ll ss ff rr tt mm nn pp bb dd gg zz rt rd rn rm rs rk rl lt ld lk lm lp ls lf lv mp mb nc nk ns ct ft sk sp sc sm sn sl sw tr br cr dr fr gr pr wr bl cl fl gl pl tw dw gh ts ds ks ps ms ws ys xt nth cs".split(" "),
);

function nonsenseWord(word: string): boolean {
  const vowels = word.match(/[aeiou]/g)?.length ?? 0;
  if (vowels > 1) return false;
  for (let i = 0; i + 1 < word.length; i++) {
    const pair = word.slice(i, i + 2);
    if (/^[^aeiouy]{2}$/.test(pair) && !COMMON_PAIRS.has(pair)) return true;
  }
  return false;
}

/** A nonsense token at the end of a title-case subject ("Refinance Now!!! szfdk", "... 3341iYjl5-964K-13"). */
function trackingToken(subject: string): boolean {
  const words = subject.trim().split(/\s+/);
  if (words.length < 3) return false;
  const last = words[words.length - 1]!;
  if (/^[a-z0-9-]{8,}$/i.test(last) && (last.match(/[a-z]\d|\d[a-z]/gi)?.length ?? 0) >= 2) return true;
  if (!/^[a-z]{4,7}$/.test(last)) return false;
  const others = words.slice(0, -1).filter((w) => /^[A-Za-z]/.test(w));
  const capitalized = others.filter((w) => /^[A-Z]/.test(w)).length;
  return others.length >= 2 && capitalized / others.length >= 0.75 && nonsenseWord(last);
}

/** Long mixed-case letter-digit codes outside links ("1918BQhX5-227CpaM0598cJWr2"). */
function randomTokens(body: string): number {
  const text = body.replace(/\S*(?:https?:|www\.|@)\S*/g, " ");
  let count = 0;
  for (const token of text.match(/\b[A-Za-z0-9-]{16,}\b/g) ?? []) {
    const switches = token.match(/[a-z][A-Z0-9]|[A-Z][a-z0-9]|\d[A-Za-z]/g)?.length ?? 0;
    if (switches >= 5 && /\d/.test(token) && /[a-z]/.test(token) && /[A-Z]/.test(token)) count++;
  }
  return count;
}

function capsRatio(text: string): number {
  const { letters, upper } = letterCounts(text);
  return letters === 0 ? 0 : upper / letters;
}

export function spamVerdict(view: MessageView, sender: SenderHistory | null): SpamVerdict {
  const { message, signals } = view;
  const reasons: string[] = [];
  let score = 0;
  const add = (weight: number, reason: string) => {
    score += weight;
    reasons.push(`${reason} (${weight > 0 ? "+" : ""}${weight})`);
  };

  const subject = message.subject ?? "";
  // Spam shows its hand early; a long newsletter's tail adds time, not evidence.
  const body = view.body.slice(0, 6000);
  const text = `${subject}\n${body}`;

  // Subject
  const subjectLetters = letterCounts(subject).letters;
  if (subjectLetters >= 10 && capsRatio(subject) > 0.7) add(1.5, "all-caps subject");
  if (/!{2,}|!\s*$/.test(subject) && /!/.test(subject)) add(/!{2,}/.test(subject) ? 1 : 0.5, "exclaiming subject");
  if (/^\s*\[?adv\b\]?\s*[:\]]/i.test(subject)) add(3, "ADV: subject");
  if (/\$\d|\d+%|\bfree\b/i.test(subject)) add(1, "money or FREE in the subject");
  if (trackingToken(subject)) add(2, "tracking token in the subject");
  if (/^\s*\w+\s*,\s*(?:your|you)\b/i.test(subject)) add(1.5, "subject addresses a mailbox name");

  // Content
  for (const group of GROUPS) {
    let groupScore = 0;
    for (const rule of group.rules) {
      if (rule.test.test(text)) groupScore += rule.weight;
    }
    if (groupScore > 0) add(Math.min(group.cap, groupScore), group.name);
  }
  // Instructions aimed at an AI assistant: never in legitimate mail, and never obeyed.
  if (INJECTION.test(text)) add(2.5, "instructions aimed at an AI assistant");
  if (ADDRESS_GREETING.test(body.slice(0, 400))) add(2.5, "greets an address, not a name");
  const bodyLetters = letterCounts(body).letters;
  if (bodyLetters > 80) {
    const caps = capsRatio(body);
    if (caps > 0.5) add(2, "shouting body");
    else if (caps > 0.3) add(1, "much capitalisation");
  }
  // Exclamation marks per thousand letters: a long newsletter may have many, an ad is dense with them.
  const exclamations = body.match(/!/g)?.length ?? 0;
  const density = (exclamations * 1000) / Math.max(bodyLetters, 1000);
  if (exclamations >= 5 && density >= 6) add(1.5, "many exclamation marks");
  else if (exclamations >= 5 && density >= 3) add(0.5, "exclamation marks");
  if (view.rawHtml) add(2, "HTML pasted into a text part");
  const contentType = (message.headers["content-type"] ?? "").toLowerCase();
  if (contentType.startsWith("text/html") && !signals.listUnsubscribe && !signals.bulkMailer) add(1, "HTML only");
  if (/https?:\/\/\d{1,3}(?:\.\d{1,3}){3}\b/.test(body)) add(2, "link to a bare IP address");
  if (FARAWAY_CHARSET.test(contentType) && view.language === "en") add(1, "unexpected charset");

  // Envelope
  const from = message.from?.email ?? "";
  const to = message.to.map((a) => a.email.toLowerCase());
  if (to.length === 0 || to.some((a) => /undisclosed|recipient list|^friend@|^you@/.test(a))) add(1.5, "undisclosed recipients");
  else if (to.length === 1 && to[0] === from.toLowerCase() && message.cc.length === 0) add(1, "sent to itself");
  const date = message.headers.date;
  if (!date) add(1, "no Date");
  else if (dateLooksForged(date)) add(2, "forged-looking Date");
  else if (!/(?:[+-]\d{4}|\b[A-Z]{2,4}\)?)\s*$/.test(date.trim())) add(1, "Date without a zone");
  if (FREEMAIL.test(from) && /\d{3,}/.test(from.split("@")[0] ?? "")) add(1.5, "numbered free-mail sender");
  else if (FREEMAIL.test(from) && score >= 2) add(1, "commercial mail from a free-mail address");
  const mailer = message.headers["x-mailer"] ?? "";
  if (/^[A-Za-z0-9]{12,}$/.test(mailer) && /[a-z]/.test(mailer) && /[A-Z]/.test(mailer)) add(2, "random X-Mailer");
  else if (SPAM_MAILERS.test(mailer)) add(2, "spam-tool X-Mailer");
  if (THROWAWAY_HOSTS.test(body)) add(1, "link to free hosting");
  if (randomTokens(body) >= 1) add(1.5, "random tracking code in the text");

  // What legitimate senders do
  if (signals.bulkMailer) add(-1.5, `sent through ${signals.bulkMailer}`);
  if (signals.feedbackId) add(-1, "Feedback-ID");
  if (signals.listUnsubscribe && signals.bounceReturnPath) add(-1, "managed list with bounce handling");
  if (signals.listPost && signals.senderKind === "person") add(-1, "posted to a discussion list");
  if (view.isReply && view.forwarded) add(-1, "replies with a quote");
  if (sender && sender.repliedTo > 0) add(-6, "a correspondent you have written to");
  else if (sender && sender.usualCategory && sender.usualCategory !== "spam" && sender.received >= 3) add(-2, "a sender you keep");
  if (signals.spamFlag) add(5, "flagged as spam upstream");
  // GTUBE, the standard anti-spam test string every filter is expected to catch.
  if (body.includes("XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X")) add(100, "GTUBE test string");

  return { spam: score >= SPAM_THRESHOLD, score: Math.round(score * 10) / 10, reasons };
}
