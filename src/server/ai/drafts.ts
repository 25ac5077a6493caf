import { and, asc, desc, eq, lte } from "drizzle-orm";
import { z } from "zod";
import { SafeError } from "@/lib/errors";
import type { DraftView } from "@/lib/inbox-types";
import { aiActionLogs, channelConnections, messageDrafts, messages, profiles, workspaces } from "@/server/db/schema";
import { withService, withUser } from "@/server/db/with-rls";
import { aiMessageFromStored } from "./ai-message";
import { aiMessageColumns } from "./analyze-messages";
import { engineFor } from "./engines";
import { localEngine } from "./local/engine";
import { AiEngineError, type Draft, type ModelCall, REPLY_TONES } from "./types";

// Reply drafts: the engine writes one in the tone asked for, with the thread for context;
// it is saved in message_drafts and shown in the composer. Nothing is ever sent from here:
// the person edits and sends it themselves.

export const draftRequestSchema = z.object({
  messageId: z.uuid(),
  tone: z.enum(REPLY_TONES),
  instructions: z
    .string()
    .trim()
    .max(1000, { message: "Keep instructions under 1,000 characters." })
    .transform((s) => s || null)
    .nullable()
    .default(null),
});


/** Thread messages shown to the engine before the one replied to. */
const THREAD_CONTEXT = 6;

const storedFields = { ...aiMessageColumns, workspaceId: messages.workspaceId, connectionId: messages.connectionId };

export async function generateDraft(userId: string, workspaceId: string, input: z.input<typeof draftRequestSchema>): Promise<DraftView> {
  const { messageId, tone, instructions } = draftRequestSchema.parse(input);
  // Read as the user: row-level security decides whether this message is theirs to answer.
  const context = await withUser(userId, async (tx) => {
    const [message] = await tx
      .select(storedFields)
      .from(messages)
      .where(and(eq(messages.id, messageId), eq(messages.workspaceId, workspaceId)));
    if (!message) return null;
    const earlier = message.threadId
      ? await tx
          .select(storedFields)
          .from(messages)
          .where(and(eq(messages.threadId, message.threadId), lte(messages.sentAt, message.sentAt ?? new Date())))
          .orderBy(desc(messages.sentAt))
          .limit(THREAD_CONTEXT + 1)
      : [];
    const [profile] = await tx.select({ name: profiles.displayName, email: profiles.email }).from(profiles).where(eq(profiles.id, userId));
    const [account] = await tx
      .select({ email: channelConnections.providerAccountId })
      .from(channelConnections)
      .where(eq(channelConnections.id, message.connectionId));
    const [workspace] = await tx.select({ aiEngine: workspaces.aiEngine }).from(workspaces).where(eq(workspaces.id, workspaceId));
    return { message, earlier: earlier.filter((m) => m.id !== message.id).reverse(), profile, account, workspace };
  });
  if (!context) throw new SafeError("That message is no longer in this workspace.", "not_found");

  const { message, earlier, profile, account, workspace } = context;
  const owner = {
    name: profile?.name ?? null,
    emails: [profile?.email, account?.email].filter((e): e is string => Boolean(e?.includes("@"))).map((e) => e.toLowerCase()),
  };
  const request = {
    message: aiMessageFromStored(message),
    sender: null,
    owner,
    thread: earlier.map(aiMessageFromStored),
    tone,
    instructions,
  };

  const engine = await engineFor(workspace?.aiEngine ?? "auto");
  let draft: Draft;
  let call: ModelCall;
  let notice: string | null = null;
  const failures: { call: ModelCall; error: string }[] = [];
  try {
    ({ draft, call } = await engine.draftReply(request, AbortSignal.timeout(90_000)));
  } catch (error) {
    if (engine.id === "local" || !(error instanceof AiEngineError)) {
      await logDraftCall(workspaceId, userId, messageId, error instanceof AiEngineError ? error.call : null, engine.id, String(error));
      throw new SafeError("Aiva couldn't write a draft just now. Please try again.", "draft_failed");
    }
    failures.push({
      call: error.call ?? { engine: engine.id, model: "unknown", promptTokens: null, completionTokens: null, costUsd: null, latencyMs: 0 },
      error: error.message,
    });
    ({ draft, call } = await localEngine.draftReply(request));
    notice = `${error.message} This draft was written by Aiva's local engine instead.`;
  }

  return withService({ workspaceId, reason: "save AI draft" }, async (tx) => {
    for (const failure of failures) {
      await tx.insert(aiActionLogs).values(logValues(workspaceId, userId, messageId, failure.call, { error: failure.error }));
    }
    const [log] = await tx
      .insert(aiActionLogs)
      .values(logValues(workspaceId, userId, messageId, call, { result: { tone, characters: draft.body.length } }))
      .returning({ id: aiActionLogs.id });
    const [saved] = await tx
      .insert(messageDrafts)
      .values({
        workspaceId,
        messageId,
        userId,
        subject: draft.subject,
        draftBody: draft.body,
        tone,
        instructions,
        aiActionLogId: log!.id,
      })
      .returning({ id: messageDrafts.id });
    return { id: saved!.id, messageId, tone, subject: draft.subject, body: draft.body, instructions, edited: false, notice };
  });
}

