"use client";

import { NavLinks } from "./nav-links";
import { UserMenu } from "./user-menu";
import { type ShellWorkspace, WorkspaceSwitcher } from "./workspace-switcher";

export type ShellProps = {
  user: { email: string; displayName: string | null };
  workspace: ShellWorkspace;
  workspaces: ShellWorkspace[];
  children: React.ReactNode;
};

export function SidebarContents({ user, workspace, workspaces, onNavigate }: Omit<ShellProps, "children"> & { onNavigate?: () => void }) {
  return (
    <div className="flex h-full flex-col gap-2 p-3">
      <WorkspaceSwitcher current={workspace} workspaces={workspaces} />
      <NavLinks workspaceId={workspace.id} onNavigate={onNavigate} />
      <div className="mt-auto">
        <UserMenu email={user.email} displayName={user.displayName} />
      </div>
    </div>
  );
}
