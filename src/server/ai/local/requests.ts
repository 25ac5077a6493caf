import type { TaskPriority, TaskSuggestion } from "../types";
import { findDates, type DateReference, type FoundDate } from "./dates";
import { clip, type Language, type Sentence } from "./text";

// What a message asks of its reader, sentence by sentence: requests ("could you send",
// "please review", imperatives), questions to answer, proposals ("let's meet"). Requests
// with an action become tasks with a clean imperative title and a due date resolved from
// "by Friday" against the message's date.

export type IntentKind = "request" | "question" | "proposal";

export type Intent = {
  kind: IntentKind;
  sentence: Sentence;
  /** The action asked for, as an imperative clause ("send me the Q3 budget by Friday"). */
  action: string | null;
};

// Verbs a request or an imperative sentence starts with.
const ACTION_VERBS = new Set(
  (
    "send email e-mail mail forward fax call phone ring text contact reach reply respond answer confirm review read " +
    "check verify look proofread edit revise update fix correct change modify add remove delete include prepare draft " +
    "write create make build put set schedule book reserve arrange organize organise plan coordinate submit file sign " +
    "fill complete finish finalize finalise approve authorize process pay buy order purchase get grab pick bring take " +
    "give provide share circulate distribute post upload download install print scan copy attach tell ask inform notify " +
    "remind let advise discuss talk meet join attend come stop go visit find locate track trace follow handle resolve " +
    "investigate research compile gather collect pull run test try deliver ship return cancel move transfer register " +
    "enroll apply renew consider decide choose select list summarize summarise present introduce invite help assist " +
    "ensure remember keep hold block save reschedule postpone push escalate loop clarify explain describe outline " +
    "estimate calculate analyze analyse assess evaluate comment use paste press click enter log sign-up"
  ).split(" "),
);

