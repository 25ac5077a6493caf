import { HEADER_LIKE, INJECTION, type Intent } from "./requests";
import { clip, type Sentence } from "./text";
import type { MessageView } from "./view";

// Extractive summaries: the message's own best one to three sentences, in their order.
// Greetings, sign-offs, signatures and mailing-list boilerplate never make the cut; what
// the sender asks, proposes or dates counts most, then what comes first and what echoes
// the subject.

const GREETING = /^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|greetings|hola|bonjour|hallo|ciao|olá|ola)\b[^.!?]{0,40}[,!:]?$/i;
const SIGN_OFF =
  /^(?:thanks|thank you|thx|regards|best|cheers|sincerely|kind regards|best regards|warm regards|talk soon|br|yours|all the best|take care|saludos|gracias|merci|cordialement|danke|grazie|obrigad[oa])\b[^.!?]{0,40}[.!]?$/i;
const BOILERPLATE =
  /\b(?:unsubscribe|mailing list|view (?:this|it) in (?:your|a) browser|privacy policy|all rights reserved|copyright|©|you are receiving this|manage (?:your )?(?:preferences|subscription)|this e-?mail (?:and any attachments|is confidential|was sent to)|intended (?:only )?for the (?:use|addressee)|listinfo|https?:\/\/\S+$)/i;
const NAME_LINE = /^[A-Z][a-z]+(?:\s[A-Z]\.?)?(?:\s[A-Z][a-z'-]+)?[.,]?$|^-+\s*\w+$/;

const STOP = new Set(
  "the a an and or of to in on for with at by from is are was were be been re fw fwd your our my this that these those it its as about into we you i".split(" "),
);

function topicWords(topic: string): Set<string> {
  return new Set((topic.toLowerCase().match(/[a-z0-9]{3,}/g) ?? []).filter((w) => !STOP.has(w)));
}

function usable(sentence: Sentence): boolean {
  const text = sentence.text;
  if (INJECTION.test(text) || HEADER_LIKE.test(text)) return false;
  if (GREETING.test(text) || SIGN_OFF.test(text) || BOILERPLATE.test(text) || NAME_LINE.test(text)) return false;
  if (!/[a-z]{2}/i.test(text)) return false;
  // Lines of symbols, table rows and URLs
  if ((text.match(/[^\w\s]/g)?.length ?? 0) > text.length * 0.3) return false;
  return true;
}

/** The best sentences of the sender's own text, in order. */
export function keySentences(view: MessageView, intents: Intent[], max = 3): Sentence[] {
  const words = topicWords(view.topic);
  const intentOf = new Map(intents.map((i) => [i.sentence.index, i.kind]));
  const scored: { sentence: Sentence; score: number; order: number }[] = [];
  let order = 0;
  for (const sentence of view.sentences) {
    if (!usable(sentence)) continue;
    const wordCount = sentence.text.split(/\s+/).length;
    if (wordCount < 3 && view.sentences.length > 1) continue;
    let score = Math.max(0, 2 - order * 0.5);
    const kind = intentOf.get(sentence.index);
    if (kind === "request") score += 2.5;
    else if (kind === "question" || kind === "proposal") score += 2;
    if (/\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b\d{1,2}(?::\d{2})?\s?(?:am|pm)\b|\btomorrow\b|\btoday\b|\b\d{1,2}\/\d{1,2}\b/i.test(sentence.text)) score += 1;
    const overlap = (sentence.text.toLowerCase().match(/[a-z0-9]{3,}/g) ?? []).filter((w) => words.has(w)).length;
    score += Math.min(2, overlap * 0.5);
    if (wordCount > 45) score -= 1;
    scored.push({ sentence, score, order });
    order++;
    if (order > 60) break;
  }
  return scored
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, max)
    .sort((a, b) => a.order - b.order)
    .map((s) => s.sentence);
}

/** Two or three sentences (at most ~400 characters), or the subject when there is no text. */
export function summarize(view: MessageView, intents: Intent[]): { summary: string; lead: string | null } {
  const sentences = keySentences(view, intents, 3);
  const parts: string[] = [];
  let length = 0;
  for (const sentence of sentences) {
    const text = clip(sentence.text, 240);
    if (parts.length > 0 && length + text.length > 400) break;
    parts.push(text);
    length += text.length + 1;
  }
  const lead = parts[0] ?? null;
  if (parts.length === 0) {
    const fallback = view.topic || clip(view.body, 200);
    return { summary: fallback ? clip(fallback, 300) : "(no text)", lead: null };
  }
  return { summary: parts.join(" "), lead };
}
