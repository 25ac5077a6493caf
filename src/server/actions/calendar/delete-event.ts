"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { deleteEvent, restoreEvent, restoreEventSchema } from "@/server/calendar/events";
import { workspaceActionClient } from "../safe-action";

export const deleteEventAction = workspaceActionClient
  .metadata({ name: "deleteEvent" })
  .inputSchema(z.object({ workspaceId: z.uuid(), eventId: z.uuid() }))
  .action(async ({ parsedInput: { workspaceId, eventId }, ctx: { user } }) => {
    const deleted = await deleteEvent(user.id, workspaceId, eventId);
    revalidatePath(`/w/${workspaceId}`, "layout");
    return deleted;
  });

/** Undo of a delete in Aiva's own calendar. */
export const restoreEventAction = workspaceActionClient
  .metadata({ name: "restoreEvent" })
  .inputSchema(restoreEventSchema.extend({ workspaceId: z.uuid() }))
  .action(async ({ parsedInput: { workspaceId, ...event }, ctx: { user } }) => {
    const restored = await restoreEvent(user.id, workspaceId, event);
    revalidatePath(`/w/${workspaceId}`, "layout");
    return restored;
  });
