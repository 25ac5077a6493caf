"use client";

import { Menu } from "lucide-react";
import { useState } from "react";
import { Logo } from "@/components/brand/logo";
import { Button } from "@/components/ui/button";
import { loader, useLoaded } from "@/lib/lazy";
import { CommandPalette } from "./command-palette";
import { type ShellProps, SidebarContents } from "./sidebar-contents";
import { useGoToShortcuts } from "./use-go-to-shortcuts";

export type { ShellProps };

const loadMobileNav = loader(() => import("./mobile-nav").then((m) => m.MobileNav));

export function AppShell({ children, ...props }: ShellProps) {
  const [open, setOpen] = useState(false);
  // The phone's navigation sheet (the dialog code) comes with the first tap on the menu
  // button, or when a finger or pointer comes near it.
  const [wanted, setWanted] = useState(false);
  const MobileNav = useLoaded(loadMobileNav, wanted, () => {
    setOpen(false);
    setWanted(false);
  });
  useGoToShortcuts(props.workspace.id);
  const preload = () => void loadMobileNav().catch(() => {});
  return (
    <div className="flex min-h-dvh bg-background">
      <aside className="sticky top-0 hidden h-dvh w-60 shrink-0 border-r bg-sidebar text-sidebar-foreground md:block">
        <SidebarContents {...props} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-10 flex h-12 items-center gap-2 border-b bg-background/95 px-3 backdrop-blur md:hidden">
          <Button
            variant="ghost"
            size="icon"
            aria-label="Open navigation"
            aria-haspopup="dialog"
            aria-expanded={open}
            onPointerEnter={preload}
            onTouchStart={preload}
            onFocus={preload}
            onClick={() => {
              setWanted(true);
              setOpen(true);
            }}
          >
            <Menu />
          </Button>
          <Logo />
          <span className="truncate text-sm text-muted-foreground">· {props.workspace.name}</span>
        </header>
        {MobileNav ? <MobileNav {...props} open={open} setOpen={setOpen} /> : null}
        <main className="flex-1">{children}</main>
        <CommandPalette workspaceId={props.workspace.id} />
      </div>
    </div>
  );
}