function logValues(workspaceId: string, userId: string, messageId: string, call: ModelCall, fields: { result?: unknown; error?: string }) {
  return {
    workspaceId,
    userId,
    messageId,
    actionType: "draft_reply" as const,
    engine: call.engine,
    modelUsed: call.model,
    promptTokens: call.promptTokens,
    completionTokens: call.completionTokens,
    costUsd: call.costUsd === null ? null : call.costUsd.toFixed(6),
    latencyMs: Math.round(call.latencyMs),
    result: fields.result ?? null,
    error: fields.error?.slice(0, 500) ?? null,
  };
}

async function logDraftCall(workspaceId: string, userId: string, messageId: string, call: ModelCall | null, engine: "local" | "openai", error: string) {
  const fallback: ModelCall = { engine, model: "unknown", promptTokens: null, completionTokens: null, costUsd: null, latencyMs: 0 };
  await withService({ workspaceId, reason: "log failed AI draft" }, (tx) =>
    tx.insert(aiActionLogs).values(logValues(workspaceId, userId, messageId, call ?? fallback, { error })),
  ).catch((e) => console.error("[ai drafts] could not log a failure", e));
}

/** The person's latest unsent draft of each tone for a message, newest first. */
export async function listDrafts(userId: string, workspaceId: string, messageId: string): Promise<DraftView[]> {
  const rows = await withUser(userId, (tx) =>
    tx
      .select({
        id: messageDrafts.id,
        messageId: messageDrafts.messageId,
        tone: messageDrafts.tone,
        subject: messageDrafts.subject,
        body: messageDrafts.draftBody,
        instructions: messageDrafts.instructions,
        edited: messageDrafts.edited,
      })
      .from(messageDrafts)
      .where(
        and(
          eq(messageDrafts.workspaceId, workspaceId),
          eq(messageDrafts.messageId, messageId),
          eq(messageDrafts.userId, userId),
          eq(messageDrafts.sent, false),
        ),
      )
      .orderBy(desc(messageDrafts.createdAt), asc(messageDrafts.id))
      .limit(20),
  );
  const seen = new Set<string>();
  const latest: DraftView[] = [];
  for (const row of rows) {
    const tone = row.tone === "custom" ? "professional" : row.tone;
    if (seen.has(row.tone)) continue;
    seen.add(row.tone);
    latest.push({ ...row, messageId: row.messageId ?? messageId, tone, subject: row.subject ?? "", notice: null });
  }
  return latest;
}

export const saveDraftSchema = z.object({
  draftId: z.uuid(),
  body: z.string().max(200_000, { message: "That draft is too long." }),
});

/** Keeps the person's edits to a draft (the composer saves as they type). */
export async function saveDraftEdit(userId: string, workspaceId: string, input: z.input<typeof saveDraftSchema>): Promise<void> {
  const { draftId, body } = saveDraftSchema.parse(input);
  const rows = await withUser(userId, (tx) =>
    tx
      .update(messageDrafts)
      .set({ draftBody: body, edited: true, editedAt: new Date() })
      .where(and(eq(messageDrafts.id, draftId), eq(messageDrafts.workspaceId, workspaceId), eq(messageDrafts.userId, userId), eq(messageDrafts.sent, false)))
      .returning({ id: messageDrafts.id }),
  );
  if (rows.length === 0) throw new SafeError("That draft is gone or was already sent.", "not_found");
}

/** After the reply went out: the draft is kept as sent, and no longer offered. */
export async function markDraftSent(userId: string, workspaceId: string, draftId: string, body: string): Promise<void> {
  await withUser(userId, (tx) =>
    tx
      .update(messageDrafts)
      .set({ sent: true, sentAt: new Date(), draftBody: body })
      .where(and(eq(messageDrafts.id, draftId), eq(messageDrafts.workspaceId, workspaceId), eq(messageDrafts.userId, userId))),
  );
}
