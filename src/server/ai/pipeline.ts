import { extractDates } from "./local/dates";
import { prefilter } from "./local/prefilter";
import type { AiEngine, Analysis, AnalysisInput, DateMention, ModelCall } from "./types";

// One message through the AI: the deterministic pre-filter decides bulk mail, automated
// notifications, codes and receipts without a model; everything else goes to the engine
// (local rules or an LLM). Dates are always found locally (chrono-node), so every engine
// resolves "next Tuesday at 3" the same way. The background jobs, the thread panel and
// `npm run eval` all call this, so what is measured is what runs.

export type PipelineResult = Analysis & {
  dates: DateMention[];
  /** "prefilter" when no engine was asked. */
  decidedBy: "prefilter" | AiEngine["id"];
  /** The engine call, for ai_action_logs; null when the pre-filter decided. */
  call: ModelCall | null;
};

export async function runPipeline(input: AnalysisInput, engine: AiEngine, signal?: AbortSignal): Promise<PipelineResult> {
  const dates = extractDates(input.message);
  const decided = prefilter(input);
  if (decided) return { ...decided, dates, decidedBy: "prefilter", call: null };
  const { analysis, call } = await engine.analyze(input, signal);
  return { ...analysis, dates, decidedBy: engine.id, call };
}
