"use server";

import { revalidatePath } from "next/cache";
import { confirmTask, dismissTask, restoreTaskSuggestion } from "@/server/ai/suggestions";
import { workspaceActionClient } from "../safe-action";
import { confirmTaskInputSchema, taskRefSchema } from "./schemas";

const refresh = (workspaceId: string) => revalidatePath(`/w/${workspaceId}`, "layout");

export const confirmTaskAction = workspaceActionClient
  .metadata({ name: "confirmTask" })
  .inputSchema(confirmTaskInputSchema)
  .action(async ({ parsedInput: { workspaceId, ...input }, ctx: { user } }) => {
    const task = await confirmTask(user.id, workspaceId, input);
    refresh(workspaceId);
    return task;
  });

export const dismissTaskAction = workspaceActionClient
  .metadata({ name: "dismissTask" })
  .inputSchema(taskRefSchema)
  .action(async ({ parsedInput: { workspaceId, taskId }, ctx: { user } }) => {
    const task = await dismissTask(user.id, workspaceId, taskId);
    refresh(workspaceId);
    return task;
  });

export const restoreTaskAction = workspaceActionClient
  .metadata({ name: "restoreTask" })
  .inputSchema(taskRefSchema)
  .action(async ({ parsedInput: { workspaceId, taskId }, ctx: { user } }) => {
    const task = await restoreTaskSuggestion(user.id, workspaceId, taskId);
    refresh(workspaceId);
    return task;
  });
