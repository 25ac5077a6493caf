import { z } from "zod";
import { draftRequestSchema, saveDraftSchema } from "@/server/ai/drafts";
import { aiSettingsSchema } from "@/server/ai/settings";
import { confirmEventSchema, confirmTaskSchema, scheduleFromMessageSchema } from "@/server/ai/suggestions";

const inWorkspace = { workspaceId: z.uuid() };

export const generateDraftSchema = draftRequestSchema.extend(inWorkspace);
export const saveDraftInputSchema = saveDraftSchema.extend(inWorkspace);
export const analyzeMessageSchema = z.object({ ...inWorkspace, messageId: z.uuid() });
export const taskRefSchema = z.object({ ...inWorkspace, taskId: z.uuid() });
export const eventRefSchema = z.object({ ...inWorkspace, eventId: z.uuid() });
export const confirmTaskInputSchema = confirmTaskSchema.extend(inWorkspace);
export const confirmEventInputSchema = z.object({ ...inWorkspace, event: confirmEventSchema });
export const scheduleFromMessageInputSchema = z.object({ ...inWorkspace, event: scheduleFromMessageSchema });
export const updateAiSettingsSchema = aiSettingsSchema.extend(inWorkspace);
