"use client";

import { useEffect, useRef } from "react";
import { isTypingTarget } from "@/lib/keyboard";

// Single-key shortcuts of a screen (the inbox and reader: j, k, e, s, u; the calendar: t,
// d, w, m, c; ? everywhere). Ignored while typing in a field, with Ctrl/Cmd/Alt held, while
// a dialog is open, and for the key that follows `g` (the app shell's "go to" prefix:
// `g s` is Settings, not Star; `g c` is Calendar, not Create).

/** A handler returns false to leave the key to the browser (Enter on a focused link). */
export type KeyHandlers = Partial<Record<string, (event: KeyboardEvent) => void | false>>;

function dialogOpen(): boolean {
  return Boolean(document.querySelector('[role="dialog"][data-state="open"], [role="alertdialog"][data-state="open"]'));
}

export function useSingleKeys(handlers: KeyHandlers) {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    let afterG = 0;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey || isTypingTarget(event.target)) return;
      if (Date.now() < afterG) {
        afterG = 0;
        return;
      }
      if (event.key === "g") {
        afterG = Date.now() + 1200;
        return;
      }
      if (dialogOpen()) return;
      const handler = latest.current[event.key];
      if (!handler) return;
      if (handler(event) !== false) event.preventDefault();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
