"use server";

import { revalidatePath } from "next/cache";
import { renameWorkspace } from "@/server/workspaces/workspaces";
import { workspaceActionClient } from "../safe-action";
import { renameWorkspaceSchema } from "./schemas";

export const renameWorkspaceAction = workspaceActionClient
  .metadata({ name: "renameWorkspace", minRole: "admin" })
  .inputSchema(renameWorkspaceSchema)
  .action(async ({ parsedInput: { workspaceId, name }, ctx: { user } }) => {
    await renameWorkspace(user.id, workspaceId, name);
    revalidatePath(`/w/${workspaceId}`, "layout");
    return { name };
  });
