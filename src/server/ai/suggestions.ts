import { and, asc, eq, inArray, ne } from "drizzle-orm";
import { z } from "zod";
import { SafeError } from "@/lib/errors";
import type { AiInsight, EventSuggestionView, TaskSuggestionView } from "@/lib/inbox-types";
import { events, messages, tasks, workspaces } from "@/server/db/schema";
import { type Tx, withUser } from "@/server/db/with-rls";
import { eventView } from "@/server/calendar/events";
import { type ProviderEventInput, createProviderEvent, deleteProviderEvent } from "@/server/calendar/provider-events";
import { taskView } from "@/server/tasks/tasks";
import { listDrafts } from "./drafts";
import { engineIdFor } from "./engines";
import { TASK_PRIORITIES } from "./types";

// What the AI found in a message, for the reader's AI panel, and the person's answers to
// it: a suggested task or meeting becomes real only when they confirm it. Everything runs
// as the user, so row-level security keeps it inside their workspaces.

/** The AI panel for one message: classification, suggestions and saved drafts. */
export async function getInsight(userId: string, workspaceId: string, messageId: string): Promise<AiInsight | null> {
  const found = await withUser(userId, async (tx) => {
    const [m] = await tx
      .select({
        id: messages.id,
        direction: messages.direction,
        priority: messages.priority,
        category: messages.category,
        sentiment: messages.sentiment,
        actionability: messages.actionability,
        summary: messages.aiSummary,
        keyPoints: messages.aiKeyPoints,
        reason: messages.aiReason,
        confidence: messages.aiConfidence,
        decidedBy: messages.aiDecidedBy,
        fingerprint: messages.aiFingerprint,
      })
      .from(messages)
      .where(and(eq(messages.id, messageId), eq(messages.workspaceId, workspaceId)));
    if (!m) return null;
    const [w] = await tx
      .select({ autoClassify: workspaces.autoClassify, aiEngine: workspaces.aiEngine, defaultTone: workspaces.defaultReplyTone })
      .from(workspaces)
      .where(eq(workspaces.id, workspaceId));
    const taskRows = await tx
      .select()
      .from(tasks)
      .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.sourceMessageId, messageId), ne(tasks.status, "dismissed")))
      .orderBy(asc(tasks.createdAt));
    const eventRows = await tx
      .select()
      .from(events)
      .where(and(eq(events.workspaceId, workspaceId), eq(events.createdFromMessageId, messageId), ne(events.status, "cancelled")))
      .orderBy(asc(events.startTime));
    return { m, w, taskRows, eventRows };
  });
  if (!found) return null;
  const { m, w, taskRows, eventRows } = found;
  const status: AiInsight["status"] =
    m.decidedBy === "error" ? "error" : m.decidedBy ? "done" : m.direction === "outbound" ? "not_needed" : w?.autoClassify ? "pending" : "off";
  return {
    messageId: m.id,
    status,
    priority: m.priority,
    category: m.category,
    sentiment: m.sentiment,
    actionability: m.actionability,
    summary: m.summary,
    keyPoints: m.keyPoints ?? [],
    reason: m.reason,
    confidence: m.confidence,
    decidedBy: m.decidedBy,
    engine: engineIdFor(w?.aiEngine ?? "auto"),
    defaultTone: w?.defaultTone === "custom" || !w ? "professional" : w.defaultTone,
    tasks: taskRows.map(taskView),
    events: eventRows.map(eventView),
    drafts: await listDrafts(userId, workspaceId, messageId),
  };
}

async function updateTask(tx: Tx, workspaceId: string, taskId: string, set: Partial<typeof tasks.$inferInsert>) {
  const [row] = await tx
    .update(tasks)
    .set({ ...set, updatedAt: new Date() })
    .where(and(eq(tasks.id, taskId), eq(tasks.workspaceId, workspaceId)))
    .returning();
  if (!row) throw new SafeError("That task is no longer here.", "not_found");
  return taskView(row);
}

export const confirmTaskSchema = z.object({
  taskId: z.uuid(),
  title: z.string().trim().min(1, { message: "Give the task a title." }).max(300).optional(),
  dueAt: z.iso.datetime({ offset: true }).nullable().optional(),
  priority: z.enum(TASK_PRIORITIES).optional(),
});

