"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { composeSchema, sendNewMessage } from "@/server/inbox/send-message";
import { workspaceActionClient } from "../safe-action";

export const sendMessageAction = workspaceActionClient
  .metadata({ name: "sendMessage" })
  .inputSchema(composeSchema.extend({ workspaceId: z.uuid() }))
  .action(async ({ parsedInput: { workspaceId, ...input }, ctx: { user } }) => {
    const result = await sendNewMessage(user.id, workspaceId, input);
    revalidatePath(`/w/${workspaceId}/inbox`, "layout");
    return result;
  });
