"use client";

import { Keyboard } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { PendingDialog, loader, usePreloadWhenIdle, useLoaded } from "@/lib/lazy";

const loadList = loader(() => import("./shortcuts-list").then((m) => m.ShortcutsListDialog));

/**
 * `?`: the keyboard shortcuts. The dialog's code comes when the browser is idle after the
 * page loads, or when it is first opened if that is sooner.
 */
export function ShortcutsDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  // Once shown, it stays mounted (closed) so that it can animate out and open at once.
  const [shown, setShown] = useState(false);
  if (open && !shown) setShown(true);
  const List = useLoaded(loadList, open || shown, () => {
    onOpenChange(false);
    setShown(false);
  });
  usePreloadWhenIdle(loadList);
  if (List) return <List open={open} onOpenChange={onOpenChange} />;
  return open ? <PendingDialog /> : null;
}

export function ShortcutsButton({ onClick }: { onClick: () => void }) {
  return (
    <Button variant="ghost" size="sm" onClick={onClick} aria-label="Keyboard shortcuts" aria-keyshortcuts="?">
      <Keyboard aria-hidden />
      <kbd className="hidden font-mono text-xs text-muted-foreground sm:inline">?</kbd>
    </Button>
  );
}
