"use client";

import { X } from "lucide-react";
import { useState } from "react";
import { z } from "zod";
import { cn } from "@/lib/cn";

export type Attendee = { name: string | null; email: string };

const email = z.email();

/** Splits typed or pasted text into addresses ("a@x.com, b@y.com; Dana <d@z.com>"). */
export function parseAddresses(text: string): { valid: Attendee[]; invalid: string[] } {
  const valid: Attendee[] = [];
  const invalid: string[] = [];
  for (const raw of text.split(/[,;\n]+/)) {
    const part = raw.trim();
    if (!part) continue;
    const named = /^(.*?)\s*<([^>]+)>$/.exec(part);
    const address = (named ? named[2]! : part).trim();
    const name = named ? named[1]!.replace(/^"|"$/g, "").trim() || null : null;
    if (email.safeParse(address).success) valid.push({ name, email: address });
    else invalid.push(part);
  }
  return { valid, invalid };
}

/**
 * Guests as removable chips; type an address and press Enter, comma or Tab to add it.
 * `pending` is what is typed but not yet added (the form adds it on save).
 */
export function AttendeeInput({
  id,
  value,
  onChange,
  pending,
  onPendingChange,
  invalid,
  describedBy,
}: {
  id: string;
  value: Attendee[];
  onChange: (next: Attendee[]) => void;
  pending: string;
  onPendingChange: (text: string) => void;
  invalid?: boolean;
  describedBy?: string;
}) {
  const [focused, setFocused] = useState(false);

  const commit = (): boolean => {
    const { valid, invalid: bad } = parseAddresses(pending);
    const known = new Set(value.map((a) => a.email.toLowerCase()));
    const added = valid.filter((a) => !known.has(a.email.toLowerCase()) && known.add(a.email.toLowerCase()));
    if (added.length) onChange([...value, ...added]);
    onPendingChange(bad.join(", "));
    return valid.length > 0;
  };

  return (
    <div
      className={cn(
        "flex min-h-9 w-full flex-wrap items-center gap-1 rounded-md border border-input px-2 py-1 shadow-xs dark:bg-input/30",
        focused && "border-ring ring-[3px] ring-ring/50",
        invalid && "border-destructive",
      )}
    >
      {value.map((a) => (
        <span key={a.email} className="inline-flex max-w-full items-center gap-1 rounded bg-secondary py-0.5 pr-0.5 pl-2 text-xs text-secondary-foreground">
          <span className="truncate" title={a.email}>
            {a.name ? `${a.name} <${a.email}>` : a.email}
          </span>
          <button
            type="button"
            className="grid size-4 place-items-center rounded-sm text-muted-foreground hover:bg-background hover:text-foreground"
            aria-label={`Remove ${a.email}`}
            onClick={() => onChange(value.filter((b) => b.email !== a.email))}
          >
            <X className="size-3" aria-hidden />
          </button>
        </span>
      ))}
      <input
        id={id}
        type="text"
        inputMode="email"
        autoComplete="off"
        value={pending}
        placeholder={value.length ? "" : "name@example.com"}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        onChange={(e) => onPendingChange(e.target.value)}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          commit();
        }}
        onPaste={(e) => {
          const text = e.clipboardData.getData("text");
          if (!/[,;\n]/.test(text)) return;
          e.preventDefault();
          const { valid, invalid: bad } = parseAddresses(`${pending}${text}`);
          const known = new Set(value.map((a) => a.email.toLowerCase()));
          onChange([...value, ...valid.filter((a) => !known.has(a.email.toLowerCase()) && known.add(a.email.toLowerCase()))]);
          onPendingChange(bad.join(", "));
        }}
        onKeyDown={(e) => {
          if ((e.key === "Enter" || e.key === "," || e.key === ";" || (e.key === "Tab" && !e.shiftKey)) && pending.trim()) {
            if (commit() || e.key !== "Tab") e.preventDefault();
          } else if (e.key === "Backspace" && !pending && value.length) {
            onChange(value.slice(0, -1));
          }
        }}
        className="h-7 min-w-[10ch] flex-1 bg-transparent text-base outline-none placeholder:text-muted-foreground md:text-sm"
      />
    </div>
  );
}
