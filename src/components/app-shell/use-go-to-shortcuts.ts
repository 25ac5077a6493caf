"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { isTypingTarget } from "@/lib/keyboard";
import { NAV_ITEMS } from "./nav-items";

/** `g` then a section's key navigates there; ignored while typing in a field. */
export function useGoToShortcuts(workspaceId: string) {
  const router = useRouter();
  useEffect(() => {
    let armedUntil = 0;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || isTypingTarget(event.target)) return;
      const key = event.key.toLowerCase();
      if (Date.now() < armedUntil) {
        armedUntil = 0;
        const item = NAV_ITEMS.find((i) => i.shortcut === key);
        if (item) {
          event.preventDefault();
          router.push(`/w/${workspaceId}/${item.segment}`);
        }
        return;
      }
      if (key === "g") armedUntil = Date.now() + 1200;
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [router, workspaceId]);
}
