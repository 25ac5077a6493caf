"use client";

import { Inbox, Laptop, Moon, Search, Sun, Upload, Mail } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTheme } from "next-themes";
import { useState } from "react";
import { CommandDialog, CommandEmpty, CommandGroup, CommandInput, CommandItem, CommandList, CommandShortcut } from "@/components/ui/command";
import { INBOX_VIEWS, INBOX_VIEW_LABELS } from "@/lib/inbox-views";
import { NAV_ITEMS } from "./nav-items";

/**
 * The palette itself (cmdk and the dialog), loaded on first use or when the browser is
 * idle; ./command-palette.tsx listens for Ctrl/⌘-K from the first moment.
 */
export function CommandPaletteDialog({
  workspaceId,
  open,
  setOpen,
  initialQuery,
}: {
  workspaceId: string;
  open: boolean;
  setOpen: (open: boolean) => void;
  /** What was typed between Ctrl/⌘-K and the palette's arrival. */
  initialQuery: () => string;
}) {
  const router = useRouter();
  const { setTheme } = useTheme();
  const [query, setQuery] = useState(initialQuery);

  const run = (action: () => void) => {
    setOpen(false);
    setQuery("");
    action();
  };
  const base = `/w/${workspaceId}`;

  return (
    <CommandDialog open={open} onOpenChange={setOpen} title="Command palette" description="Go somewhere or do something">
      <CommandInput placeholder="Type a command or search mail…" value={query} onValueChange={setQuery} />
      <CommandList>
        <CommandEmpty>Nothing matches.</CommandEmpty>
        <CommandGroup heading="Go to">
          {NAV_ITEMS.map((item) => (
            <CommandItem key={item.segment} value={`go ${item.label}`} onSelect={() => run(() => router.push(`${base}/${item.segment}`))}>
              <item.icon aria-hidden /> {item.label}
              <CommandShortcut>G {item.shortcut.toUpperCase()}</CommandShortcut>
            </CommandItem>
          ))}
        </CommandGroup>
        <CommandGroup heading="Inbox views">
          {INBOX_VIEWS.map((view) => (
            <CommandItem
              key={view}
              value={`view ${INBOX_VIEW_LABELS[view]}`}
              onSelect={() => run(() => router.push(view === "priority" ? `${base}/inbox` : `${base}/inbox?view=${view}`))}
            >
              <Inbox aria-hidden /> {INBOX_VIEW_LABELS[view]}
            </CommandItem>
          ))}
        </CommandGroup>
        <CommandGroup heading="Mail">
          <CommandItem value="connect a mailbox account" onSelect={() => run(() => router.push(`${base}/settings#connections`))}>
            <Mail aria-hidden /> Connect an account
          </CommandItem>
          <CommandItem value="import mail mbox eml" onSelect={() => run(() => router.push(`${base}/settings#import`))}>
            <Upload aria-hidden /> Import mail
          </CommandItem>
        </CommandGroup>
        <CommandGroup heading="Theme">
          <CommandItem value="theme light" onSelect={() => run(() => setTheme("light"))}>
            <Sun aria-hidden /> Light theme
          </CommandItem>
          <CommandItem value="theme dark" onSelect={() => run(() => setTheme("dark"))}>
            <Moon aria-hidden /> Dark theme
          </CommandItem>
          <CommandItem value="theme system" onSelect={() => run(() => setTheme("system"))}>
            <Laptop aria-hidden /> System theme
          </CommandItem>
        </CommandGroup>
        {query.trim() ? (
          <CommandGroup heading="Search" forceMount>
            <CommandItem value="search-mail-for-the-typed-words" forceMount onSelect={() => run(() => router.push(`${base}/inbox?q=${encodeURIComponent(query.trim())}`))}>
              <Search aria-hidden /> Search mail for “{query.trim()}”
            </CommandItem>
          </CommandGroup>
        ) : null}
      </CommandList>
    </CommandDialog>
  );
}