/** A suggested task becomes an open one (with the person's edits, if any). */
export async function confirmTask(userId: string, workspaceId: string, input: z.input<typeof confirmTaskSchema>): Promise<TaskSuggestionView> {
  const { taskId, title, dueAt, priority } = confirmTaskSchema.parse(input);
  return withUser(userId, (tx) =>
    updateTask(tx, workspaceId, taskId, {
      status: "open",
      userId,
      ...(title ? { title } : {}),
      ...(dueAt !== undefined ? { dueAt: dueAt ? new Date(dueAt) : null, dueAllDay: false } : {}),
      ...(priority ? { priority } : {}),
    }),
  );
}

/** A dismissed suggestion stays recorded, so extracting again does not bring it back. */
export async function dismissTask(userId: string, workspaceId: string, taskId: string): Promise<TaskSuggestionView> {
  return withUser(userId, (tx) => updateTask(tx, workspaceId, taskId, { status: "dismissed" }));
}

/** Undo of confirm or dismiss: the task is a suggestion again. */
export async function restoreTaskSuggestion(userId: string, workspaceId: string, taskId: string): Promise<TaskSuggestionView> {
  return withUser(userId, (tx) => updateTask(tx, workspaceId, taskId, { status: "suggested" }));
}

/** Which calendar a confirmed meeting goes into: null (or absent) is Aiva's own calendar. */
const calendarChoice = z.uuid({ message: "Choose a calendar from the list." }).nullable().default(null);

export const confirmEventSchema = z
  .object({
    eventId: z.uuid(),
    title: z.string().trim().min(1, { message: "Give the event a title." }).max(300),
    startTime: z.iso.datetime({ offset: true }),
    endTime: z.iso.datetime({ offset: true }),
    location: z.string().trim().max(500).nullable().default(null),
    calendarConnectionId: calendarChoice,
  })
  .refine((v) => new Date(v.endTime) > new Date(v.startTime), { message: "The event must end after it starts.", path: ["endTime"] });

type ProviderCopy = { calendarConnectionId: string; providerEventId: string };

/**
 * Puts a meeting into the chosen Google calendar first (a network call, outside any
 * transaction; the provider sends the invitations). A refusal throws its sentence and
 * nothing in Aiva changes.
 */
async function createInCalendar(userId: string, workspaceId: string, calendarConnectionId: string | null, input: ProviderEventInput): Promise<ProviderCopy | null> {
  if (!calendarConnectionId) return null;
  const { providerEventId } = await createProviderEvent(userId, workspaceId, calendarConnectionId, input);
  return { calendarConnectionId, providerEventId };
}

/** The event row couldn't take the provider's copy: take the copy back out of the calendar. */
async function undoProviderCopy(userId: string, workspaceId: string, copy: ProviderCopy | null): Promise<void> {
  if (!copy) return;
  await deleteProviderEvent(userId, workspaceId, copy.calendarConnectionId, copy.providerEventId).catch((error) =>
    console.error("[events] could not remove an event whose confirmation failed", error),
  );
}

/** A calendar sync may have stored the new provider event already; the confirmed row replaces that copy. */
async function dropSyncedCopy(tx: Tx, copy: ProviderCopy | null, keepId?: string): Promise<void> {
  if (!copy) return;
  await tx
    .delete(events)
    .where(
      and(
        eq(events.calendarConnectionId, copy.calendarConnectionId),
        eq(events.providerEventId, copy.providerEventId),
        keepId ? ne(events.id, keepId) : undefined,
      ),
    );
}

/**
 * A suggested meeting goes into the calendar the person picked (Aiva's own, or a Google
 * calendar, which invites the attendees), with their corrections.
 */
