"use server";

import { saveDraftEdit } from "@/server/ai/drafts";
import { workspaceActionClient } from "../safe-action";
import { saveDraftInputSchema } from "./schemas";

export const saveDraftAction = workspaceActionClient
  .metadata({ name: "saveDraft" })
  .inputSchema(saveDraftInputSchema)
  .action(async ({ parsedInput: { workspaceId, ...draft }, ctx: { user } }) => {
    await saveDraftEdit(user.id, workspaceId, draft);
    return { draftId: draft.draftId };
  });
