"use client";

import { Menu } from "lucide-react";
import { useState } from "react";
import { Logo } from "@/components/brand/logo";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetDescription, SheetTitle } from "@/components/ui/sheet";
import { CommandPalette } from "./command-palette";
import { NavLinks } from "./nav-links";
import { useGoToShortcuts } from "./use-go-to-shortcuts";
import { UserMenu } from "./user-menu";
import { type ShellWorkspace, WorkspaceSwitcher } from "./workspace-switcher";

export type ShellProps = {
  user: { email: string; displayName: string | null };
  workspace: ShellWorkspace;
  workspaces: ShellWorkspace[];
  children: React.ReactNode;
};

function SidebarContents({ user, workspace, workspaces, onNavigate }: Omit<ShellProps, "children"> & { onNavigate?: () => void }) {
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

export function AppShell({ children, ...props }: ShellProps) {
  const [open, setOpen] = useState(false);
  useGoToShortcuts(props.workspace.id);
  return (
    <div className="flex min-h-dvh bg-background">
      <aside className="sticky top-0 hidden h-dvh w-60 shrink-0 border-r bg-sidebar text-sidebar-foreground md:block">
        <SidebarContents {...props} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-10 flex h-12 items-center gap-2 border-b bg-background/95 px-3 backdrop-blur md:hidden">
          <Button variant="ghost" size="icon" aria-label="Open navigation" onClick={() => setOpen(true)}>
            <Menu />
          </Button>
          <Logo />
          <span className="truncate text-sm text-muted-foreground">· {props.workspace.name}</span>
        </header>
        <Sheet open={open} onOpenChange={setOpen}>
          <SheetContent side="left" className="w-72 bg-sidebar p-0">
            <SheetTitle className="sr-only">Navigation</SheetTitle>
            <SheetDescription className="sr-only">Switch workspace or go to another section</SheetDescription>
            {/* Top padding keeps the sheet's close button clear of the workspace switcher. */}
            <div className="h-full pt-10">
              <SidebarContents {...props} onNavigate={() => setOpen(false)} />
            </div>
          </SheetContent>
        </Sheet>
        <main className="flex-1">{children}</main>
        <CommandPalette workspaceId={props.workspace.id} />
      </div>
    </div>
  );
}
