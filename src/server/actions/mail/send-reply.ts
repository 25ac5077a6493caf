"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { replySchema, sendReply } from "@/server/inbox/send-message";
import { workspaceActionClient } from "../safe-action";

export const sendReplyAction = workspaceActionClient
  .metadata({ name: "sendReply" })
  .inputSchema(replySchema.extend({ workspaceId: z.uuid() }))
  .action(async ({ parsedInput: { workspaceId, ...input }, ctx: { user } }) => {
    const result = await sendReply(user.id, workspaceId, input);
    revalidatePath(`/w/${workspaceId}/inbox`, "layout");
    return result;
  });
