"use server";

import { revalidatePath } from "next/cache";
import { defaultWorkspaceId, deleteWorkspace } from "@/server/workspaces/workspaces";
import { workspaceActionClient } from "../safe-action";
import { deleteWorkspaceSchema } from "./schemas";

export const deleteWorkspaceAction = workspaceActionClient
  .metadata({ name: "deleteWorkspace", minRole: "owner" })
  .inputSchema(deleteWorkspaceSchema)
  .action(async ({ parsedInput: { workspaceId }, ctx: { user } }) => {
    await deleteWorkspace(user.id, workspaceId);
    revalidatePath("/", "layout");
    // Where the browser goes next: the workspace the user lands in by default.
    return { nextWorkspaceId: await defaultWorkspaceId(user.id) };
  });
