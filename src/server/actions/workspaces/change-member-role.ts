"use server";

import { revalidatePath } from "next/cache";
import { changeMemberRole } from "@/server/workspaces/members";
import { workspaceActionClient } from "../safe-action";
import { changeMemberRoleSchema } from "./schemas";

export const changeMemberRoleAction = workspaceActionClient
  .metadata({ name: "changeMemberRole", minRole: "admin" })
  .inputSchema(changeMemberRoleSchema)
  .action(async ({ parsedInput: { workspaceId, userId, role }, ctx: { user } }) => {
    await changeMemberRole(user.id, workspaceId, userId, role);
    revalidatePath(`/w/${workspaceId}/settings`);
    return { role };
  });
