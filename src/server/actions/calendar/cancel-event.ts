"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { cancelEvent, deleteEventSchema, restoreEvent } from "@/server/calendar/events";
import { workspaceActionClient } from "../safe-action";

const input = deleteEventSchema.extend({ workspaceId: z.uuid() });

export const cancelEventAction = workspaceActionClient
  .metadata({ name: "cancelEvent" })
  .inputSchema(input)
  .action(async ({ parsedInput: { workspaceId, eventId }, ctx: { user } }) => {
    await cancelEvent(user.id, workspaceId, eventId);
    revalidatePath(`/w/${workspaceId}`, "layout");
    return { eventId };
  });

export const restoreEventAction = workspaceActionClient
  .metadata({ name: "restoreEvent" })
  .inputSchema(input)
  .action(async ({ parsedInput: { workspaceId, eventId }, ctx: { user } }) => {
    await restoreEvent(user.id, workspaceId, eventId);
    revalidatePath(`/w/${workspaceId}`, "layout");
    return { eventId };
  });
