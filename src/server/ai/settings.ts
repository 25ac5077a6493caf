import { and, eq, gte, sql } from "drizzle-orm";
import { z } from "zod";
import { SafeError } from "@/lib/errors";
import { aiActionLogs, messages, workspaces } from "@/server/db/schema";
import { withUser } from "@/server/db/with-rls";
import { engineIdFor, openAiConfigured } from "./engines";
import { REPLY_TONES } from "./types";

// The workspace's AI choices (engine, what runs automatically, the first draft tone) and
// what the AI has cost it: calls, tokens and estimated dollars per day from ai_action_logs,
// and how many messages were decided without a model.

export const aiSettingsSchema = z.object({
  aiEngine: z.enum(["auto", "local", "openai"]),
  autoClassify: z.boolean(),
  autoCreateTasks: z.boolean(),
  autoSuggestMeetings: z.boolean(),
  defaultReplyTone: z.enum(REPLY_TONES),
});
export type AiSettings = z.infer<typeof aiSettingsSchema>;

export async function updateAiSettings(userId: string, workspaceId: string, input: AiSettings): Promise<AiSettings> {
  const settings = aiSettingsSchema.parse(input);
  if (settings.aiEngine === "openai" && !openAiConfigured()) {
    throw new SafeError("OpenAI isn't set up on this server: set OPENAI_API_KEY, then choose it here.", "not_configured");
  }
  const rows = await withUser(userId, (tx) =>
    tx.update(workspaces).set({ ...settings, updatedAt: new Date() }).where(eq(workspaces.id, workspaceId)).returning({ id: workspaces.id }),
  );
  if (rows.length === 0) throw new SafeError("Only owners and admins can change the AI settings.", "forbidden");
  return settings;
}

export type UsageDay = { day: string; calls: number; errors: number; promptTokens: number; completionTokens: number; costUsd: number };

export type AiOverview = {
  settings: AiSettings;
  openAiConfigured: boolean;
  /** The engine new mail goes to now. */
  activeEngine: "local" | "openai";
  days: UsageDay[];
  totals: { calls: number; errors: number; tokens: number; costUsd: number };
  byAction: { action: string; calls: number; costUsd: number }[];
  /** Inbound messages by what classified them. */
  decided: { prefilter: number; local: number; openai: number; error: number; waiting: number };
};

export async function getAiOverview(userId: string, workspaceId: string, days = 30): Promise<AiOverview | null> {
  const since = new Date(Date.now() - days * 86_400_000);
  return withUser(userId, async (tx) => {
    const [w] = await tx
      .select({
        aiEngine: workspaces.aiEngine,
        autoClassify: workspaces.autoClassify,
        autoCreateTasks: workspaces.autoCreateTasks,
        autoSuggestMeetings: workspaces.autoSuggestMeetings,
        defaultReplyTone: workspaces.defaultReplyTone,
      })
      .from(workspaces)
      .where(eq(workspaces.id, workspaceId));
    if (!w) return null;
    const inWindow = and(eq(aiActionLogs.workspaceId, workspaceId), gte(aiActionLogs.createdAt, since));
    const day = sql<string>`to_char(date_trunc('day', ${aiActionLogs.createdAt} at time zone 'UTC'), 'YYYY-MM-DD')`;
    const perDay = await tx
      .select({
        day,
        calls: sql<number>`count(*)::int`,
        errors: sql<number>`count(*) filter (where ${aiActionLogs.error} is not null)::int`,
        promptTokens: sql<number>`coalesce(sum(${aiActionLogs.promptTokens}), 0)::int`,
        completionTokens: sql<number>`coalesce(sum(${aiActionLogs.completionTokens}), 0)::int`,
        costUsd: sql<number>`coalesce(sum(${aiActionLogs.costUsd}), 0)::float`,
      })
      .from(aiActionLogs)
      .where(inWindow)
      .groupBy(day)
      .orderBy(day);
    const byAction = await tx
      .select({
        action: aiActionLogs.actionType,
        calls: sql<number>`count(*)::int`,
        costUsd: sql<number>`coalesce(sum(${aiActionLogs.costUsd}), 0)::float`,
      })
      .from(aiActionLogs)
      .where(inWindow)
      .groupBy(aiActionLogs.actionType);
    const decidedRows = await tx
      .select({ by: messages.aiDecidedBy, n: sql<number>`count(*)::int` })
      .from(messages)
      .where(and(eq(messages.workspaceId, workspaceId), eq(messages.direction, "inbound")))
      .groupBy(messages.aiDecidedBy);
    const count = (key: string | null) => decidedRows.find((r) => r.by === key)?.n ?? 0;
    const settings = { ...w, defaultReplyTone: w.defaultReplyTone === "custom" ? "professional" : w.defaultReplyTone } as AiSettings;
    return {
      settings,
      openAiConfigured: openAiConfigured(),
      activeEngine: engineIdFor(w.aiEngine),
      days: fillDays(perDay, days),
      totals: {
        calls: perDay.reduce((n, d) => n + d.calls, 0),
        errors: perDay.reduce((n, d) => n + d.errors, 0),
        tokens: perDay.reduce((n, d) => n + d.promptTokens + d.completionTokens, 0),
        costUsd: perDay.reduce((n, d) => n + d.costUsd, 0),
      },
      byAction,
      decided: { prefilter: count("prefilter"), local: count("local"), openai: count("openai"), error: count("error"), waiting: count(null) },
    };
  });
}

/** Every day of the window, zeros included, so the chart has no gaps. */
function fillDays(rows: UsageDay[], days: number): UsageDay[] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const out: UsageDay[] = [];
  const today = new Date();
  for (let i = days - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i)).toISOString().slice(0, 10);
    out.push(byDay.get(d) ?? { day: d, calls: 0, errors: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 });
  }
  return out;
}
