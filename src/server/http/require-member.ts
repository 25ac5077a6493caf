import { z } from "zod";
import type { SessionUser } from "@/server/auth/local-sessions";
import { getCurrentUser } from "@/server/auth/current-user";
import { type WorkspaceSummary, getWorkspace } from "@/server/workspaces/workspaces";
import { ApiError } from "./api-error";

/**
 * The signed-in user and their membership of `workspaceId`, or an ApiError: 401 when
 * signed out, 400 for a malformed id, 404 when the workspace does not exist for them
 * (row-level security does not tell "not a member" from "no such workspace").
 */
export async function requireMember(workspaceId: unknown): Promise<{ user: SessionUser; workspace: WorkspaceSummary }> {
  const user = await getCurrentUser();
  if (!user) throw new ApiError(401, "Your session has ended. Sign in again.");
  const parsed = z.uuid().safeParse(workspaceId);
  if (!parsed.success) throw new ApiError(400, "That workspace link is not valid.");
  const workspace = await getWorkspace(user.id, parsed.data);
  if (!workspace) throw new ApiError(404, "That workspace doesn't exist or you're not a member.");
  return { user, workspace };
}
