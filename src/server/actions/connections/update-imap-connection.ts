"use server";

import { revalidatePath } from "next/cache";
import { updateImapConnection } from "@/server/connections/connect-imap";
import { workspaceActionClient } from "../safe-action";
import { updateImapSchema } from "./schemas";

export const updateImapConnectionAction = workspaceActionClient
  .metadata({ name: "updateImapConnection" })
  .inputSchema(updateImapSchema)
  .action(async ({ parsedInput: { workspaceId, connectionId, ...input }, ctx: { user } }) => {
    await updateImapConnection(user.id, workspaceId, connectionId, input);
    revalidatePath(`/w/${workspaceId}/settings`);
    return { connectionId };
  });
