import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import { z } from "zod";
import { type AiEngine, AiEngineError, type ModelCall } from "../types";
import { analysisOutputSchema, analyzeMessages, toAnalysis } from "./analyze-prompt";
import { draftMessages, draftOutputSchema, replySubject } from "./draft-prompt";
import { costUsd } from "./pricing";

// The OpenAI engine: OpenAI itself, or any server speaking its Chat Completions API
// (llama.cpp, Ollama, vLLM...) at OPENAI_BASE_URL. One structured-output call per task.
// The SDK does the timeouts and the retries (429 and 5xx, honouring Retry-After); what
// still fails becomes an AiEngineError whose message a user may read.

/** Bump when a prompt or output schema changes: results for the same input may change. */
export const PROMPT_VERSION = "p1";

export type OpenAiConfig = {
  apiKey: string;
  /** null: https://api.openai.com/v1. */
  baseURL: string | null;
  classifyModel: string;
  draftModel: string;
  timeoutMs: number;
  maxRetries: number;
};

export const DEFAULT_CLASSIFY_MODEL = "gpt-4.1-mini";
export const DEFAULT_DRAFT_MODEL = "gpt-4.1";
const OPENAI_API = "https://api.openai.com/v1";

const blank = (value: string | undefined) => !value?.trim();

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, unit: string): number {
  const raw = env[name];
  if (blank(raw)) return fallback;
  const parsed = z.coerce.number().int().min(min).max(max).safeParse(raw!.trim());
  if (!parsed.success) throw new Error(`${name} must be a whole number of ${unit} from ${min} to ${max} (got "${raw!.trim().slice(0, 40)}")`);
  return parsed.data;
}

/** The engine's settings from the environment; null when no OPENAI_API_KEY is set. */
export function openAiConfigFromEnv(env: NodeJS.ProcessEnv = process.env): OpenAiConfig | null {
  const apiKey = env.OPENAI_API_KEY?.trim();
  if (!apiKey) return null;
  let baseURL: string | null = null;
  if (!blank(env.OPENAI_BASE_URL)) {
    const parsed = z.url({ protocol: /^https?$/ }).safeParse(env.OPENAI_BASE_URL!.trim());
    if (!parsed.success) throw new Error("OPENAI_BASE_URL must be an http(s) URL, e.g. http://localhost:11434/v1");
    baseURL = parsed.data.replace(/\/+$/, "");
  }
  return {
    apiKey,
    baseURL,
    classifyModel: env.OPENAI_CLASSIFY_MODEL?.trim() || DEFAULT_CLASSIFY_MODEL,
    draftModel: env.OPENAI_DRAFT_MODEL?.trim() || DEFAULT_DRAFT_MODEL,
    timeoutMs: intFromEnv(env, "OPENAI_TIMEOUT_MS", 30_000, 1_000, 600_000, "milliseconds"),
    maxRetries: intFromEnv(env, "OPENAI_MAX_RETRIES", 3, 0, 10, "retries"),
  };
}

// ---- one structured call -----------------------------------------------------------------

type ChatMessage = { role: "system" | "user"; content: string };

// Built once: the JSON Schemas sent as `response_format` (strict structured outputs).
const ANALYSIS_FORMAT = zodResponseFormat(analysisOutputSchema, "message_analysis");
const DRAFT_FORMAT = zodResponseFormat(draftOutputSchema, "reply_draft");
type ResponseFormat = typeof ANALYSIS_FORMAT | typeof DRAFT_FORMAT;

/** Reasoning models take no temperature; a low reasoning effort keeps triage fast and cheap. */
const isReasoningModel = (model: string) => /^(o\d|gpt-5)/i.test(model);

const clip = (text: string, max = 200) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Some OpenAI-compatible servers wrap the JSON in a markdown fence. */
const unfence = (text: string) => text.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/i, "$1");

