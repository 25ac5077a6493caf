"use client";

import { type Shortcut, ShortcutSheet } from "@/components/shortcut-sheet";

const SHORTCUTS: Shortcut[] = [
  { keys: ["j", "k"], label: "Next / previous message" },
  { keys: ["Enter", "o"], label: "Open" },
  { keys: ["e"], label: "Archive (in Archived: back to the inbox)" },
  { keys: ["#"], label: "Delete, with Undo (the Delete key too)" },
  { keys: ["s"], label: "Star or unstar" },
  { keys: ["Shift", "u"], label: "Mark read or unread" },
  { keys: ["u"], label: "Back to the inbox" },
  { keys: ["r"], label: "Reply (in a conversation; Ctrl+Enter sends)" },
  { keys: ["c"], label: "Compose a new message" },
  { keys: ["/"], label: "Search (from: to: is:unread category: before: after:)" },
  { keys: ["Ctrl", "k"], label: "Command palette: go anywhere, search, theme" },
  { keys: ["g", "i"], label: "Go to the inbox (g t: Tasks, g c: Calendar, g s: Settings)" },
  { keys: ["?"], label: "Show these shortcuts" },
];

/** The shortcuts dialog itself, loaded when the browser is idle or on first use (see ./shortcuts-dialog.tsx). */
export function ShortcutsListDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <ShortcutSheet
      title="Keyboard shortcuts"
      description="They work anywhere in the inbox, except while typing."
      shortcuts={SHORTCUTS}
      open={open}
      onOpenChange={onOpenChange}
    />
  );
}