export async function confirmEvent(userId: string, workspaceId: string, input: z.input<typeof confirmEventSchema>): Promise<EventSuggestionView> {
  const { eventId, title, startTime, endTime, location, calendarConnectionId } = confirmEventSchema.parse(input);
  const [suggestion] = await withUser(userId, (tx) =>
    tx
      .select()
      .from(events)
      .where(and(eq(events.id, eventId), eq(events.workspaceId, workspaceId), inArray(events.status, ["suggested", "cancelled"]))),
  );
  if (!suggestion) throw new SafeError("That meeting suggestion is no longer here.", "not_found");
  const copy = await createInCalendar(userId, workspaceId, calendarConnectionId, {
    title,
    description: suggestion.description,
    startTime: new Date(startTime),
    endTime: new Date(endTime),
    allDay: suggestion.allDay,
    timezone: suggestion.timezone,
    location,
    attendees: suggestion.attendees,
  });
  try {
    const [row] = await withUser(userId, async (tx) => {
      await dropSyncedCopy(tx, copy, eventId);
      return tx
        .update(events)
        .set({
          status: "confirmed",
          title,
          startTime: new Date(startTime),
          endTime: new Date(endTime),
          location,
          createdBy: userId,
          updatedAt: new Date(),
          ...(copy ? { calendarConnectionId: copy.calendarConnectionId, providerEventId: copy.providerEventId } : {}),
        })
        .where(and(eq(events.id, eventId), eq(events.workspaceId, workspaceId), inArray(events.status, ["suggested", "cancelled"])))
        .returning();
    });
    if (!row) throw new SafeError("That meeting suggestion is no longer here.", "not_found");
    return eventView(row);
  } catch (error) {
    await undoProviderCopy(userId, workspaceId, copy);
    throw error;
  }
}

export async function dismissEvent(userId: string, workspaceId: string, eventId: string): Promise<EventSuggestionView> {
  const [row] = await withUser(userId, (tx) =>
    tx
      .update(events)
      .set({ status: "cancelled", updatedAt: new Date() })
      .where(and(eq(events.id, eventId), eq(events.workspaceId, workspaceId), eq(events.status, "suggested")))
      .returning(),
  );
  if (!row) throw new SafeError("That meeting suggestion is no longer here.", "not_found");
  return eventView(row);
}

export const scheduleFromMessageSchema = z
  .object({
    messageId: z.uuid(),
    title: z.string().trim().min(1, { message: "Give the event a title." }).max(300),
    startTime: z.iso.datetime({ offset: true }),
    endTime: z.iso.datetime({ offset: true }),
    location: z.string().trim().max(500).nullable().default(null),
    calendarConnectionId: calendarChoice,
  })
  .refine((v) => new Date(v.endTime) > new Date(v.startTime), { message: "The event must end after it starts.", path: ["endTime"] });

/** A meeting request that named no time: the person picks one and it goes into the calendar. */
export async function scheduleFromMessage(userId: string, workspaceId: string, input: z.input<typeof scheduleFromMessageSchema>): Promise<EventSuggestionView> {
  const { messageId, title, startTime, endTime, location, calendarConnectionId } = scheduleFromMessageSchema.parse(input);
  const [m] = await withUser(userId, (tx) =>
    tx
      .select({ senderName: messages.senderName, senderEmail: messages.senderEmail, recipients: messages.recipients })
      .from(messages)
      .where(and(eq(messages.id, messageId), eq(messages.workspaceId, workspaceId))),
  );
  if (!m) throw new SafeError("That message is no longer in this workspace.", "not_found");
  const attendees = [
    ...(m.senderEmail ? [{ name: m.senderName, email: m.senderEmail }] : []),
    ...m.recipients.to,
    ...m.recipients.cc,
  ].filter((a, i, all) => all.findIndex((b) => b.email.toLowerCase() === a.email.toLowerCase()) === i);
  const copy = await createInCalendar(userId, workspaceId, calendarConnectionId, {
    title,
    description: null,
    startTime: new Date(startTime),
    endTime: new Date(endTime),
    allDay: false,
    timezone: null,
    location,
    attendees,
  });
  try {
    return await withUser(userId, async (tx) => {
      await dropSyncedCopy(tx, copy);
      const [row] = await tx
        .insert(events)
        .values({
          workspaceId,
          title,
          startTime: new Date(startTime),
          endTime: new Date(endTime),
          location,
          attendees,
          status: "confirmed",
          createdFromMessageId: messageId,
          createdBy: userId,
          calendarConnectionId: copy?.calendarConnectionId ?? null,
          providerEventId: copy?.providerEventId ?? null,
        })
        .returning();
      return eventView(row!);
    });
  } catch (error) {
    await undoProviderCopy(userId, workspaceId, copy);
    throw error;
  }
}
