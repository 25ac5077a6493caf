"use server";

import { trashMessages, trashRefSchema, trashStatus, undoTrash } from "@/server/inbox/trash-queue";
import { workspaceActionClient } from "../safe-action";
import { deleteAfterWindow } from "./delete-after-window";
import { trashMessagesSchema } from "./schemas";

/** Hides the messages at once; they go to the account's Trash after the undo window. */
export const trashMessagesAction = workspaceActionClient
  .metadata({ name: "trashMessages" })
  .inputSchema(trashMessagesSchema)
  .action(async ({ parsedInput: { workspaceId, messageIds }, ctx: { user } }) => {
    const queued = await trashMessages(user.id, workspaceId, messageIds);
    deleteAfterWindow(queued.deleteAt);
    return queued;
  });

export const undoTrashAction = workspaceActionClient
  .metadata({ name: "undoTrash" })
  .inputSchema(trashRefSchema)
  .action(async ({ parsedInput: { workspaceId, trashId }, ctx: { user } }) => {
    const restored = await undoTrash(user.id, workspaceId, trashId);
    return { restored };
  });

export const trashStatusAction = workspaceActionClient
  .metadata({ name: "trashStatus" })
  .inputSchema(trashRefSchema)
  .action(async ({ parsedInput: { workspaceId, trashId }, ctx: { user } }) => trashStatus(user.id, workspaceId, trashId));
