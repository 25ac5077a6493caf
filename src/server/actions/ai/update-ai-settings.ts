"use server";

import { revalidatePath } from "next/cache";
import { updateAiSettings } from "@/server/ai/settings";
import { workspaceActionClient } from "../safe-action";
import { updateAiSettingsSchema } from "./schemas";

export const updateAiSettingsAction = workspaceActionClient
  .metadata({ name: "updateAiSettings", minRole: "admin" })
  .inputSchema(updateAiSettingsSchema)
  .action(async ({ parsedInput: { workspaceId, ...settings }, ctx: { user } }) => {
    const saved = await updateAiSettings(user.id, workspaceId, settings);
    revalidatePath(`/w/${workspaceId}`, "layout");
    return saved;
  });