export function createOpenAiEngine(config: OpenAiConfig, options: { fetch?: typeof fetch } = {}): AiEngine {
  const client = new OpenAI({
    apiKey: config.apiKey,
    baseURL: config.baseURL ?? OPENAI_API,
    timeout: config.timeoutMs,
    maxRetries: config.maxRetries,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const server = config.baseURL ? `the OpenAI-compatible server at ${safeHost(config.baseURL)}` : "OpenAI";
  const Server = server[0]!.toUpperCase() + server.slice(1); // at the start of a sentence

  /** A user-readable AiEngineError for what the SDK threw; rethrows an abort as is. */
  function failure(error: unknown, model: string, setting: string, signal: AbortSignal | undefined): unknown {
    if (signal?.aborted) return signal.reason ?? error;
    if (error instanceof APIUserAbortError) return error;
    const kind = (k: AiEngineError["kind"], message: string) => new AiEngineError(message, k, null, { cause: error });
    if (error instanceof RateLimitError) {
      if (error.code === "insufficient_quota") return kind("config", `${Server} refused the request: the account has no quota left (check its billing).`);
      return kind("rate_limited", `${Server} is rate limiting requests; try again in a minute.`);
    }
    // The server's message for a bad key quotes part of the key: not repeated here.
    if (error instanceof AuthenticationError) return kind("config", `${Server} rejected the API key (401). Check OPENAI_API_KEY.`);
    if (error instanceof PermissionDeniedError) return kind("config", `${Server} denied access to model "${model}" (403). Check the key's project and ${setting}.`);
    if (error instanceof NotFoundError) return kind("config", `Model "${model}" was not found at ${server} (404). Check ${setting}${config.baseURL ? " and OPENAI_BASE_URL" : ""}.`);
    if (error instanceof BadRequestError || error instanceof UnprocessableEntityError) {
      return kind("config", `${Server} rejected the request for model "${model}" (${error.status}): ${clip(serverMessage(error))}`);
    }
    if (error instanceof APIConnectionError) {
      const what = error instanceof APIConnectionTimeoutError ? `did not answer within ${config.timeoutMs / 1000}s` : "could not be reached";
      return kind("unavailable", `${Server} ${what}; try again later.`);
    }
    if (error instanceof APIError) return kind("unavailable", `${Server} is having problems (HTTP ${error.status ?? "error"}); try again later.`);
    return error;
  }

  async function complete<T>(
    task: { model: string; setting: string; messages: ChatMessage[]; format: ResponseFormat; schema: z.ZodType<T>; maxTokens: number },
    signal: AbortSignal | undefined,
  ): Promise<{ value: T; call: ModelCall }> {
    const started = performance.now();
    let completion: OpenAI.ChatCompletion;
    try {
      completion = await client.chat.completions.create(
        {
          model: task.model,
          messages: task.messages,
          response_format: task.format,
          max_completion_tokens: task.maxTokens,
          ...(isReasoningModel(task.model) ? { reasoning_effort: "low" as const } : { temperature: 0.2 }),
        },
        { signal },
      );
    } catch (error) {
      throw failure(error, task.model, task.setting, signal);
    }
    const usage = completion.usage;
    const model = completion.model || task.model;
    const call: ModelCall = {
      engine: "openai",
      model,
      promptTokens: usage?.prompt_tokens ?? null,
      completionTokens: usage?.completion_tokens ?? null,
      costUsd: usage
        ? costUsd(model, {
            promptTokens: usage.prompt_tokens,
            cachedPromptTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
            completionTokens: usage.completion_tokens,
          })
        : null,
      latencyMs: Math.round(performance.now() - started),
    };
    const invalid = (message: string, cause?: unknown) => new AiEngineError(message, "invalid_output", call, { cause });
    const choice = completion.choices[0];
    if (!choice) throw invalid(`${Server} returned no answer.`);
    const { message } = choice;
    if (message.refusal) throw new AiEngineError(`The model declined to answer: ${clip(message.refusal)}`, "refused", call);
    if (choice.finish_reason === "content_filter") throw new AiEngineError("The model's content filter stopped the answer.", "refused", call);
    if (choice.finish_reason === "length") throw invalid("The model's answer was cut off before it was complete.");
    if (!message.content?.trim()) throw invalid("The model returned an empty answer.");
    let json: unknown;
    try {
      json = JSON.parse(unfence(message.content));
    } catch (error) {
      throw invalid("The model's answer was not valid JSON.", error);
    }
    const parsed = task.schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
      throw invalid(`The model's answer did not have the expected shape${where}: ${clip(issue?.message ?? "invalid")}`, parsed.error);
    }
    return { value: parsed.data, call };
  }

  return {
    id: "openai",
    version: `openai-${PROMPT_VERSION}:${config.classifyModel}+${config.draftModel}`,

    async analyze(input, signal) {
      const { value, call } = await complete(
        {
          model: config.classifyModel,
          setting: "OPENAI_CLASSIFY_MODEL",
          messages: analyzeMessages(input),
          format: ANALYSIS_FORMAT,
          schema: analysisOutputSchema,
          maxTokens: 4_000,
        },
        signal,
      );
      return { analysis: toAnalysis(value, input), call };
    },

    async draftReply(request, signal) {
      const { value, call } = await complete(
        {
          model: config.draftModel,
          setting: "OPENAI_DRAFT_MODEL",
          messages: draftMessages(request),
          format: DRAFT_FORMAT,
          schema: draftOutputSchema,
          maxTokens: 4_000,
        },
        signal,
      );
      const body = value.body.trim();
      if (!body) throw new AiEngineError("The model returned an empty reply.", "invalid_output", call);
      const subject = value.subject.replace(/\s+/g, " ").trim() || replySubject(request.message.subject);
      return { draft: { subject, body }, call };
    },
  };
}

/** Host (and port) of a URL, without any credentials or path. */
function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "OPENAI_BASE_URL";
  }
}

/** The server's own error text (OpenAI's {"error":{"message"}}), never a stack. */
function serverMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  return typeof body?.message === "string" ? body.message : error.message;
}
