import { createSafeActionClient } from "next-safe-action";
import { z } from "zod";
import { GENERIC_ERROR_MESSAGE, SafeError } from "@/lib/errors";
import { getCurrentUser } from "@/server/auth/current-user";
import { getWorkspace } from "@/server/workspaces/workspaces";
import { WORKSPACE_ROLES, hasRole } from "@/server/workspaces/roles";

// Every server action is built from this one chain:
//   actionClient            errors: SafeError messages reach the user, the rest is logged
//   └ authActionClient      a signed-in user (verified session or JWT claims)
//     └ workspaceActionClient  membership of `workspaceId` with at least metadata.minRole
// and then `.inputSchema(zod)` for the action's own input.

export const actionClient = createSafeActionClient({
  defineMetadataSchema: () =>
    z.object({ name: z.string(), minRole: z.enum(WORKSPACE_ROLES).optional() }),
  handleServerError(error, { metadata }) {
    if (error instanceof SafeError) return error.message;
    console.error(`[action ${metadata?.name ?? "?"}]`, error);
    return GENERIC_ERROR_MESSAGE;
  },
});

export const authActionClient = actionClient.use(async ({ next }) => {
  const user = await getCurrentUser();
  if (!user) throw new SafeError("Your session has ended. Sign in again.", "unauthenticated");
  return next({ ctx: { user } });
});

const workspaceRef = z.object({ workspaceId: z.uuid() });

export const workspaceActionClient = authActionClient.use(async ({ clientInput, ctx, metadata, next }) => {
  const parsed = workspaceRef.safeParse(clientInput);
  if (!parsed.success) throw new SafeError("That workspace link is not valid.", "bad_workspace");
  const workspace = await getWorkspace(ctx.user.id, parsed.data.workspaceId);
  if (!workspace) throw new SafeError("That workspace doesn't exist or you're not a member.", "not_member");
  const required = metadata.minRole ?? "member";
  if (!hasRole(workspace.role, required)) {
    throw new SafeError(
      required === "owner" ? "Only owners can do that." : "Only owners and admins can do that.",
      "forbidden",
    );
  }
  return next({ ctx: { workspace } });
});
