"use server";

import { revalidatePath } from "next/cache";
import { loadDemoSchema, loadDemoWorkspace } from "@/server/demo/demo-workspace";
import { authActionClient } from "../safe-action";

export const loadDemoWorkspaceAction = authActionClient
  .metadata({ name: "loadDemoWorkspace" })
  .inputSchema(loadDemoSchema)
  .action(async ({ parsedInput: { utcOffsetMinutes }, ctx: { user } }) => {
    const result = await loadDemoWorkspace({ id: user.id, email: user.email }, { utcOffsetMinutes });
    revalidatePath("/", "layout");
    return result;
  });
