"use server";

import { revalidatePath } from "next/cache";
import { addMember } from "@/server/workspaces/members";
import { workspaceActionClient } from "../safe-action";
import { addMemberSchema } from "./schemas";

export const addMemberAction = workspaceActionClient
  .metadata({ name: "addMember", minRole: "admin" })
  .inputSchema(addMemberSchema)
  .action(async ({ parsedInput: { workspaceId, email, role }, ctx: { user } }) => {
    await addMember(user.id, workspaceId, email, role);
    revalidatePath(`/w/${workspaceId}/settings`);
    return { email };
  });
