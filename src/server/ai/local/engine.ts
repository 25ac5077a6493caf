import type { AiEngine, Analysis, AnalysisInput, Draft, DraftRequest, ModelCall } from "../types";
import { classify } from "./classify";
import { composeDraft } from "./draft";
import { detectMeeting } from "./meeting";
import { findIntents, tasksFromIntents } from "./requests";
import { spamVerdict } from "./spam";
import { firstName } from "./text";
import { viewOf } from "./view";

// The local engine: rules and lexicons, no network, no key, deterministic. It reads a
// message the pre-filter left alone (usually one a person wrote) and answers in the same
// shapes as an LLM engine, so Aiva is useful without one.

export const LOCAL_MODEL = "aiva-local-1";

function call(started: number): ModelCall {
  return { engine: "local", model: LOCAL_MODEL, promptTokens: null, completionTokens: null, costUsd: 0, latencyMs: Math.round(performance.now() - started) };
}

/** The analysis itself, synchronous (tests and the eval use it directly). */
export function analyzeLocally(input: AnalysisInput): Analysis {
  const view = viewOf(input);
  const verdict = spamVerdict(view, input.sender);
  const intents = verdict.spam ? [] : findIntents(view.sentences);
  const tasks = verdict.spam ? [] : tasksFromIntents(intents, { reference: view.reference, senderName: firstName(input.message.from), datesIn: view.datesIn, language: view.language });
  const meeting = verdict.spam ? null : detectMeeting(view, intents);
  const classification = classify({ view, sender: input.sender, verdict, intents, tasks, meeting });
  // Bulk mail's "please click" and "join us" are not the reader's tasks.
  const keepTasks = classification.bulk && classification.category !== "finance" ? [] : tasks;
  return { classification, tasks: keepTasks, meeting: classification.bulk && !input.message.calendar.length ? null : meeting };
}

export function draftLocally(request: DraftRequest): Draft {
  const view = viewOf(request);
  const intents = findIntents(view.sentences);
  const tasks = tasksFromIntents(intents, { reference: view.reference, senderName: firstName(request.message.from), datesIn: view.datesIn, language: view.language });
  const meeting = detectMeeting(view, intents);
  return composeDraft(request, { view, intents, tasks, meeting });
}

function checkAborted(signal?: AbortSignal) {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error("aborted");
}

export const localEngine: AiEngine = {
  id: "local",
  version: "local-1",
  async analyze(input, signal) {
    checkAborted(signal);
    const started = performance.now();
    const analysis = analyzeLocally(input);
    return { analysis, call: call(started) };
  },
  async draftReply(request, signal) {
    checkAborted(signal);
    const started = performance.now();
    const draft = draftLocally(request);
    return { draft, call: call(started) };
  },
};
