"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createEvent, eventInputSchema } from "@/server/calendar/events";
import { workspaceActionClient } from "../safe-action";

const input = z.object({ workspaceId: z.uuid(), event: eventInputSchema });

export const createEventAction = workspaceActionClient
  .metadata({ name: "createEvent" })
  .inputSchema(input)
  .action(async ({ parsedInput: { workspaceId, event }, ctx: { user } }) => {
    const saved = await createEvent(user.id, workspaceId, event);
    revalidatePath(`/w/${workspaceId}`, "layout");
    return saved;
  });