// Imperative openings that are pleasantries or pointers, not requests.
const NOT_A_REQUEST =
  /^(?:see (?:you|below|attached|above|the attached)|have a (?:good|great|nice|wonderful|safe)|take care|keep up|feel free|enjoy|note (?:that|:)|thanks|thank you|look(?:ing)? forward|let me know if you (?:have|need) (?:any )?(?:questions|anything|help)|let (?:me|us) know if (?:there is|there's) anything|please (?:find|see) (?:attached|enclosed|below|the attached)|please note|please be (?:advised|aware)|please do not (?:reply|respond)|please don'?t (?:reply|respond))/i;
// Boilerplate offers of help: a request only in form.
const BOILERPLATE =
  /\b(?:if you (?:have|need) (?:any )?(?:further |more |other )?(?:questions|assistance|help|information|anything)|(?:don'?t|do not) hesitate to|feel free to|at your (?:earliest )?convenience,? (?:please )?contact|to unsubscribe|no longer (?:wish|want) to receive|to be removed|to ensure (?:delivery|that you receive)|add \S+ to your (?:address book|safe sender)|click (?:here|the link|below)|do not reply to this)\b/i;

const REQUEST_LEAD: RegExp[] = [
  /\b(?:could|can|would|will) you (?:please |kindly |possibly |also |just )?(?<action>.+)$/i,
  /\b(?:could|can) (?:i|we) (?:please )?(?:get|have) you to (?<action>.+)$/i,
  /\b(?:i|we) (?:need|want|would like|'d like|'d love|would love) you to (?<action>.+)$/i,
  /\byou (?:need|have|will need|'ll need|must|should|might want) to (?<action>.+)$/i,
  /\b(?:please|pls|plz|kindly) (?<action>.+)$/i,
  /\b(?:make sure|be sure|remember|don'?t forget) (?:that )?(?:you )?(?:to )?(?<action>.+)$/i,
  /\b(?:i|we) (?:would|'d) (?:really |greatly )?appreciate (?:it )?if you (?:could |would |can )?(?<action>.+)$/i,
  /\bit would be (?:great|helpful|good|nice|ideal) if you (?:could |would |can )?(?<action>.+)$/i,
  /\b(?:i was|i am|i'm) wondering if you (?:could|would|can|might) (?<action>.+)$/i,
  /\bi'?d ask (?:that )?you (?<action>.+)$/i,
  /\bwe(?:'ll| will)? (?:need|have|must) to (?<action>.+)$/i,
];

const PROPOSAL = new RegExp(
  [
    "\\blet['’]s\\b",
    "(?:^|[,:]\\s*)lets\\b(?! you)",
    "\\blet us (?:meet|talk|discuss|get|plan|schedule|set)",
    "\\b(?:shall|should|could|can) we\\b",
    "\\b(?:how|what) about\\b",
    "\\bwhy don'?t we\\b",
    "\\bwe (?:could|can|should|might) (?:meet|talk|discuss|get together|have|schedule|set|grab|go)\\b",
    "\\b(?:i|we) (?:suggest|propose|recommend)\\b",
    "\\bwould you (?:like|care|be (?:interested|willing|able|available))\\b",
    "\\bare you (?:available|free|around|able|interested|up for|in town)\\b",
    "\\bif you(?:'re| are) (?:available|free|around|interested)\\b",
    "\\bwill you be (?:available|able|around|free|in|at)\\b",
    "\\b(?:you|u) (?:available|free) (?:to|for|on|at)\\b",
    "\\b(?:is it |would it be )?possible (?:for (?:you|u)(?: guys)? )?to\\b",
    "\\b(?:i|we)(?:'ll| will| shall| can| could| would)(?: \\w+ly)? (?:call|visit(?: with)?|meet(?: with)?|see|talk (?:to|with)|catch up with|give|get back to|follow up with|touch base with|reach out to|debrief|speak (?:to|with)|chat with) you\\b",
    "\\b(?:i|we)(?:'d| would)(?: very much| really)? (?:like|love) to (?:meet|talk|speak|discuss|get together|invite|set up|schedule|see you|hear from you|spend)",
    "\\bget together\\b",
    "\\bset (?:up )?a time\\b",
    "\\bset aside\\b",
  ].join("|"),
  "i",
);

const QUESTION_START =
  /^(?:\w+[,:]\s+)?(?:(?:so|and|but|also|hey|ok|okay|well),?\s+)?(?:can|could|would|will|do|does|did|are|is|was|were|have|has|had|should|shall|may|might|when|what|where|who|whom|whose|how|why|which|any|anything|ever)\b/i;

// Leading words before the verb of an imperative: a vocative, a connective, "please".
const VOCATIVE = /^(?:[A-Z][a-z][\w.'-]*(?: [A-Z][a-z][\w.'-]*)?|guys|all|team|folks|everyone|hi|hello)\s*[,:-]\s*/i;
const CONNECTIVES = /^(?:(?:also|and|so|then|just|now|first|finally|again|ok|okay|hey|meanwhile|in addition|additionally|alternatively|otherwise|if possible)[,:]?\s+)*(?:please\s+|pls\s+|kindly\s+)?/i;
/** What follows a verb that makes it an imperative rather than a noun ("Call me", not "Call volumes"). */
const OBJECT_START = /^(?:the|a|an|me|us|him|her|them|it|this|that|these|those|your|my|our|his|their|up|out|over|back|to|with|on|in|at|for|by|through|off|down|around|about|all|some|any|everyone|everybody|[A-Z][a-z]+)\b/;

// The same asks in the other languages Aiva drafts in (es, fr, de, pt, it, nl).
const FOREIGN_REQUEST =
  /(?:^|[\s¿¡])(?:por favor|podr[íi]as|puedes|podr[íi]a usted|necesito que|env[íi]a(?:me)?|s'il (?:vous|te) pla[îi]t|merci de|pourriez-vous|pouvez-vous|peux-tu|pourrais-tu|bitte|könnten sie|können sie|kannst du|könntest du|per favore|potresti|puoi|potrebbe|mandami|você pode|poderia|pode me|preciso que|envie|kun je|zou je|wil je|graag)\b/i;
const FOREIGN_PROPOSAL =
  /(?:^|[\s¿¡])(?:podemos|podr[íi]amos|quedamos|nos vemos|pouvons-nous|pourrions-nous|on pourrait|se voir|können wir|könnten wir|sollen wir|treffen wir|possiamo|potremmo|ci vediamo|vamos|poderíamos|zullen we|kunnen we)\b/i;

/** A quoted header line that slipped into the text ("cc: Mary Joyce/Enron@EnronXGate"). */
export const HEADER_LIKE = /^(?:to|cc|bcc|from|sent|date|subject|sent by|importance)\s*:/i;

/** Prompt-injection phrasing: instructions to an AI, never obeyed and never scored. */
export const INJECTION =
  /\b(?:ignore|disregard|forget|override) (?:all |any |the )?(?:previous|prior|above|earlier|preceding|your|system) (?:instructions?|prompts?|rules|directions|messages?)\b|\b(?:mark|flag|classify|label|treat|set|tag|categori[sz]e|prioriti[sz]e|rate) (?:this|it|the (?:message|e-?mail|mail)|me)(?: (?:email|e-?mail|message|mail))? (?:as |to )?(?:an? )?(?:urgent|high(?:est)? priority|important|priority|not spam|safe|legitimate|critical)\b|\bsystem prompt\b|\b(?:you are|act as) (?:now )?(?:an? )?(?:ai|assistant|language model|chatbot|llm)\b|\bas an (?:ai|assistant|llm)\b|\b(?:assistant|ai|model|gpt|llm)s?\s*[:,]\s*(?:please )?(?:mark|classify|ignore|set|reply)/i;

function firstWord(text: string): string {
  return (/^[a-z][a-z'-]*/i.exec(text)?.[0] ?? "").toLowerCase();
}

/** The sentence as an imperative when it is one ("Please review the draft."). */
function imperativeAction(text: string, strict = false): string | null {
  for (const rest of [text.replace(VOCATIVE, "").replace(CONNECTIVES, ""), text.replace(CONNECTIVES, "")]) {
    const verb = firstWord(rest);
    if (!ACTION_VERBS.has(verb)) continue;
    const after = rest.slice(verb.length).trimStart();
    // "Call center staff are ..." / "Review is done": a noun followed by a verb or a copula.
    const second = firstWord(after);
    if (/^(?:is|are|was|were|has|have|had|will|would|can|could|should|seems?|looks?|went|got|of|center|list|log|process|order|plan|file|test|copy|call|meeting|date|volumes?|rates?|prices?)$/.test(second)) continue;
    if (strict && !OBJECT_START.test(after)) continue;
    // "Fax 314.918.9015" in a signature: a verb needs words to act on.
    if (!/[a-z]{2,}/i.test(after) && !/^(?:me|us)\b/i.test(after)) continue;
    if (verb === "let" && !/^let (?:me|us|them|him|her|[A-Z]\w+) know\b/i.test(rest)) continue;
    return rest;
  }
  return null;
}

/** "If you want to hear it now, give me a call." / "Before Friday's meeting, prepare a memo." */
function trailingImperative(text: string): string | null {
  const comma = /^([^,]{3,90}),\s*(?:just |please |then |simply )?(.+)$/.exec(text);
  if (!comma || /^(?:thanks|thank you|hi|hello|dear|yes|no|ok|okay|sure|well)\b/i.test(comma[1]!)) return null;
  return imperativeAction(comma[2]!, true);
}

export function sentenceIntent(sentence: Sentence): Intent | null {
  const text = sentence.text.replace(/^[-*•·>#\s]+/, "").trim();
  if (text.length < 6 || INJECTION.test(text) || HEADER_LIKE.test(text)) return null;
  const question = /\?\s*(?:["')\]]|$)/.test(text) || /\?\s+\S/.test(text);
  if (NOT_A_REQUEST.test(text) || (BOILERPLATE.test(text) && !question)) return null;

  for (const lead of REQUEST_LEAD) {
    const match = lead.exec(text);
    const action = match?.groups?.action?.trim();
    if (!action) continue;
    // "If you have to choose, ..." states a condition, it asks nothing.
    if (/\b(?:if|when|whether|unless|once|in case)\s+(?:\w+\s+)?$/i.test(text.slice(0, match!.index))) continue;
    const verb = firstWord(action);
    const pleaseLead = /^(?:please|pls|plz|kindly)\b/i.test(match![0]);
    const known = ACTION_VERBS.has(verb) || /^(?:let (?:me|us|them)|get back|give (?:me|us)|take a look|have a look|look (?:at|into|over))\b/i.test(action);
    // After "please" any verb is a request ("please itemize"), unless it only reassures.
    const pleaseVerb = pleaseLead && /^[a-z]{3,}\b/.test(action) && !/^(?:be|note|find|see|accept|excuse|forgive|enjoy|do not|don'?t)\b/i.test(action);
    if (known || pleaseVerb) {
      if (/^let (?:me|us) know\b/i.test(action) && !/\b(?:by|before|until)\b/i.test(action)) return { kind: "question", sentence, action: null };
      return { kind: "request", sentence, action };
    }
    // "Could you be there at 3?" "Would you like to join?" - a question, not a task.
    if (question) return { kind: PROPOSAL.test(text) ? "proposal" : "question", sentence, action: null };
  }
  const imperative = imperativeAction(text) ?? trailingImperative(text);
  if (imperative) {
    if (/^(?:meet|join|come)\b/i.test(imperative)) return { kind: "proposal", sentence, action: null };
    if (/^let (?:me|us) know\b/i.test(imperative)) return { kind: "question", sentence, action: null };
    return { kind: "request", sentence, action: imperative };
  }
  if (PROPOSAL.test(text)) return { kind: "proposal", sentence, action: null };
  if (question && (QUESTION_START.test(text) || /\b(?:you|your|we|us)\b/i.test(text))) return { kind: "question", sentence, action: null };
  if (FOREIGN_PROPOSAL.test(text)) return { kind: "proposal", sentence, action: null };
  if (FOREIGN_REQUEST.test(text)) {
    // "¿Podrías enviarme el informe?" asks for a task, as "Could you send me" does.
    return { kind: "request", sentence, action: text.replace(/^[¿¡]\s*/, "").replace(/\s*[?!.]+$/, "") };
  }
  // A question in any language ("¿Tienes el informe?", "Hast du Zeit?").
  if (question && !/^[\x00-\x7f]*$/.test(text)) return { kind: "question", sentence, action: null };
  if (question && /^¿|\b(?:tu|vous|du|sie|usted|você|voi|lei|jij|u)\b/i.test(text)) return { kind: "question", sentence, action: null };
  return null;
}

export function findIntents(sentences: Sentence[]): Intent[] {
  const intents: Intent[] = [];
  for (const sentence of sentences) {
    const intent = sentenceIntent(sentence);
    if (intent) intents.push(intent);
  }
  return intents;
}

// ---- tasks -----------------------------------------------------------------------------

const URGENT = /\b(?:asap|a\.s\.a\.p|urgent(?:ly)?|immediately|right away|right now|as soon as possible|at once|emergency|top priority|critical)\b/i;
const LOW = /\b(?:no rush|no hurry|whenever you (?:can|get a chance)|when you (?:get|have) a (?:chance|minute|moment)|at your (?:leisure|convenience)|low priority|not urgent)\b/i;
const DUE_WORDS = /\b(?:by|before|until|till|no later than|due|on or before|prior to|ahead of)\s*$/i;
const TRAILING_NOISE =
  /(?:[\s,;:-]+(?:please|thanks|thank you|thx|if possible|if you can|if you could|when you (?:get|have) a (?:chance|minute)|at your (?:earliest )?convenience|for me|as well|asap|a\.s\.a\.p\.?|as soon as possible|right away|today|tonight|tomorrow|immediately))+[\s.!?]*$/i;

export type TaskContext = {
  reference: DateReference;
  /** The dates already found in a sentence, when the caller has them. */
  datesIn?: (sentence: Sentence) => FoundDate[];
  /** Who "me" is in the sender's words: their first name. */
  senderName: string | null;
  /** English titles are turned to the reader's perspective; others are kept as written. */
  language?: Language;
};

/** "send me my notes" in Jeff's words → "send Jeff Jeff's notes" → tidied. */
function readerPerspective(action: string, senderName: string | null): string {
  const who = senderName ?? "them";
  const whose = senderName ? `${senderName}'s` : "their";
  return action
    .replace(/\bme\b/g, who)
    .replace(/\bmy\b/g, whose)
    .replace(/\bmyself\b/g, who)
    .replace(/\b(?:us)\b/g, who)
    .replace(/\bour\b/g, whose)
    .replace(/\byourself\b/g, "yourself");
}

/** A short imperative title: the action without its deadline, politeness and trailing clauses. */
export function taskTitle(action: string, due: FoundDate | null, actionOffset: number, senderName: string | null, language: Language = "en"): string {
  let title = action;
  if (due) {
    const start = due.index - actionOffset;
    const end = start + due.text.length;
    if (start >= 0 && end <= title.length) {
      const before = title.slice(0, start).replace(DUE_WORDS, "");
      title = `${before} ${title.slice(end)}`;
    }
  }
  title = title
    .replace(/\s*\([^)]*\)/g, "")
    .replace(/[?!.]+\s*$/, "")
    .replace(/,?\s+(?:so (?:that )?(?:i|we)|because|since|as (?:i|we)|in order to|and (?:then )?(?:i|we)(?:'ll| will)|which|who|if (?:you|there)|once|when (?:i|we)|otherwise)\b.*$/i, "")
    .replace(TRAILING_NOISE, "")
    .replace(/\s+(?:on|at|by|before|until|in|for)\s*$/i, "")
    .replace(/\s+/g, " ")
    .trim();
  if (language === "en") title = readerPerspective(title, senderName);
  title = title.charAt(0).toUpperCase() + title.slice(1);
  return clip(title, 80);
}

function priorityOf(text: string, due: FoundDate | null, reference: DateReference): TaskPriority {
  if (URGENT.test(text)) return "urgent";
  if (LOW.test(text)) return "low";
  if (due) {
    // A deadline within a day is urgent; within the coming week, high.
    const days = (due.start.getTime() - reference.instant.getTime()) / 86_400_000;
    if (days <= 1) return "urgent";
    if (days <= 7) return "high";
  }
  return "medium";
}

/** The deadline in a request: a date after "by/before/until", else the sentence's only date. */
function dueOf(sentence: Sentence, context: TaskContext): FoundDate | null {
  const text = sentence.text;
  // Offsets of dates found in the whole text are re-based on the sentence by their text.
  const found = context.datesIn
    ? context.datesIn(sentence).flatMap((d) => {
        const at = text.indexOf(d.text);
        return at >= 0 ? [{ ...d, index: at }] : [];
      })
    : findDates(text, context.reference, { direction: "future" });
  if (found.length === 0) {
    if (/\b(?:eod|end of (?:the )?day|cob|close of business|today|tonight)\b/i.test(text)) {
      return findDates("today", context.reference, { direction: "future", lenient: true })[0] ?? null;
    }
    return null;
  }
  const marked = found.find((f) => DUE_WORDS.test(text.slice(0, f.index)));
  return marked ?? (found.length === 1 ? found[0]! : null);
}

export function tasksFromIntents(intents: Intent[], context: TaskContext, limit = 5): TaskSuggestion[] {
  const tasks: TaskSuggestion[] = [];
  const seen = new Set<string>();
  for (const intent of intents) {
    if (intent.kind !== "request" || !intent.action) continue;
    const text = intent.sentence.text;
    const actionOffset = text.lastIndexOf(intent.action);
    const due = dueOf(intent.sentence, context);
    const title = taskTitle(intent.action, due, actionOffset < 0 ? 0 : actionOffset, context.senderName, context.language);
    if (title.split(/\s+/).length < 2) continue;
    const key = title.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    tasks.push({
      title,
      description: clip(text, 500),
      dueText: due?.text ?? null,
      due: due?.start ?? null,
      dueAllDay: due?.allDay ?? false,
      priority: priorityOf(text, due, context.reference),
    });
    if (tasks.length >= limit) break;
  }
  return tasks;
}
