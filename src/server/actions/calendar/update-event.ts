"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { eventInputSchema, updateEvent } from "@/server/calendar/events";
import { workspaceActionClient } from "../safe-action";

const input = z.object({ workspaceId: z.uuid(), eventId: z.uuid(), event: eventInputSchema });

export const updateEventAction = workspaceActionClient
  .metadata({ name: "updateEvent" })
  .inputSchema(input)
  .action(async ({ parsedInput: { workspaceId, eventId, event }, ctx: { user } }) => {
    const saved = await updateEvent(user.id, workspaceId, eventId, event);
    revalidatePath(`/w/${workspaceId}`, "layout");
    return saved;
  });
