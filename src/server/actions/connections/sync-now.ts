"use server";

import { syncNow } from "@/server/connections/manage-connections";
import { workspaceActionClient } from "../safe-action";
import { connectionRefSchema } from "./schemas";

export const syncNowAction = workspaceActionClient
  .metadata({ name: "syncNow" })
  .inputSchema(connectionRefSchema)
  .action(async ({ parsedInput: { workspaceId, connectionId }, ctx: { user } }) => {
    return syncNow(user.id, workspaceId, connectionId);
  });
