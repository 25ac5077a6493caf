import fs from "node:fs/promises";
import path from "node:path";
import { parseMime } from "@/server/mail/parse-mime";
import { aiMessageFromNormalized } from "../ai-message";
import { runPipeline, type PipelineResult } from "../pipeline";
import type { AiEngine, AnalysisInput, Category } from "../types";
import { isoDayInOffset, isoInOffset } from "./dates";

// `npm run eval` and `npm run eval:dev`: every .eml under a folder through the same
// pipeline the app runs (parse → pre-filter → engine → dates), one JSON line per file.
// No database: the owner is the first To address, the sender has no history, no thread.

export type EvalRecord = {
  file: string;
  category: Category;
  priority: string;
  actionability: string;
  spam: boolean;
  bulk: boolean;
  tasks: { title: string; due: string | null }[];
  meeting: { detected: boolean; start: string | null };
  dates: { text: string; value: string }[];
  error?: string;
};

export type EvalStats = {
  files: number;
  errors: number;
  decidedByPrefilter: number;
  categories: Record<string, number>;
  /** Pipeline time per file (pre-filter, engine and dates; parsing excluded), ms. */
  pipelineMs: number[];
  elapsedMs: number;
};

/** Every .eml file under `root`, as paths relative to it, sorted. */
export async function listEmlFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string) {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith(".eml")) out.push(path.relative(root, full));
    }
  }
  await walk(root);
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function failedRecord(file: string, error: unknown): EvalRecord {
  return {
    file,
    category: "work",
    priority: "medium",
    actionability: "none",
    spam: false,
    bulk: false,
    tasks: [],
    meeting: { detected: false, start: null },
    dates: [],
    error: error instanceof Error ? error.message : String(error),
  };
}

/** An instant as the writer wrote it: the day for all-day values, else a datetime with offset. */
function isoFor(date: Date | null, allDay: boolean, offsetMinutes: number): string | null {
  if (!date) return null;
  return allDay ? isoDayInOffset(date, offsetMinutes) : isoInOffset(date, offsetMinutes);
}

function recordOf(file: string, result: PipelineResult, offsetMinutes: number): EvalRecord {
  const c = result.classification;
  return {
    file,
    category: c.category,
    priority: c.priority,
    actionability: c.actionability,
    spam: c.spam,
    bulk: c.bulk,
    tasks: result.tasks.map((t) => ({ title: t.title, due: isoFor(t.due, t.dueAllDay, offsetMinutes) })),
    meeting: {
      detected: result.meeting !== null,
      start: result.meeting ? isoFor(result.meeting.start, result.meeting.allDay, offsetMinutes) : null,
    },
    dates: result.dates.map((d) => ({ text: d.text, value: d.value })),
  };
}

/** One file's line plus what the line leaves out (for the dev scorer). */
export type EvalResult = {
  record: EvalRecord;
  decidedBy: string | null;
  pipelineMs: number | null;
  sentiment: string | null;
};

/** One file through the pipeline; never throws. */
export async function evalFile(
  root: string,
  file: string,
  engine: AiEngine,
): Promise<EvalResult> {
  try {
    const bytes = await fs.readFile(path.join(root, file));
    const normalized = await parseMime(bytes);
    const message = aiMessageFromNormalized(normalized);
    const first = message.to[0];
    const input: AnalysisInput = {
      message,
      sender: null,
      owner: first ? { name: first.name, emails: [first.email] } : { name: null, emails: [] },
      thread: [],
    };
    const started = performance.now();
    const result = await runPipeline(input, engine);
    const pipelineMs = performance.now() - started;
    return {
      record: recordOf(file, result, message.utcOffsetMinutes ?? 0),
      decidedBy: result.decidedBy,
      pipelineMs,
      sentiment: result.classification.sentiment,
    };
  } catch (error) {
    return { record: failedRecord(file, error), decidedBy: null, pipelineMs: null, sentiment: null };
  }
}

export type RunEvalOptions = {
  corpus: string;
  engine: AiEngine;
  concurrency?: number;
  /** Called in file order. */
  onRecord?: (record: EvalRecord) => void | Promise<void>;
};

export async function runEval(options: RunEvalOptions): Promise<{ results: EvalResult[]; stats: EvalStats }> {
  const started = performance.now();
  const files = await listEmlFiles(options.corpus);
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const results: EvalResult[] = new Array(files.length);
  const done: boolean[] = new Array(files.length).fill(false);
  let next = 0;
  let flushed = 0;
  const flush = async () => {
    while (flushed < files.length && done[flushed]) {
      await options.onRecord?.(results[flushed]!.record);
      flushed++;
    }
  };
  async function worker() {
    while (next < files.length) {
      const i = next++;
      results[i] = await evalFile(options.corpus, files[i]!, options.engine);
      done[i] = true;
      await flush();
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  await flush();

  const stats: EvalStats = { files: files.length, errors: 0, decidedByPrefilter: 0, categories: {}, pipelineMs: [], elapsedMs: 0 };
  for (const result of results) {
    if (result.record.error) stats.errors++;
    if (result.decidedBy === "prefilter") stats.decidedByPrefilter++;
    stats.categories[result.record.category] = (stats.categories[result.record.category] ?? 0) + 1;
    if (result.pipelineMs !== null) stats.pipelineMs.push(result.pipelineMs);
  }
  stats.elapsedMs = performance.now() - started;
  return { results, stats };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function formatStats(stats: EvalStats): string {
  const share = stats.files ? ((100 * stats.decidedByPrefilter) / stats.files).toFixed(1) : "0.0";
  const categories = Object.entries(stats.categories)
    .sort((a, b) => b[1] - a[1])
    .map(([name, count]) => `${name} ${count}`)
    .join(", ");
  const mean = stats.pipelineMs.length ? stats.pipelineMs.reduce((a, b) => a + b, 0) / stats.pipelineMs.length : 0;
  return [
    `files: ${stats.files}`,
    `categories: ${categories || "-"}`,
    `decided by the pre-filter (no engine): ${stats.decidedByPrefilter} (${share}%)`,
    `errors: ${stats.errors}`,
    `pipeline per message: mean ${mean.toFixed(2)} ms, p95 ${percentile(stats.pipelineMs, 95).toFixed(2)} ms (parsing excluded)`,
    `elapsed: ${(stats.elapsedMs / 1000).toFixed(1)} s`,
  ].join("\n");
}
