"use server";

import { generateDraft } from "@/server/ai/drafts";
import { workspaceActionClient } from "../safe-action";
import { generateDraftSchema } from "./schemas";

export const generateDraftAction = workspaceActionClient
  .metadata({ name: "generateDraft" })
  .inputSchema(generateDraftSchema)
  .action(async ({ parsedInput: { workspaceId, ...request }, ctx: { user } }) => generateDraft(user.id, workspaceId, request));
