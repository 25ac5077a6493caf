import { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";

// A small, stateful stand-in for the OpenAI HTTP API behind `<baseURL>` (= `<origin>/v1`),
// enough to run the real `openai` SDK against:
//   POST /v1/chat/completions   Chat Completions, with `response_format` json_schema / json_object
// Requests need `Authorization: Bearer <apiKey>`; errors use OpenAI's shape
// {"error":{"message","type","param","code"}}. Every request is recorded. Replies are
// scripted: `enqueue()` one-shot replies (used first, in order), `respondWith()` the reply
// for everything else. A `json` reply is checked against the schema the request sent, as
// strict structured outputs would guarantee, so a test cannot script an answer the real
// API could never give; `content` sends any text (a non-strict local server, broken JSON).

export type FakeChatRequest = {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (null when it was not JSON). */
  body: FakeChatBody | null;
  /** The status the fake answered with (0 while a hanging reply is pending). */
  status: number;
};

export type FakeChatMessage = { role: string; content: string | { type: string; text?: string }[] | null };

export type FakeChatBody = {
  model: string;
  messages: FakeChatMessage[];
  response_format?: { type: string; json_schema?: { name: string; schema: JsonSchema; strict?: boolean | null } };
  [key: string]: unknown;
};

export type FakeUsage = { prompt_tokens: number; completion_tokens: number; cached_tokens?: number };

type Answer = {
  /** The model name the response reports (default: the requested model). */
  model?: string;
  usage?: Partial<FakeUsage>;
  finishReason?: "stop" | "length" | "content_filter";
};

export type FakeReply =
  /** Structured content, serialized and checked against the request's json_schema. */
  | ({ json: unknown } & Answer)
  /** Raw assistant content, unchecked. */
  | ({ content: string | null } & Answer)
  | ({ refusal: string } & Answer)
  /** An API error; `retryAfter` (seconds) sets the retry-after header. */
  | { status: number; message?: string; type?: string; code?: string | null; retryAfter?: number; headers?: Record<string, string> }
  /** Never answer (the client times out or aborts). */
  | { hang: true };

export type FakeHandler = (request: FakeChatRequest & { body: FakeChatBody }) => FakeReply | Promise<FakeReply>;

export type FakeOpenAi = {
  /** Pass as the SDK's `baseURL`. */
  baseURL: string;
  apiKey: string;
  requests: FakeChatRequest[];
  /** Scripting mistakes (a `json` reply that breaks the request's schema); expect it empty. */
  problems: string[];
  /** The reply to every request the queue does not answer. */
  respondWith(reply: FakeReply | FakeHandler): void;
  /** One-shot replies, used in order before `respondWith`'s. */
  enqueue(...replies: (FakeReply | FakeHandler)[]): void;
  /** Forget requests, problems and scripted replies (between tests). */
  reset(): void;
  /** The system and user texts of a recorded chat request. */
  textOf(request: FakeChatRequest, role: "system" | "user" | "developer"): string;
  close(): Promise<void>;
};

// ---- a JSON Schema subset: what zod and strict structured outputs produce ---------------

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  definitions?: Record<string, JsonSchema>;
  [key: string]: unknown;
};

const typeOf = (value: unknown) =>
  value === null ? "null" : Array.isArray(value) ? "array" : Number.isInteger(value) ? "integer" : typeof value;

function resolveRef(ref: string, root: JsonSchema): JsonSchema {
  const m = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  const target = m ? root[m[1] as "$defs" | "definitions"]?.[m[2]!] : ref === "#" ? root : undefined;
  if (!target) throw new Error(`fake OpenAI: unresolvable $ref ${ref}`);
  return target;
}

