import { createHash } from "node:crypto";
import { and, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import {
  aiActionLogs,
  channelConnections,
  contacts,
  events,
  messages,
  profiles,
  tasks,
  workspaceMembers,
  workspaces,
} from "@/server/db/schema";
import { type Tx, withService } from "@/server/db/with-rls";
import { mapLimit } from "@/lib/map-limit";
import { aiMessageFromStored } from "./ai-message";
import { type EnginePreference, engineFor } from "./engines";
import { localEngine } from "./local/engine";
import { type PipelineResult, runPipeline } from "./pipeline";
import { type AiEngine, AiEngineError, type AnalysisInput, type Category, type InboxOwner, type ModelCall, type SenderHistory } from "./types";

// The background side of the AI: messages wait with ai_fingerprint NULL (inbound only);
// a job per workspace takes the newest few at a time, runs each through the pipeline
// outside any transaction, then writes the results, the call logs and the suggestions in
// one short transaction. The fingerprint (content + engine version) makes the work
// idempotent: the same message analysed again by the same engine version is skipped.

export type WorkspaceAiSettings = {
  autoClassify: boolean;
  autoCreateTasks: boolean;
  autoSuggestMeetings: boolean;
  aiEngine: EnginePreference;
};

export type AnalyzeOutcome = { analyzed: number; skipped: number; failed: number; remaining: boolean };

/** Messages analysed per batch; each batch is one write transaction. */
const BATCH = 20;
/** Engine calls in flight at once (an LLM is slow per call; local is CPU-bound anyway). */
const concurrency = () => Math.max(1, Number(process.env.AI_CONCURRENCY) || 4);

/**
 * Older mail is read by the local engine even when a model is configured: importing ten
 * years of mail should not mean fifty thousand paid model calls. (The reader's "Analyze"
 * button still asks the model for any message.)
 */
const modelMaxAgeMs = () => (Number(process.env.AI_MODEL_MAX_AGE_DAYS) || 30) * 86_400_000;

function engineForMessage(engine: AiEngine, prepared: Prepared): AiEngine {
  if (engine.id === "local") return engine;
  const sentAt = prepared.input.message.sentAt;
  return sentAt && Date.now() - sentAt.getTime() > modelMaxAgeMs() ? localEngine : engine;
}

export async function workspaceAiSettings(workspaceId: string): Promise<WorkspaceAiSettings | null> {
  const [row] = await withService({ workspaceId, reason: "read AI settings" }, (tx) =>
    tx
      .select({
        autoClassify: workspaces.autoClassify,
        autoCreateTasks: workspaces.autoCreateTasks,
        autoSuggestMeetings: workspaces.autoSuggestMeetings,
        aiEngine: workspaces.aiEngine,
      })
      .from(workspaces)
      .where(eq(workspaces.id, workspaceId)),
  );
  return row ?? null;
}

/** The columns a message is read with for the AI (aiMessageFromStored). */
export const aiMessageColumns = {
  id: messages.id,
  threadId: messages.threadId,
  subject: messages.subject,
  senderName: messages.senderName,
  senderEmail: messages.senderEmail,
  recipients: messages.recipients,
  sentAt: messages.sentAt,
  bodyText: messages.bodyText,
  fullText: messages.fullText,
  snippet: messages.snippet,
  headers: messages.headers,
  labels: messages.labels,
  direction: messages.direction,
  attachments: messages.attachments,
  calendarParts: messages.calendarParts,
};
const messageFields = { ...aiMessageColumns, aiFingerprint: messages.aiFingerprint };
type MessageRow = {
  id: string;
  threadId: string | null;
  senderEmail: string | null;
  aiFingerprint: string | null;
} & Parameters<typeof aiMessageFromStored>[0];

/** Content + engine version: what decides whether analysing again could change anything. */
export function fingerprint(row: MessageRow, engine: AiEngine): string {
  const hash = createHash("sha256");
  for (const part of [engine.id, engine.version, localEngine.version, row.subject, row.senderEmail, row.sentAt?.toISOString(), row.bodyText, row.fullText]) {
    hash.update(part ?? "").update("\u0000");
  }
  hash.update(JSON.stringify(row.headers)).update(row.labels.join(","));
  return `${engine.id}:${hash.digest("hex").slice(0, 32)}`;
}

/** Who "you" is in this workspace: its members and the accounts connected to it. */
async function inboxOwner(tx: Tx, workspaceId: string): Promise<InboxOwner> {
  const people = await tx
    .select({ name: profiles.displayName, email: profiles.email })
    .from(workspaceMembers)
    .innerJoin(profiles, eq(profiles.id, workspaceMembers.userId))
    .where(eq(workspaceMembers.workspaceId, workspaceId));
  const accounts = await tx
    .select({ email: channelConnections.providerAccountId })
    .from(channelConnections)
    .where(eq(channelConnections.workspaceId, workspaceId));
  const emails = new Set([...people.map((p) => p.email), ...accounts.map((a) => a.email)].filter((e) => e.includes("@")).map((e) => e.toLowerCase()));
  return { name: people.length === 1 ? (people[0]!.name ?? null) : null, emails: [...emails] };
}

/** What the workspace already knows about each sender, before these messages. */
async function senderHistories(tx: Tx, workspaceId: string, rows: MessageRow[]): Promise<Map<string, SenderHistory>> {
  const emails = [...new Set(rows.map((r) => r.senderEmail).filter((e): e is string => Boolean(e)))];
  if (emails.length === 0) return new Map();
  const known = await tx
    .select({ email: contacts.email, received: contacts.messagesReceived, sent: contacts.messagesSent })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.email, emails)));
  const usual = await tx
    .select({ email: messages.senderEmail, category: sql<Category>`mode() within group (order by ${messages.category})` })
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, workspaceId),
        eq(messages.direction, "inbound"),
        isNotNull(messages.category),
        inArray(messages.senderEmail, emails),
      ),
    )
    .groupBy(messages.senderEmail);
  const usualOf = new Map(usual.map((u) => [u.email, u.category]));
  const histories = new Map<string, SenderHistory>();
  for (const c of known) {
    // The contact counts already include the messages being analysed (ingest counts them).
    const inBatch = rows.filter((r) => r.senderEmail === c.email).length;
    histories.set(c.email, { received: Math.max(0, c.received - inBatch), repliedTo: c.sent, usualCategory: usualOf.get(c.email) ?? null });
  }
  return histories;
}

