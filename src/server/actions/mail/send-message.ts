"use server";

import { z } from "zod";
import { composeSchema, prepareNewMessage } from "@/server/inbox/send-message";
import { queueSend } from "@/server/outbox/outbox";
import { workspaceActionClient } from "../safe-action";
import { deliverAfterWindow } from "./deliver-after-window";

/** Checks the message can go (errors show at once), then holds it for the undo-send window. */
export const sendMessageAction = workspaceActionClient
  .metadata({ name: "sendMessage" })
  .inputSchema(composeSchema.extend({ workspaceId: z.uuid() }))
  .action(async ({ parsedInput: { workspaceId, ...input }, ctx: { user } }) => {
    const prepared = await prepareNewMessage(user.id, workspaceId, input);
    const queued = await queueSend({ userId: user.id, workspaceId, prepared, draftId: null });
    deliverAfterWindow(queued.sendAt);
    return queued;
  });