/** Where `value` breaks `schema`; [] when it conforms. */
export function schemaErrors(value: unknown, schema: JsonSchema, root: JsonSchema = schema, path = "$"): string[] {
  if (schema.$ref) return schemaErrors(value, resolveRef(schema.$ref, root), root, path);
  if (schema.anyOf) {
    return schema.anyOf.some((s) => schemaErrors(value, s, root, path).length === 0) ? [] : [`${path}: matches none of anyOf`];
  }
  if ("const" in schema && value !== schema.const) return [`${path}: expected ${JSON.stringify(schema.const)}`];
  if (schema.enum && !schema.enum.includes(value)) return [`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`];
  if (schema.type) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const actual = typeOf(value);
    if (!types.includes(actual) && !(actual === "integer" && types.includes("number"))) return [`${path}: expected ${types.join("|")}, got ${actual}`];
  }
  const errors: string[] = [];
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${path}: below minimum ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${path}: above maximum ${schema.maximum}`);
  }
  if (Array.isArray(value) && schema.items) value.forEach((item, i) => errors.push(...schemaErrors(item, schema.items!, root, `${path}[${i}]`)));
  if (typeOf(value) === "object" && (schema.properties || schema.required)) {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in object)) errors.push(`${path}.${key}: required`);
    for (const [key, item] of Object.entries(object)) {
      const property = schema.properties?.[key];
      if (property) errors.push(...schemaErrors(item, property, root, `${path}.${key}`));
      else if (schema.additionalProperties === false) errors.push(`${path}.${key}: not allowed`);
    }
  }
  return errors;
}

/** What OpenAI rejects in a strict schema: objects must list every property as required and allow no others. */
export function strictSchemaErrors(schema: JsonSchema, path = "schema"): string[] {
  const errors: string[] = [];
  if (schema.properties) {
    const keys = Object.keys(schema.properties);
    const missing = keys.filter((k) => !schema.required?.includes(k));
    if (missing.length) errors.push(`${path}: 'required' must list every property (missing ${missing.join(", ")})`);
    if (schema.additionalProperties !== false) errors.push(`${path}: 'additionalProperties' must be false`);
    for (const [k, s] of Object.entries(schema.properties)) errors.push(...strictSchemaErrors(s, `${path}.${k}`));
  }
  if (schema.items) errors.push(...strictSchemaErrors(schema.items, `${path}[]`));
  schema.anyOf?.forEach((s, i) => errors.push(...strictSchemaErrors(s, `${path}.anyOf[${i}]`)));
  for (const [k, s] of Object.entries(schema.$defs ?? schema.definitions ?? {})) errors.push(...strictSchemaErrors(s, `${path}.$defs.${k}`));
  return errors;
}

// ---- the server -----------------------------------------------------------------------------

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type = "invalid_request_error",
    readonly code: string | null = null,
    readonly param: string | null = null,
  ) {
    super(message);
  }
}

const ROLES = new Set(["system", "developer", "user", "assistant", "tool"]);

function checkBody(body: unknown): FakeChatBody {
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new ApiError(400, "We could not parse the JSON body of your request.");
  const b = body as Record<string, unknown>;
  if (typeof b.model !== "string" || !b.model) throw new ApiError(400, "you must provide a model parameter", "invalid_request_error", null, "model");
  if (!Array.isArray(b.messages) || b.messages.length === 0) {
    throw new ApiError(400, "Invalid 'messages': empty array. Expected an array with minimum length 1.", "invalid_request_error", "empty_array", "messages");
  }
  b.messages.forEach((m, i) => {
    const message = m as Record<string, unknown> | null;
    if (!message || !ROLES.has(message.role as string)) throw new ApiError(400, `Invalid value for 'messages[${i}].role'.`, "invalid_request_error", null, `messages[${i}].role`);
  });
  const format = b.response_format as FakeChatBody["response_format"] | undefined;
  if (format) {
    if (!["text", "json_object", "json_schema"].includes(format.type)) throw new ApiError(400, `Invalid value for 'response_format.type'.`, "invalid_request_error", null, "response_format.type");
    if (format.type === "json_schema") {
      const js = format.json_schema;
      if (!js || !/^[a-zA-Z0-9_-]{1,64}$/.test(js.name ?? "") || !js.schema || typeof js.schema !== "object") {
        throw new ApiError(400, "Invalid 'response_format.json_schema': a name (a-z, A-Z, 0-9, _ or -) and a schema are required.", "invalid_request_error", null, "response_format.json_schema");
      }
      const strict = js.strict ? strictSchemaErrors(js.schema) : [];
      if (strict.length) throw new ApiError(400, `Invalid schema for response_format '${js.name}': ${strict[0]}`, "invalid_request_error", "invalid_json_schema", "response_format");
    }
  }
  return b as FakeChatBody;
}

const contentText = (content: FakeChatMessage["content"]) =>
  typeof content === "string" ? content : (content ?? []).map((p) => p.text ?? "").join("");

export async function startFakeOpenAi(options: { apiKey?: string } = {}): Promise<FakeOpenAi> {
  const apiKey = options.apiKey ?? "sk-fake-test-key-0123456789";
  const queue: (FakeReply | FakeHandler)[] = [];
  const unscripted: FakeReply = { status: 500, message: "fake OpenAI: no reply scripted for this request", headers: { "x-should-retry": "false" } };
  let fallback: FakeReply | FakeHandler = unscripted;
  let served = 0;

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeOpenAi = {
    baseURL: `${origin}/v1`,
    apiKey,
    requests: [],
    problems: [],
    respondWith(reply) {
      fallback = reply;
    },
    enqueue(...replies) {
      queue.push(...replies);
    },
    reset() {
      fake.requests.length = 0;
      fake.problems.length = 0;
      queue.length = 0;
      fallback = unscripted;
    },
    textOf(request, role) {
      return (request.body?.messages ?? [])
        .filter((m) => m.role === role)
        .map((m) => contentText(m.content))
        .join("\n");
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function send(res: ServerResponse, record: FakeChatRequest, status: number, body: object, headers: Record<string, string> = {}) {
    record.status = status;
    res.writeHead(status, { "content-type": "application/json", "x-request-id": `req_fake_${served}`, ...headers });
    res.end(JSON.stringify(body));
  }

  function sendError(res: ServerResponse, record: FakeChatRequest, error: ApiError, headers: Record<string, string> = {}) {
    send(res, record, error.status, { error: { message: error.message, type: error.type, param: error.param, code: error.code } }, headers);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    served++;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    let parsed: unknown = null;
    try {
      parsed = raw ? JSON.parse(raw) : null;
    } catch {
      // recorded as null; answered below
    }
    const path = (req.url ?? "/").split("?")[0]!;
    const record: FakeChatRequest = { method: req.method ?? "GET", path, headers: req.headers, body: parsed as FakeChatBody | null, status: 0 };
    fake.requests.push(record);
    try {
      const auth = req.headers.authorization ?? "";
      if (!auth.startsWith("Bearer ")) {
        throw new ApiError(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
      }
      const key = auth.slice("Bearer ".length);
      if (key !== apiKey) {
        const masked = key.length > 8 ? `${key.slice(0, 3)}${"*".repeat(key.length - 7)}${key.slice(-4)}` : key;
        throw new ApiError(401, `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`, "invalid_request_error", "invalid_api_key");
      }
      if (req.method !== "POST" || path !== "/v1/chat/completions") throw new ApiError(404, `Invalid URL (${req.method} ${path})`);
      const body = checkBody(parsed);
      const next = queue.shift() ?? fallback;
      const reply = typeof next === "function" ? await next({ ...record, body }) : next;
      await answer(res, record, body, reply);
    } catch (error) {
      if (error instanceof ApiError) sendError(res, record, error);
      else sendError(res, record, new ApiError(500, `fake OpenAI: ${error instanceof Error ? error.message : String(error)}`, "server_error"), { "x-should-retry": "false" });
    }
  }

  async function answer(res: ServerResponse, record: FakeChatRequest, body: FakeChatBody, reply: FakeReply) {
    if ("hang" in reply) return; // the socket stays open until the client gives up or close()
    if ("status" in reply) {
      const headers = { ...reply.headers, ...(reply.retryAfter !== undefined ? { "retry-after": String(reply.retryAfter) } : {}) };
      const defaults: Record<number, [string, string | null]> = {
        429: ["Rate limit reached for requests. Please try again later.", "rate_limit_exceeded"],
        500: ["The server had an error while processing your request. Sorry about that!", null],
        503: ["The engine is currently overloaded, please try again later.", null],
      };
      const [message, code] = defaults[reply.status] ?? [`fake error ${reply.status}`, null];
      const type = reply.type ?? (reply.status === 429 ? "requests" : reply.status >= 500 ? "server_error" : "invalid_request_error");
      sendError(res, record, new ApiError(reply.status, reply.message ?? message, type, reply.code === undefined ? code : reply.code), headers);
      return;
    }
    let content: string | null = null;
    let refusal: string | null = null;
    if ("refusal" in reply) refusal = reply.refusal;
    else if ("content" in reply) content = reply.content;
    else {
      content = JSON.stringify(reply.json);
      const js = body.response_format?.type === "json_schema" ? body.response_format.json_schema : undefined;
      const errors = js ? schemaErrors(reply.json, js.schema) : [];
      if (errors.length) {
        // A scripting mistake in the test, not something the real API does: fail loudly, no retry.
        const problem = `scripted json does not match the request's schema '${js!.name}': ${errors.slice(0, 5).join("; ")}`;
        fake.problems.push(problem);
        throw new Error(problem);
      }
    }
    const promptText = body.messages.map((m) => contentText(m.content)).join("\n");
    const promptTokens = reply.usage?.prompt_tokens ?? Math.ceil(promptText.length / 4);
    const completionTokens = reply.usage?.completion_tokens ?? Math.ceil((content ?? refusal ?? "").length / 4);
    send(res, record, 200, {
      id: `chatcmpl-fake${served}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: reply.model ?? body.model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content, refusal, annotations: [] },
          logprobs: null,
          finish_reason: reply.finishReason ?? "stop",
        },
      ],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
        prompt_tokens_details: { cached_tokens: reply.usage?.cached_tokens ?? 0, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      },
      service_tier: "default",
      system_fingerprint: "fp_fake",
    });
  }

  return fake;
}
