"use client";

import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";

const SHORTCUTS: { keys: string[]; label: string }[] = [
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
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-sm">
        <DialogHeader>
          <DialogTitle>Calendar shortcuts</DialogTitle>
          <DialogDescription>They work anywhere in the calendar, except while typing.</DialogDescription>
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
