export const WORKSPACE_ROLES = ["owner", "admin", "member"] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

/** Roles are ordered: an owner can do what an admin can, an admin what a member can. */
export function hasRole(role: WorkspaceRole, atLeast: WorkspaceRole): boolean {
  return WORKSPACE_ROLES.indexOf(role) <= WORKSPACE_ROLES.indexOf(atLeast);
}
