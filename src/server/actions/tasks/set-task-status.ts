"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { setTaskStatus, taskStatusSchema } from "@/server/tasks/tasks";
import { workspaceActionClient } from "../safe-action";

export const setTaskStatusAction = workspaceActionClient
  .metadata({ name: "setTaskStatus" })
  .inputSchema(taskStatusSchema.extend({ workspaceId: z.uuid() }))
  .action(async ({ parsedInput: { workspaceId, ...input }, ctx: { user } }) => {
    const taskIds = await setTaskStatus(user.id, workspaceId, input);
    revalidatePath(`/w/${workspaceId}`, "layout");
    return { taskIds, status: input.status };
  });
