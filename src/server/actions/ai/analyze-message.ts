"use server";

import { revalidatePath } from "next/cache";
import { SafeError } from "@/lib/errors";
import { analyzeMessageNow } from "@/server/ai/analyze-messages";
import { getInsight } from "@/server/ai/suggestions";
import { workspaceActionClient } from "../safe-action";
import { analyzeMessageSchema } from "./schemas";

/** "Analyze" / "Analyze again" in the reader: classify one message now and find its tasks and meeting. */
export const analyzeMessageAction = workspaceActionClient
  .metadata({ name: "analyzeMessage" })
  .inputSchema(analyzeMessageSchema)
  .action(async ({ parsedInput: { workspaceId, messageId }, ctx: { user } }) => {
    // Reading it as the user first: the analysis itself runs on the service path.
    if (!(await getInsight(user.id, workspaceId, messageId))) {
      throw new SafeError("That message is no longer in this workspace.", "not_found");
    }
    await analyzeMessageNow(workspaceId, messageId, { force: true });
    revalidatePath(`/w/${workspaceId}/inbox`, "layout");
    return getInsight(user.id, workspaceId, messageId);
  });
