// `npm run eval:dev [-- --engine local|openai] [--keep] [--verbose]`
//
// Scores the AI pipeline on the labelled dev sets of the evaluation corpus (never the
// holdout). The raw mail sets are used as they are; the sentence and news sets are wrapped
// as minimal .eml files (From/To/Date/Subject and a plain body) the way a scorer would
// feed them. Everything then goes through the same runner as `npm run eval`, and the
// answers are joined with the labels. Label mappings are documented in docs/ai-quality.md.
//
// The corpus folder is AIVA_EVAL_CORPUS, default ../shared/corpus next to the repository.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { engineFor, type EnginePreference } from "../src/server/ai/engines";
import { formatStats, runEval, type EvalRecord } from "../src/server/ai/local/eval-runner";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CORPUS = path.resolve(process.env.AIVA_EVAL_CORPUS ?? path.join(ROOT, "..", "shared", "corpus"));

const { values } = parseArgs({
  options: {
    engine: { type: "string", default: "local" },
    keep: { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
  },
});

type Json = Record<string, unknown>;
const readJsonl = (file: string): Json[] =>
  fs.readFileSync(file, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as Json);

// ---- the dev sets, as .eml files -----------------------------------------------------------

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aiva-eval-dev-"));

function copyTree(from: string, to: string) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    if (entry.isDirectory()) copyTree(source, path.join(to, entry.name));
    else if (entry.name.endsWith(".eml")) fs.copyFileSync(source, path.join(to, entry.name));
  }
}

/** A minimal message around a text, as an evaluation harness would write it. */
function wrap(file: string, fields: { subject: string; date: string; body: string }) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const body = fields.body.replace(/\r?\n/g, "\r\n");
  fs.writeFileSync(
    file,
    `From: Pat Sender <pat.sender@example.com>\r\nTo: Robin Reader <robin.reader@example.com>\r\nDate: ${fields.date}\r\nSubject: ${fields.subject}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`,
  );
}