type Prepared = { row: MessageRow; input: AnalysisInput; fingerprint: string };

async function prepare(
  workspaceId: string,
  select: (tx: Tx) => Promise<MessageRow[]>,
  engine: AiEngine,
  force: boolean,
): Promise<{ work: Prepared[]; skipped: MessageRow[] }> {
  return withService({ workspaceId, reason: "load messages for AI" }, async (tx) => {
    const rows = await select(tx);
    if (rows.length === 0) return { work: [], skipped: [] };
    const owner = await inboxOwner(tx, workspaceId);
    const histories = await senderHistories(tx, workspaceId, rows);
    const work: Prepared[] = [];
    const skipped: MessageRow[] = [];
    for (const row of rows) {
      const print = fingerprint(row, engine);
      if (!force && row.aiFingerprint === print) {
        skipped.push(row);
        continue;
      }
      const input: AnalysisInput = {
        message: aiMessageFromStored(row),
        sender: row.senderEmail ? (histories.get(row.senderEmail) ?? null) : null,
        owner,
        thread: [],
      };
      work.push({ row, input, fingerprint: print });
    }
    return { work, skipped };
  });
}

type Outcome =
  | { kind: "done"; prepared: Prepared; result: PipelineResult; fallbackError: { error: AiEngineError; engine: AiEngine } | null }
  | { kind: "failed"; prepared: Prepared; error: Error; call: ModelCall | null; engine: AiEngine };

/** Runs the pipeline; a model that fails for good hands the message to the local engine. */
async function analyzeOne(prepared: Prepared, engine: AiEngine, signal?: AbortSignal): Promise<Outcome> {
  try {
    return { kind: "done", prepared, result: await runPipeline(prepared.input, engine, signal), fallbackError: null };
  } catch (error) {
    if (signal?.aborted) throw error;
    // A rate limit is worth waiting for: the job is retried later with backoff.
    if (error instanceof AiEngineError && error.kind === "rate_limited") throw error;
    if (engine.id !== "local" && error instanceof AiEngineError) {
      try {
        const result = await runPipeline(prepared.input, localEngine, signal);
        return { kind: "done", prepared, result, fallbackError: { error, engine } };
      } catch (local) {
        return { kind: "failed", prepared, error: asError(local), call: null, engine: localEngine };
      }
    }
    return { kind: "failed", prepared, error: asError(error), call: error instanceof AiEngineError ? error.call : null, engine };
  }
}

