"use server";

import { revalidatePath } from "next/cache";
import { disconnect } from "@/server/connections/manage-connections";
import { workspaceActionClient } from "../safe-action";
import { connectionRefSchema } from "./schemas";

export const disconnectConnectionAction = workspaceActionClient
  .metadata({ name: "disconnectConnection" })
  .inputSchema(connectionRefSchema)
  .action(async ({ parsedInput: { workspaceId, connectionId }, ctx: { user } }) => {
    await disconnect(user.id, workspaceId, connectionId);
    revalidatePath(`/w/${workspaceId}`, "layout");
    return { connectionId };
  });
