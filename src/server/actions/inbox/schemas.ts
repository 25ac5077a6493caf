import { z } from "zod";

const messageIds = z
  .array(z.uuid())
  .min(1, { message: "Choose at least one message." })
  .max(500, { message: "Choose at most 500 messages at a time." });

export const markReadSchema = z.object({ workspaceId: z.uuid(), messageIds, read: z.boolean() });
export const markThreadReadSchema = z.object({ workspaceId: z.uuid(), threadId: z.uuid() });
export const starMessagesSchema = z.object({ workspaceId: z.uuid(), messageIds, starred: z.boolean() });
export const trashMessagesSchema = z.object({ workspaceId: z.uuid(), messageIds });
export const archiveMessagesSchema = z.object({ workspaceId: z.uuid(), messageIds, archived: z.boolean() });
