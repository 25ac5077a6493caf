"use server";

import { cancelSend, sendRefSchema, sendStatus } from "@/server/outbox/outbox";
import { workspaceActionClient } from "../safe-action";

export const undoSendAction = workspaceActionClient
  .metadata({ name: "undoSend" })
  .inputSchema(sendRefSchema)
  .action(async ({ parsedInput: { workspaceId, sendId }, ctx: { user } }) => {
    await cancelSend(user.id, workspaceId, sendId);
    return { undone: true };
  });

export const sendStatusAction = workspaceActionClient
  .metadata({ name: "sendStatus" })
  .inputSchema(sendRefSchema)
  .action(async ({ parsedInput: { workspaceId, sendId }, ctx: { user } }) => sendStatus(user.id, workspaceId, sendId));
