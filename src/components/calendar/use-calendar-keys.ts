"use client";

import { useEffect, useRef } from "react";
import { isTypingTarget } from "@/lib/keyboard";

// The calendar's single-key shortcuts (t, j/k, d/w/m, c, ?). Like the inbox's: ignored while
// typing, with Ctrl/Cmd/Alt held, while a dialog or an event's details are open, and for the
// key after `g` (the app shell's "go to" prefix: `g c` is Calendar, not Create).

export type CalendarKeyHandlers = Partial<Record<string, () => void>>;

function dialogOpen(): boolean {
  return Boolean(document.querySelector('[role="dialog"][data-state="open"], [role="alertdialog"][data-state="open"]'));
}

export function useCalendarKeys(handlers: CalendarKeyHandlers) {
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
      event.preventDefault();
      handler();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
