"use server";

import { revalidatePath } from "next/cache";
import { createWorkspace } from "@/server/workspaces/workspaces";
import { authActionClient } from "../safe-action";
import { createWorkspaceSchema } from "./schemas";

export const createWorkspaceAction = authActionClient
  .metadata({ name: "createWorkspace" })
  .inputSchema(createWorkspaceSchema)
  .action(async ({ parsedInput: { name }, ctx: { user } }) => {
    const workspaceId = await createWorkspace(user.id, name);
    revalidatePath("/", "layout");
    return { workspaceId };
  });
