import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { analyzePending } from "@/server/ai/analyze-messages";
import { queueAnalysis } from "@/server/ai/analysis-queue";
import { channelConnections, workspaces } from "@/server/db/schema";
import { withUser } from "@/server/db/with-rls";
import { IMPORT_PROVIDER, ensureImportConnection } from "@/server/import/import-connection";
import { parseMime } from "@/server/mail/parse-mime";
import { ingestMessages } from "@/server/sync/ingest";
import { createWorkspace } from "@/server/workspaces/workspaces";
import { SAMPLE_MAIL, type SampleMessage } from "./sample-mail";

// The demo workspace: a workspace of its own holding the sample mail shipped with Aiva, so
// someone can try triage, the AI panel, drafts, tasks and the calendar before connecting
// anything. It is marked by its source, an import connection named "Sample mail": the
// inbox shows a banner there and offers to remove it. The messages go through the same
// parser, ingest and analysis as real mail; the analysis uses the local engine, so sample
// mail never reaches a model API and costs nothing.

export const DEMO_WORKSPACE_NAME = "Demo workspace (sample data)";
export const DEMO_SOURCE = { accountId: "demo", displayName: "Sample mail" } as const;

export const loadDemoSchema = z.object({
  /** The browser's offset from UTC in minutes east (e.g. -480 in California), so "tomorrow at 3pm" in the sample means 3pm where the user is. */
  utcOffsetMinutes: z.int().min(-840).max(840),
});

/** The user's demo workspace, if they have one. */
export async function findDemoWorkspace(userId: string): Promise<string | null> {
  const [row] = await withUser(userId, (tx) =>
    tx
      .select({ workspaceId: channelConnections.workspaceId })
      .from(channelConnections)
      .where(and(eq(channelConnections.provider, IMPORT_PROVIDER), eq(channelConnections.providerAccountId, DEMO_SOURCE.accountId)))
      .orderBy(channelConnections.createdAt)
      .limit(1),
  );
  return row?.workspaceId ?? null;
}

export async function isDemoWorkspace(userId: string, workspaceId: string): Promise<boolean> {
  const [row] = await withUser(userId, (tx) =>
    tx
      .select({ id: channelConnections.id })
      .from(channelConnections)
      .where(
        and(
          eq(channelConnections.workspaceId, workspaceId),
          eq(channelConnections.provider, IMPORT_PROVIDER),
          eq(channelConnections.providerAccountId, DEMO_SOURCE.accountId),
        ),
      )
      .limit(1),
  );
  return Boolean(row);
}

/**
 * Creates the demo workspace with the sample mail, classified and with suggested tasks and
 * meetings, or returns the one the user already has.
 */
export async function loadDemoWorkspace(
  user: { id: string; email: string },
  options: { utcOffsetMinutes: number; now?: Date },
): Promise<{ workspaceId: string; created: boolean }> {
  const existing = await findDemoWorkspace(user.id);
  if (existing) return { workspaceId: existing, created: false };

  const workspaceId = await createWorkspace(user.id, DEMO_WORKSPACE_NAME);
  // Every automatic step on, so the sample shows what they do; the local engine, so
  // sample mail never leaves the machine.
  await withUser(user.id, (tx) =>
    tx
      .update(workspaces)
      .set({ autoClassify: true, autoCreateTasks: true, autoSuggestMeetings: true, aiEngine: "local", updatedAt: new Date() })
      .where(eq(workspaces.id, workspaceId)),
  );
  const connectionId = await ensureImportConnection(workspaceId, user.id, DEMO_SOURCE);

  const now = options.now ?? new Date();
  const batch = await Promise.all(
    SAMPLE_MAIL.map(async (sample) => {
      const message = await parseMime(sampleToMime(sample, { userEmail: user.email, now, utcOffsetMinutes: options.utcOffsetMinutes }), {
        providerMessageId: `demo-${sample.id}`,
        direction: sample.outbound ? "outbound" : "inbound",
      });
      // What you wrote yourself you have read.
      return sample.outbound ? { ...message, isRead: true } : message;
    }),
  );
  await ingestMessages({ workspaceId, connectionId }, batch);

  // Ten messages on the local engine take milliseconds: classify them now, so the inbox
  // opens sorted. Should that fail, the background queue does it.
  try {
    await analyzePending(workspaceId, { budgetMs: 15_000 });
  } catch (error) {
    console.error("[demo] analysis deferred to the background queue", error);
    await queueAnalysis(workspaceId);
  }
  return { workspaceId, created: true };
}

const messageId = (id: string) => `<${id}@sample.aiva.test>`;

/** One sample as the RFC 5322 message a mail server would deliver. */
export function sampleToMime(sample: SampleMessage, context: { userEmail: string; now: Date; utcOffsetMinutes: number }): string {
  const sent = new Date(context.now.getTime() - sample.hoursAgo * 3_600_000);
  const you = `You <${context.userEmail}>`;
  const headers = [
    `From: ${sample.outbound ? you : sample.from}`,
    `To: ${sample.outbound ? sample.from : you}`,
    `Subject: ${encodeHeader(sample.subject)}`,
    `Date: ${rfc5322Date(sent, context.utcOffsetMinutes)}`,
    `Message-ID: ${messageId(sample.id)}`,
    ...(sample.inReplyTo ? [`In-Reply-To: ${messageId(sample.inReplyTo)}`, `References: ${messageId(sample.inReplyTo)}`] : []),
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    ...(sample.headers ?? []),
  ];
  return `${headers.join("\r\n")}\r\n\r\n${sample.body.join("\r\n")}\r\n`;
}

/** RFC 2047 encoded-word for subjects with non-ASCII characters. */
function encodeHeader(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, "utf8").toString("base64")}?=`;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

/** "Sun, 22 Nov 2026 09:30:00 -0800": the instant, written in the given UTC offset. */
export function rfc5322Date(instant: Date, utcOffsetMinutes: number): string {
  const local = new Date(instant.getTime() + utcOffsetMinutes * 60_000);
  const sign = utcOffsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(utcOffsetMinutes);
  return (
    `${DAYS[local.getUTCDay()]}, ${local.getUTCDate()} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()} ` +
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())} ${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`
  );
}
