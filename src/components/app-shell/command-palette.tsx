"use client";

import { useEffect, useRef, useState } from "react";
import { PendingDialog, loader, usePreloadWhenIdle, useLoaded } from "@/lib/lazy";

const loadPalette = loader(() => import("./command-palette-dialog").then((m) => m.CommandPaletteDialog));

/**
 * Ctrl/⌘-K: every place and view by name, search for what was typed, and the theme.
 *
 * The key works from the first moment; the palette's code (cmdk and the dialog) comes when
 * the browser is idle after the page loads, or on the first press if that is sooner. What
 * is typed before it arrives is kept and becomes the palette's query.
 */
export function CommandPalette({ workspaceId }: { workspaceId: string }) {
  const [open, setOpen] = useState(false);
  // Once opened, the palette stays mounted (closed) so it opens at once the next time.
  const [wanted, setWanted] = useState(false);
  const Palette = useLoaded(loadPalette, wanted, () => {
    setOpen(false);
    setWanted(false);
  });
  usePreloadWhenIdle(loadPalette);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() === "k" && (event.metaKey || event.ctrlKey) && !event.altKey) {
        event.preventDefault();
        void loadPalette().catch(() => {});
        setWanted(true);
        setOpen((v) => !v);
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);

  // Keys typed while the palette is on its way: kept for its input, not taken as shortcuts.
  const typed = useRef("");
  const waiting = open && !Palette;
  useEffect(() => {
    if (!waiting) return;
    typed.current = "";
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      if (event.key === "Escape") {
        typed.current = "";
        setOpen(false);
      }
      else if (event.key === "Backspace") typed.current = typed.current.slice(0, -1);
      else if (event.key.length === 1) typed.current += event.key;
      else if (event.key !== "Enter") return;
      event.preventDefault();
      event.stopImmediatePropagation();
    };
    window.addEventListener("keydown", onKeyDown, true);
    return () => window.removeEventListener("keydown", onKeyDown, true);
  }, [waiting]);

  if (!Palette) return waiting ? <PendingDialog /> : null;
  return <Palette workspaceId={workspaceId} open={open} setOpen={setOpen} initialQuery={() => typed.current} />;
}
