import { and, asc, eq, gte, inArray, lt } from "drizzle-orm";
import { z } from "zod";
import { SafeError } from "@/lib/errors";
import type { EventSuggestionView } from "@/lib/inbox-types";
import { events, messages } from "@/server/db/schema";
import { withUser } from "@/server/db/with-rls";

// Aiva's own calendar: events confirmed from messages (and, once calendars are connected,
// the providers' events). Suggestions show too, marked, until confirmed or discarded.

/** An event row as the UI sees it. */
export const eventView = (e: typeof events.$inferSelect): EventSuggestionView => ({
  id: e.id,
  title: e.title,
  startTime: e.startTime.toISOString(),
  endTime: e.endTime.toISOString(),
  allDay: e.allDay,
  location: e.location,
  attendees: e.attendees.map((a) => ({ name: a.name, email: a.email })),
  status: e.status,
});

export type CalendarEventRow = EventSuggestionView & { source: { threadId: string | null; subject: string | null } | null };

export async function listEvents(userId: string, workspaceId: string, range: { from: Date; to: Date }): Promise<CalendarEventRow[]> {
  const rows = await withUser(userId, (tx) =>
    tx
      .select({ event: events, threadId: messages.threadId, subject: messages.subject })
      .from(events)
      .leftJoin(messages, eq(messages.id, events.createdFromMessageId))
      .where(
        and(
          eq(events.workspaceId, workspaceId),
          inArray(events.status, ["confirmed", "tentative", "suggested"]),
          gte(events.endTime, range.from),
          lt(events.startTime, range.to),
        ),
      )
      .orderBy(asc(events.startTime))
      .limit(1000),
  );
  return rows.map(({ event: e, threadId, subject }) => ({
    ...eventView(e),
    source: e.createdFromMessageId ? { threadId, subject } : null,
  }));
}

export const deleteEventSchema = z.object({ eventId: z.uuid() });

/** Removes an event from Aiva's calendar (the row is kept as cancelled, so it is not suggested again). */
export async function cancelEvent(userId: string, workspaceId: string, eventId: string): Promise<void> {
  const rows = await withUser(userId, (tx) =>
    tx
      .update(events)
      .set({ status: "cancelled", updatedAt: new Date() })
      .where(and(eq(events.id, eventId), eq(events.workspaceId, workspaceId)))
      .returning({ id: events.id }),
  );
  if (rows.length === 0) throw new SafeError("That event is no longer here.", "not_found");
}

export async function restoreEvent(userId: string, workspaceId: string, eventId: string): Promise<void> {
  await withUser(userId, (tx) =>
    tx.update(events).set({ status: "confirmed", updatedAt: new Date() }).where(and(eq(events.id, eventId), eq(events.workspaceId, workspaceId))),
  );
}