const asError = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));

/** A stable key for a suggestion within its message: the same task found again is the same row. */
export function suggestionKey(text: string): string {
  const normalized = text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  return createHash("sha256").update(normalized).digest("hex").slice(0, 16);
}

function logRow(workspaceId: string, messageId: string, call: ModelCall, fields: { result?: unknown; error?: string; confidence?: number | null }) {
  return {
    workspaceId,
    messageId,
    actionType: "classify" as const,
    engine: call.engine,
    modelUsed: call.model,
    promptTokens: call.promptTokens,
    completionTokens: call.completionTokens,
    costUsd: call.costUsd === null ? null : call.costUsd.toFixed(6),
    latencyMs: Math.round(call.latencyMs),
    confidenceScore: fields.confidence ?? null,
    result: fields.result ?? null,
    error: fields.error ?? null,
  };
}

async function store(workspaceId: string, settings: WorkspaceAiSettings, outcomes: Outcome[], options: { suggest: boolean }): Promise<void> {
  if (outcomes.length === 0) return;
  await withService({ workspaceId, reason: "store AI results" }, async (tx) => {
    const logs: (typeof aiActionLogs.$inferInsert)[] = [];
    for (const outcome of outcomes) {
      const { row } = outcome.prepared;
      if (outcome.kind === "failed") {
        // Marked as looked at (not retried in a loop); "Analyze again" in the reader retries.
        await tx
          .update(messages)
          .set({ aiFingerprint: outcome.prepared.fingerprint, aiDecidedBy: "error", aiReason: null })
          .where(eq(messages.id, row.id));
        const call = outcome.call ?? { engine: outcome.engine.id, model: outcome.engine.id === "local" ? "aiva-local" : "unknown", promptTokens: null, completionTokens: null, costUsd: null, latencyMs: 0 };
        logs.push(logRow(workspaceId, row.id, call, { error: outcome.error.message.slice(0, 500) }));
        continue;
      }
      const { result } = outcome;
      const c = result.classification;
      await tx
        .update(messages)
        .set({
          priority: c.priority,
          category: c.category,
          sentiment: c.sentiment,
          actionability: c.actionability,
          aiSummary: c.summary,
          aiShortSummary: c.shortSummary.slice(0, 200),
          aiKeyPoints: c.keyPoints.slice(0, 8),
          aiConfidence: c.confidence,
          aiReason: c.reason,
          classifiedAt: new Date(),
          aiDecidedBy: result.decidedBy,
          aiFingerprint: outcome.prepared.fingerprint,
        })
        .where(eq(messages.id, row.id));
      if (outcome.fallbackError) {
        const { error, engine } = outcome.fallbackError;
        const call = error.call ?? { engine: engine.id, model: "unknown", promptTokens: null, completionTokens: null, costUsd: null, latencyMs: 0 };
        logs.push(logRow(workspaceId, row.id, call, { error: `${error.message} (the local engine answered instead)` }));
      }
      if (result.call) {
        logs.push(
          logRow(workspaceId, row.id, result.call, {
            confidence: c.confidence,
            result: { priority: c.priority, category: c.category, actionability: c.actionability, tasks: result.tasks.length, meeting: Boolean(result.meeting) },
          }),
        );
      }
      if (!options.suggest) continue;
      if (settings.autoCreateTasks && result.tasks.length > 0) {
        await tx
          .insert(tasks)
          .values(
            result.tasks.slice(0, 5).map((t) => ({
              workspaceId,
              sourceMessageId: row.id,
              extractedByAi: true,
              aiKey: suggestionKey(t.title),
              title: t.title.slice(0, 300),
              description: t.description,
              dueAt: t.due,
              dueAllDay: t.due !== null && t.dueAllDay,
              priority: t.priority,
              status: "suggested" as const,
            })),
          )
          .onConflictDoNothing();
      }
      const meeting = result.meeting;
      if (settings.autoSuggestMeetings && meeting?.start) {
        await tx
          .insert(events)
          .values({
            workspaceId,
            title: meeting.title.slice(0, 300),
            startTime: meeting.start,
            endTime: new Date(meeting.start.getTime() + (meeting.allDay ? 24 * 60 : meeting.durationMinutes) * 60_000),
            allDay: meeting.allDay,
            timezone: meeting.timezone,
            location: meeting.location,
            attendees: meeting.attendees,
            status: "suggested",
            createdFromMessageId: row.id,
            aiKey: "meeting",
          })
          .onConflictDoNothing();
      }
    }
    if (logs.length > 0) await tx.insert(aiActionLogs).values(logs);
  });
}