const RFC_DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const RFC_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** "1998-02-13T15:44:00" or "1989-11-01" (a DCT) as an RFC 5322 date in UTC. */
function rfcDate(dct: string): string {
  const d = new Date(dct.length === 10 ? `${dct}T00:00:00Z` : `${dct}Z`);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${RFC_DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${RFC_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

const FIXED_DATE = "Mon, 14 May 2001 10:00:00 -0700";

copyTree(path.join(CORPUS, "spamassassin/dev"), path.join(tmp, "spamassassin"));
copyTree(path.join(CORPUS, "enron-berkeley/dev"), path.join(tmp, "enron"));
copyTree(path.join(CORPUS, "bc3/dev"), path.join(tmp, "bc3"));

const parakweet = readJsonl(path.join(CORPUS, "parakweet-intent/dev/labelled_sentences.jsonl"));
for (const row of parakweet) {
  wrap(path.join(tmp, "parakweet", `${row.id}.eml`), { subject: `Message ${row.id}`, date: FIXED_DATE, body: String(row.text) });
}
const mailexLabels = readJsonl(path.join(CORPUS, "mailex/dev/labels.jsonl"));
for (const row of mailexLabels) {
  const turn = JSON.parse(fs.readFileSync(path.join(CORPUS, String(row.file)), "utf8")) as Json;
  const name = path.basename(String(row.file), ".json");
  wrap(path.join(tmp, "mailex", `${name}.eml`), { subject: `Turn ${name}`, date: FIXED_DATE, body: String(turn.text) });
}
const te3Labels = readJsonl(path.join(CORPUS, "temporal-te3/dev/labels.jsonl"));
for (const row of te3Labels) {
  const name = path.basename(String(row.file), ".txt");
  const text = fs.readFileSync(path.join(CORPUS, String(row.file)), "utf8");
  wrap(path.join(tmp, "te3", `${name}.eml`), { subject: "News", date: rfcDate(String(row.document_creation_time)), body: text });
}

// ---- run -----------------------------------------------------------------------------------

const engine = await engineFor(values.engine as EnginePreference);
const { results, stats } = await runEval({ corpus: tmp, engine, concurrency: engine.id === "openai" ? 4 : 1 });
const byFile = new Map(results.map((r) => [r.record.file, r.record]));
const sentimentOf = new Map(results.map((r) => [r.record.file, r.sentiment]));
const get = (file: string): EvalRecord => {
  const record = byFile.get(file);
  if (!record) throw new Error(`no result for ${file}`);
  return record;
};

// ---- scoring --------------------------------------------------------------------------------

type Counts = { tp: number; fp: number; fn: number; tn: number };
const counts = (): Counts => ({ tp: 0, fp: 0, fn: 0, tn: 0 });
function tally(c: Counts, gold: boolean, predicted: boolean) {
  if (gold && predicted) c.tp++;
  else if (predicted) c.fp++;
  else if (gold) c.fn++;
  else c.tn++;
}
const prf = (c: Counts) => {
  const p = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0;
  const r = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
};

const rows: { task: string; set: string; n: number; c: Counts }[] = [];
const misses: string[] = [];
function score(task: string, set: string, items: { id: string; gold: boolean; predicted: boolean }[]) {
  const c = counts();
  for (const item of items) {
    tally(c, item.gold, item.predicted);
    if (item.gold !== item.predicted) misses.push(`${task} ${set} ${item.gold ? "FN" : "FP"} ${item.id}`);
  }
  rows.push({ task, set, n: items.length, c });
}

const requested = (r: EvalRecord) => r.tasks.length > 0 || ["reply_needed", "action_required", "scheduling"].includes(r.actionability);

// SpamAssassin: is_spam; bulk = spam or hard_ham (newsletters, commercial) against easy_ham.
const sa = readJsonl(path.join(CORPUS, "spamassassin/dev/labels.jsonl")).map((row) => {
  const labels = row.labels as Json;
  return { id: path.basename(String(row.file)), record: get(`spamassassin/${path.basename(String(row.file))}`), spam: labels.is_spam === true, cls: String(labels.sa_class) };
});
score("spam", "SpamAssassin", sa.map((s) => ({ id: s.id, gold: s.spam, predicted: s.record.spam })));
score("bulk", "SpamAssassin", sa.map((s) => ({ id: s.id, gold: s.cls !== "easy_ham", predicted: s.record.bulk })));
score("newsletter/marketing (not spam)", "SpamAssassin", sa.map((s) => ({ id: s.id, gold: s.cls === "hard_ham", predicted: !s.record.spam && ["newsletter", "marketing", "notification"].includes(s.record.category) })));

// Enron (Berkeley): 1.4 logistics (any annotator) ~ meeting; 2.4/2.7/2.10 ~ newsletter/news; 4.x tone.
type Code = { code: string; annotator_count: number };
const enron = readJsonl(path.join(CORPUS, "enron-berkeley/dev/labels.jsonl")).map((row) => {
  const labels = row.labels as Record<string, Code[] | undefined>;
  const codes = [...(labels.coarse_genre ?? []), ...(labels.included_forwarded_information ?? []), ...(labels.emotional_tone ?? [])].map((c) => c.code);
  return { id: path.basename(String(row.file)), record: get(`enron/${path.basename(String(row.file))}`), codes, tones: (labels.emotional_tone ?? []).map((c) => c.code) };
});
score("meeting", "Enron 1.4", enron.map((e) => ({ id: e.id, gold: e.codes.includes("1.4"), predicted: e.record.meeting.detected })));
score("newsletter/news", "Enron 2.4/2.7/2.10", enron.map((e) => ({ id: e.id, gold: e.codes.some((c) => ["2.4", "2.7", "2.10"].includes(c)), predicted: e.record.category === "newsletter" })));
// Tone: 4.1-4.8, 4.14, 4.15 positive; 4.9, 4.11-4.13, 4.16-4.19 negative; 4.10 (secrecy) and none neutral.
// The eval line has no sentiment; it is read from the same pipeline run.
const POSITIVE_TONES = ["4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7", "4.8", "4.14", "4.15"];
const NEGATIVE_TONES = ["4.9", "4.11", "4.12", "4.13", "4.16", "4.17", "4.18", "4.19"];
const tone = enron.map((e) => ({
  id: e.id,
  positive: e.tones.some((t) => POSITIVE_TONES.includes(t)),
  negative: e.tones.some((t) => NEGATIVE_TONES.includes(t)),
  predicted: sentimentOf.get(`enron/${e.id}`) ?? "neutral",
}));
score("sentiment positive", "Enron 4.x", tone.map((t) => ({ id: t.id, gold: t.positive, predicted: t.predicted === "positive" || t.predicted === "mixed" })));
score("sentiment negative", "Enron 4.x", tone.map((t) => ({ id: t.id, gold: t.negative, predicted: t.predicted === "negative" || t.predicted === "mixed" })));

// BC3: majority speech acts per email.
// (labels.jsonl also holds thread summaries, lines without a "file")
const bc3 = readJsonl(path.join(CORPUS, "bc3/dev/labels.jsonl")).filter((row) => typeof row.file === "string").map((row) => {
  const labels = row.labels as Json;
  const rel = String(row.file).replace(/^bc3\/dev\//, "bc3/");
  return { id: rel, record: get(rel), acts: (labels.speech_acts_majority as string[]) ?? [] };
});
score("meeting", "BC3 meet", bc3.map((b) => ({ id: b.id, gold: b.acts.includes("meet"), predicted: b.record.meeting.detected })));
score("request", "BC3 req", bc3.map((b) => ({ id: b.id, gold: b.acts.includes("req"), predicted: requested(b.record) })));

// Parakweet: the sentence asks or proposes that the reader do something.
score("request", "Parakweet intent", parakweet.map((row) => ({ id: String(row.id), gold: row.intent === true, predicted: requested(get(`parakweet/${row.id}.eml`)) })));

// MailEx: Request_Action / Request_Data / Request_Action_Data; any *Meeting* trigger.
const mailex = mailexLabels.map((row) => {
  const name = path.basename(String(row.file), ".json");
  return { id: name, record: get(`mailex/${name}.eml`), types: ((row.labels as Json).event_types as string[]) ?? [] };
});
score("request", "MailEx Request_*", mailex.map((m) => ({ id: m.id, gold: m.types.some((t) => /^Request_(?:Action|Data|Action_Data)$/.test(t)), predicted: requested(m.record) })));
score("meeting", "MailEx *Meeting*", mailex.map((m) => ({ id: m.id, gold: m.types.some((t) => t.includes("Meeting")), predicted: m.record.meeting.detected })));

// TempEval-3: DATE and TIME expressions whose value names a day or a time.
type Timex = { type: string; value: string; text: string; start: number };
const dayLevel = (value: string) => /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2})?/.test(value);
const sameValue = (gold: string, predicted: string) => {
  const g = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2})?/.exec(gold)![0];
  return g.length > 10 ? predicted.slice(0, 16) === g : predicted.slice(0, 10) === g;
};
const overlapsText = (a: string, b: string) => {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x.includes(y) || y.includes(x);
};
const dates = counts();
let unscoredPredictions = 0;
for (const row of te3Labels) {
  const name = path.basename(String(row.file), ".txt");
  const record = get(`te3/${name}.eml`);
  const predictions = record.dates.filter((d) => !/^News$/i.test(d.text)).map((d) => ({ ...d, used: false }));
  const timexes = (row.timex3 as Timex[]).sort((a, b) => a.start - b.start);
  for (const gold of timexes.filter((t) => (t.type === "DATE" || t.type === "TIME") && dayLevel(t.value))) {
    const hit = predictions.find((p) => !p.used && overlapsText(p.text, gold.text) && sameValue(gold.value, p.value));
    if (hit) {
      hit.used = true;
      dates.tp++;
    } else {
      dates.fn++;
      misses.push(`dates TempEval FN ${name} "${gold.text}" ${gold.value}`);
    }
  }
  for (const p of predictions.filter((p) => !p.used)) {
    // A prediction on a coarser gold expression ("December" = 1997-12) is not scored either way.
    const coarse = timexes.find((t) => (t.type === "DATE" || t.type === "TIME") && !dayLevel(t.value) && overlapsText(p.text, t.text));
    if (coarse) {
      unscoredPredictions++;
      continue;
    }
    dates.fp++;
    misses.push(`dates TempEval FP ${name} "${p.text}" ${p.value}`);
  }
}
rows.push({ task: "date values", set: "TempEval-3 DATE/TIME (day or time)", n: dates.tp + dates.fn, c: dates });

