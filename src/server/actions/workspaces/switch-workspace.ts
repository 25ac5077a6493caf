"use server";

import { redirect } from "next/navigation";
import { rememberWorkspace } from "@/server/workspaces/workspaces";
import { workspaceActionClient } from "../safe-action";
import { switchWorkspaceSchema } from "./schemas";

export const switchWorkspaceAction = workspaceActionClient
  .metadata({ name: "switchWorkspace" })
  .inputSchema(switchWorkspaceSchema)
  .action(async ({ parsedInput: { workspaceId }, ctx: { user } }) => {
    await rememberWorkspace(user.id, workspaceId);
    redirect(`/w/${workspaceId}/inbox`);
  });