/**
 * Analyses the newest waiting messages of a workspace, a batch at a time, until none wait
 * or `budgetMs` is spent. Returns whether some are still waiting.
 */
export async function analyzePending(
  workspaceId: string,
  options: { budgetMs?: number; signal?: AbortSignal } = {},
): Promise<AnalyzeOutcome> {
  const settings = await workspaceAiSettings(workspaceId);
  const total: AnalyzeOutcome = { analyzed: 0, skipped: 0, failed: 0, remaining: false };
  if (!settings?.autoClassify) return total;
  const engine = await engineFor(settings.aiEngine);
  const deadline = Date.now() + (options.budgetMs ?? 60_000);
  while (Date.now() < deadline && !options.signal?.aborted) {
    const { work, skipped } = await prepare(
      workspaceId,
      (tx) =>
        tx
          .select(messageFields)
          .from(messages)
          .where(and(eq(messages.workspaceId, workspaceId), isNull(messages.aiFingerprint), eq(messages.direction, "inbound")))
          .orderBy(sql`${messages.sentAt} desc nulls last`)
          .limit(BATCH),
      engine,
      false,
    );
    if (work.length === 0 && skipped.length === 0) return total;
    const outcomes = await mapLimit(work, engine.id === "local" ? 1 : concurrency(), (p) =>
      analyzeOne(p, engineForMessage(engine, p), options.signal),
    );
    await store(workspaceId, settings, outcomes, { suggest: true });
    total.analyzed += outcomes.filter((o) => o.kind === "done").length;
    total.failed += outcomes.filter((o) => o.kind === "failed").length;
  }
  total.remaining = (await pendingCount(workspaceId)) > 0;
  return total;
}

export async function pendingCount(workspaceId: string): Promise<number> {
  const [row] = await withService({ workspaceId, reason: "count AI backlog" }, (tx) =>
    tx
      .select({ n: sql<number>`count(*)::int` })
      .from(messages)
      .where(and(eq(messages.workspaceId, workspaceId), isNull(messages.aiFingerprint), eq(messages.direction, "inbound"))),
  );
  return row?.n ?? 0;
}

/**
 * Analyses one message now (the reader's "Analyze" button, or when auto-classify is off).
 * Suggestions are made whatever the workspace's auto settings: the person asked for them.
 */
export async function analyzeMessageNow(workspaceId: string, messageId: string, options: { force?: boolean } = {}): Promise<AnalyzeOutcome> {
  const settings = await workspaceAiSettings(workspaceId);
  if (!settings) return { analyzed: 0, skipped: 0, failed: 0, remaining: false };
  const engine = await engineFor(settings.aiEngine);
  const { work, skipped } = await prepare(
    workspaceId,
    (tx) =>
      tx
        .select(messageFields)
        .from(messages)
        .where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, messageId)))
        .orderBy(desc(messages.sentAt)),
    engine,
    options.force ?? false,
  );
  const outcomes = await mapLimit(work, 1, (p) => analyzeOne(p, engine));
  await store(workspaceId, { ...settings, autoCreateTasks: true, autoSuggestMeetings: true }, outcomes, { suggest: true });
  return {
    analyzed: outcomes.filter((o) => o.kind === "done").length,
    skipped: skipped.length,
    failed: outcomes.filter((o) => o.kind === "failed").length,
    remaining: false,
  };
}
