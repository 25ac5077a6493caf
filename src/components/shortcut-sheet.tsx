"use client";

import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";

// The `?` sheet every keyboard-driven screen shows: a titled list of keys and what they do.

export type Shortcut = { keys: string[]; label: string };

export function ShortcutSheet({
  title,
  description,
  shortcuts,
  open,
  onOpenChange,
}: {
  title: string;
  description: string;
  shortcuts: Shortcut[];
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-sm">
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        <dl className="grid gap-2 text-sm">
          {shortcuts.map((s) => (
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