// ---- report ---------------------------------------------------------------------------------

const pct = (x: number) => x.toFixed(2);
console.log(`engine: ${engine.id} (${engine.version}), corpus: ${CORPUS}`);
console.log(formatStats(stats));
console.log("");
console.log("| task | dev set | n | TP | FP | FN | precision | recall | F1 |");
console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|");
for (const row of rows) {
  const { p, r, f1 } = prf(row.c);
  console.log(`| ${row.task} | ${row.set} | ${row.n} | ${row.c.tp} | ${row.c.fp} | ${row.c.fn} | ${pct(p)} | ${pct(r)} | ${pct(f1)} |`);
}
const pooled = (task: string) => {
  const c = counts();
  for (const row of rows.filter((r) => r.task === task)) {
    c.tp += row.c.tp;
    c.fp += row.c.fp;
    c.fn += row.c.fn;
  }
  const { p, r, f1 } = prf(c);
  return `| ${task} (pooled) | all | | ${c.tp} | ${c.fp} | ${c.fn} | ${pct(p)} | ${pct(r)} | ${pct(f1)} |`;
};
console.log(pooled("meeting"));
console.log(pooled("request"));
console.log(`\n(TempEval: ${unscoredPredictions} predictions on coarser gold expressions not scored)`);
if (values.verbose) console.log(`\n${misses.join("\n")}`);
if (values.keep) console.log(`\nkept: ${tmp}`);
else fs.rmSync(tmp, { recursive: true, force: true });
