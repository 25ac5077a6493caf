"use server";

import { revalidatePath } from "next/cache";
import { SafeError } from "@/lib/errors";
import { removeMember } from "@/server/workspaces/members";
import { workspaceActionClient } from "../safe-action";
import { removeMemberSchema } from "./schemas";

// Members may remove themselves (leave); removing others needs admin, which the
// database checks as well.
export const removeMemberAction = workspaceActionClient
  .metadata({ name: "removeMember" })
  .inputSchema(removeMemberSchema)
  .action(async ({ parsedInput: { workspaceId, userId }, ctx: { user, workspace } }) => {
    const leaving = userId === user.id;
    if (!leaving && workspace.role === "member") throw new SafeError("Only owners and admins can do that.", "forbidden");
    await removeMember(user.id, workspaceId, userId);
    revalidatePath(leaving ? "/" : `/w/${workspaceId}/settings`, "layout");
    return { left: leaving };
  });
