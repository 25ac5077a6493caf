"use server";

import { SafeError } from "@/lib/errors";
import { setMessageFlags } from "@/server/inbox/message-flags";
import { queueStateWriteBack } from "@/server/sync/write-back";
import { workspaceActionClient } from "../safe-action";
import { archiveMessagesSchema } from "./schemas";

export const archiveMessagesAction = workspaceActionClient
  .metadata({ name: "archiveMessages" })
  .inputSchema(archiveMessagesSchema)
  .action(async ({ parsedInput: { workspaceId, messageIds, archived }, ctx: { user } }) => {
    const changed = await setMessageFlags(user.id, workspaceId, messageIds, { isArchived: archived });
    if (changed.length === 0) throw new SafeError("That message is no longer in this workspace.", "not_found");
    await writeBack(changed);
    return { messageIds: changed, archived };
  });

/** Live accounts (IMAP...) get the change in the background; a queue hiccup must not undo it here. */
async function writeBack(messageIds: string[]) {
  await queueStateWriteBack(messageIds).catch((error) => console.error("[inbox] could not queue the write-back", error));
}
