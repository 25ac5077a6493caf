"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { confirmEvent, dismissEvent, scheduleFromMessage } from "@/server/ai/suggestions";
import { listCalendarChoices } from "@/server/calendar/provider-events";
import { workspaceActionClient } from "../safe-action";
import { confirmEventInputSchema, eventRefSchema, scheduleFromMessageInputSchema } from "./schemas";

const refresh = (workspaceId: string) => revalidatePath(`/w/${workspaceId}`, "layout");

export const confirmEventAction = workspaceActionClient
  .metadata({ name: "confirmEvent" })
  .inputSchema(confirmEventInputSchema)
  .action(async ({ parsedInput: { workspaceId, event }, ctx: { user } }) => {
    const saved = await confirmEvent(user.id, workspaceId, event);
    refresh(workspaceId);
    return saved;
  });

export const dismissEventAction = workspaceActionClient
  .metadata({ name: "dismissEvent" })
  .inputSchema(eventRefSchema)
  .action(async ({ parsedInput: { workspaceId, eventId }, ctx: { user } }) => {
    const saved = await dismissEvent(user.id, workspaceId, eventId);
    refresh(workspaceId);
    return saved;
  });

export const scheduleFromMessageAction = workspaceActionClient
  .metadata({ name: "scheduleFromMessage" })
  .inputSchema(scheduleFromMessageInputSchema)
  .action(async ({ parsedInput: { workspaceId, event }, ctx: { user } }) => {
    const saved = await scheduleFromMessage(user.id, workspaceId, event);
    refresh(workspaceId);
    return saved;
  });

/** The calendars a meeting from a message can go into (Aiva's own first). */
export const calendarChoicesAction = workspaceActionClient
  .metadata({ name: "calendarChoices" })
  .inputSchema(z.object({ workspaceId: z.uuid() }))
  .action(async ({ parsedInput: { workspaceId }, ctx: { user } }) => listCalendarChoices(user.id, workspaceId));
