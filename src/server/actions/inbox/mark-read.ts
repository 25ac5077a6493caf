"use server";

import { SafeError } from "@/lib/errors";
import { setMessageFlags } from "@/server/inbox/message-flags";
import { queueStateWriteBack } from "@/server/sync/write-back";
import { workspaceActionClient } from "../safe-action";
import { markReadSchema } from "./schemas";

export const markReadAction = workspaceActionClient
  .metadata({ name: "markRead" })
  .inputSchema(markReadSchema)
  .action(async ({ parsedInput: { workspaceId, messageIds, read }, ctx: { user } }) => {
    const changed = await setMessageFlags(user.id, workspaceId, messageIds, { isRead: read });
    if (changed.length === 0) throw new SafeError("That message is no longer in this workspace.", "not_found");
    await writeBack(changed);
    return { messageIds: changed, read };
  });

/** Live accounts (IMAP...) get the change in the background; a queue hiccup must not undo it here. */
async function writeBack(messageIds: string[]) {
  await queueStateWriteBack(messageIds).catch((error) => console.error("[inbox] could not queue the write-back", error));
}
