"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/cn";
import { NAV_ITEMS } from "./nav-items";

export function NavLinks({ workspaceId, onNavigate }: { workspaceId: string; onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Sections" className="grid gap-0.5">
      {NAV_ITEMS.map(({ segment, label, icon: Icon, shortcut }) => {
        const href = `/w/${workspaceId}/${segment}`;
        const active = pathname === href || pathname.startsWith(`${href}/`);
        return (
          <Link
            key={segment}
            href={href}
            onClick={onNavigate}
            aria-current={active ? "page" : undefined}
            aria-keyshortcuts={`g ${shortcut}`}
            className={cn(
              "group flex h-8 items-center gap-2.5 rounded-md px-2 text-sm text-sidebar-foreground/80 outline-none transition-colors",
              "hover:bg-sidebar-accent hover:text-sidebar-accent-foreground focus-visible:ring-2 focus-visible:ring-sidebar-ring",
              active && "bg-sidebar-accent font-medium text-sidebar-accent-foreground",
            )}
          >
            <Icon className="size-4 shrink-0 opacity-80" aria-hidden />
            <span className="flex-1">{label}</span>
            <kbd aria-hidden className="hidden font-mono text-[10px] text-muted-foreground opacity-0 transition-opacity group-hover:opacity-100 md:inline">
              G {shortcut.toUpperCase()}
            </kbd>
          </Link>
        );
      })}
    </nav>
  );
}
