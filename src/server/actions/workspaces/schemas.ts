import { z } from "zod";
import { emailSchema } from "@/server/auth/credentials";
import { WORKSPACE_ROLES } from "@/server/workspaces/roles";

export const workspaceName = z
  .string()
  .trim()
  .min(1, { message: "Give the workspace a name." })
  .max(80, { message: "Use at most 80 characters." });

export const createWorkspaceSchema = z.object({ name: workspaceName });
export const renameWorkspaceSchema = z.object({ workspaceId: z.uuid(), name: workspaceName });
export const switchWorkspaceSchema = z.object({ workspaceId: z.uuid() });
export const addMemberSchema = z.object({
  workspaceId: z.uuid(),
  email: emailSchema,
  role: z.enum(WORKSPACE_ROLES).default("member"),
});
export const changeMemberRoleSchema = z.object({
  workspaceId: z.uuid(),
  userId: z.uuid(),
  role: z.enum(WORKSPACE_ROLES),
});
export const removeMemberSchema = z.object({ workspaceId: z.uuid(), userId: z.uuid() });
export const deleteWorkspaceSchema = z.object({ workspaceId: z.uuid() });
