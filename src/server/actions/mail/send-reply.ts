"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { markDraftSent } from "@/server/ai/drafts";
import { replySchema, sendReply } from "@/server/inbox/send-message";
import { workspaceActionClient } from "../safe-action";

export const sendReplyAction = workspaceActionClient
  .metadata({ name: "sendReply" })
  .inputSchema(replySchema.extend({ workspaceId: z.uuid(), draftId: z.uuid().nullable().default(null) }))
  .action(async ({ parsedInput: { workspaceId, draftId, ...input }, ctx: { user } }) => {
    const result = await sendReply(user.id, workspaceId, input);
    // The AI draft this reply started from is kept, marked sent, and no longer offered.
    if (draftId) await markDraftSent(user.id, workspaceId, draftId, input.body);
    revalidatePath(`/w/${workspaceId}/inbox`, "layout");
    return result;
  });
