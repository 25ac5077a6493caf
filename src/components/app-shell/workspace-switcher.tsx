"use client";

import { useState } from "react";
import { loader, useLoaded } from "@/lib/lazy";
import { type ShellWorkspace, WorkspaceButton } from "./workspace-button";

export type { ShellWorkspace };

const loadMenu = loader(() => import("./workspace-switcher-menu").then((m) => m.WorkspaceSwitcherMenu));

/**
 * The workspace button; its menu's code (the dropdown and the create dialog) comes when
 * the pointer or the focus reaches the button, and the menu opens on the first click or key.
 */
export function WorkspaceSwitcher({ current, workspaces }: { current: ShellWorkspace; workspaces: ShellWorkspace[] }) {
  const [wanted, setWanted] = useState(false);
  const Menu = useLoaded(loadMenu, wanted, () => setWanted(false));
  if (Menu) return <Menu current={current} workspaces={workspaces} />;
  const preload = () => void loadMenu().catch(() => {});
  return (
    <WorkspaceButton
      current={current}
      aria-haspopup="menu"
      aria-expanded={false}
      data-state="closed"
      onPointerEnter={preload}
      onFocus={preload}
      onClick={() => setWanted(true)}
      onKeyDown={(event) => {
        if (event.key === "ArrowDown") {
          event.preventDefault();
          setWanted(true);
        }
      }}
    />
  );
}
