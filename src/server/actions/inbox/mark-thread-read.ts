"use server";

import { markThreadRead } from "@/server/inbox/message-flags";
import { queueStateWriteBack } from "@/server/sync/write-back";
import { workspaceActionClient } from "../safe-action";
import { markThreadReadSchema } from "./schemas";

export const markThreadReadAction = workspaceActionClient
  .metadata({ name: "markThreadRead" })
  .inputSchema(markThreadReadSchema)
  .action(async ({ parsedInput: { workspaceId, threadId }, ctx: { user } }) => {
    const changed = await markThreadRead(user.id, workspaceId, threadId);
    await writeBack(changed);
    return { messageIds: changed };
  });

/** Live accounts (IMAP...) get the change in the background; a queue hiccup must not undo it here. */
async function writeBack(messageIds: string[]) {
  await queueStateWriteBack(messageIds).catch((error) => console.error("[inbox] could not queue the write-back", error));
}
