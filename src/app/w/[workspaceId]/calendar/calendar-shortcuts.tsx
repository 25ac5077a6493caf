"use client";

import { type Shortcut, ShortcutSheet } from "@/components/shortcut-sheet";

const SHORTCUTS: Shortcut[] = [
  { keys: ["t"], label: "Today" },
  { keys: ["j", "n"], label: "Next day, week or month" },
  { keys: ["k", "p"], label: "Previous day, week or month" },
  { keys: ["d", "w", "m"], label: "Day, week or month view" },
  { keys: ["c"], label: "New event" },
  { keys: ["Esc"], label: "Close an event or a dialog" },
  { keys: ["g", "i"], label: "Go to the inbox (g t: Tasks)" },
  { keys: ["?"], label: "Show these shortcuts" },
];

export function CalendarShortcuts({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <ShortcutSheet
      title="Calendar shortcuts"
      description="They work anywhere in the calendar, except while typing."
      shortcuts={SHORTCUTS}
      open={open}
      onOpenChange={onOpenChange}
    />
  );
}
