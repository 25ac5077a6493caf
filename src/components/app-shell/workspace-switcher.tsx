"use client";

import { loader, useMenuOnFirstUse } from "@/lib/lazy";
import { type ShellWorkspace, WorkspaceButton } from "./workspace-button";

export type { ShellWorkspace };

const loadMenu = loader(() => import("./workspace-switcher-menu").then((m) => m.WorkspaceSwitcherMenu));

/**
 * The workspace button; its menu's code (the dropdown and the create dialog) comes when
 * the pointer or the focus reaches the button, and the menu opens on the first click or key.
 */
export function WorkspaceSwitcher({ current, workspaces }: { current: ShellWorkspace; workspaces: ShellWorkspace[] }) {
  const { Loaded: Menu, triggerProps } = useMenuOnFirstUse(loadMenu);
  if (Menu) return <Menu current={current} workspaces={workspaces} />;
  return <WorkspaceButton current={current} {...triggerProps} />;
}
