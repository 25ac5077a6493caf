"use client";

import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";

const SHORTCUTS: { keys: string[]; label: string }[] = [
  { keys: ["j", "k"], label: "Next / previous message" },
  { keys: ["Enter", "o"], label: "Open" },
  { keys: ["e"], label: "Archive (in Archived: back to the inbox)" },
  { keys: ["s"], label: "Star or unstar" },
  { keys: ["Shift", "u"], label: "Mark read or unread" },
  { keys: ["u"], label: "Back to the inbox" },
  { keys: ["r"], label: "Reply (in a conversation; Ctrl+Enter sends)" },
  { keys: ["c"], label: "Compose a new message" },
  { keys: ["/"], label: "Search (from: to: is:unread category: before: after:)" },
  { keys: ["Ctrl", "k"], label: "Command palette: go anywhere, search, theme" },
  { keys: ["g", "i"], label: "Go to the inbox (g s: Settings)" },
  { keys: ["?"], label: "Show these shortcuts" },
];

/** The shortcuts dialog itself, loaded when the browser is idle or on first use (see ./shortcuts-dialog.tsx). */
export function ShortcutsListDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-sm">
        <DialogHeader>
          <DialogTitle>Keyboard shortcuts</DialogTitle>
          <DialogDescription>They work anywhere in the inbox, except while typing.</DialogDescription>
        </DialogHeader>
        <dl className="grid gap-2 text-sm">
          {SHORTCUTS.map((s) => (
            <div key={s.label} className="flex items-center justify-between gap-4">
              <dt className="text-muted-foreground">{s.label}</dt>
              <dd className="flex shrink-0 gap-1">
                {s.keys.map((k) => (
                  <kbd key={k} className="min-w-6 rounded border bg-muted px-1.5 py-0.5 text-center font-mono text-xs">
                    {k}
                  </kbd>
                ))}
              </dd>
            </div>
          ))}
        </dl>
      </DialogContent>
    </Dialog>
  );
}
