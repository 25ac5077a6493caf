"use server";

import { revalidatePath } from "next/cache";
import { connectImap } from "@/server/connections/connect-imap";
import { workspaceActionClient } from "../safe-action";
import { connectImapSchema } from "./schemas";

export const connectImapAction = workspaceActionClient
  .metadata({ name: "connectImap" })
  .inputSchema(connectImapSchema)
  .action(async ({ parsedInput: { workspaceId, ...input }, ctx: { user } }) => {
    const result = await connectImap(user.id, workspaceId, input);
    revalidatePath(`/w/${workspaceId}`, "layout");
    return result;
  });
