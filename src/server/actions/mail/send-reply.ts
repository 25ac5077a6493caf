"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { prepareReply, replySchema } from "@/server/inbox/send-message";
import { queueSend } from "@/server/outbox/outbox";
import { workspaceActionClient } from "../safe-action";
import { deliverAfterWindow } from "./deliver-after-window";

/** Checks the reply can go (errors show at once), then holds it for the undo-send window. */
export const sendReplyAction = workspaceActionClient
  .metadata({ name: "sendReply" })
  .inputSchema(replySchema.extend({ workspaceId: z.uuid(), draftId: z.uuid().nullable().default(null) }))
  .action(async ({ parsedInput: { workspaceId, draftId, ...input }, ctx: { user } }) => {
    const prepared = await prepareReply(user.id, workspaceId, input);
    const queued = await queueSend({ userId: user.id, workspaceId, prepared, draftId });
    deliverAfterWindow(queued.sendAt);
    revalidatePath(`/w/${workspaceId}/inbox`, "layout");
    return queued;
  });
