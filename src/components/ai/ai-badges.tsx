import { cn } from "@/lib/cn";
import { ACTIONABILITY_LABELS, CATEGORY_LABELS, PRIORITY_LABELS } from "@/lib/ai-labels";
import type { Actionability, Category, Priority } from "@/lib/inbox-types";

// Small, quiet marks for what the AI decided. Colour only where it should catch the eye
// (urgent, high, needs reply); everything else stays in the muted palette.

const PRIORITY_STYLES: Record<Priority, string> = {
  urgent: "border-red-500/30 bg-red-500/10 text-red-700 dark:text-red-300",
  high: "border-amber-500/30 bg-amber-500/10 text-amber-800 dark:text-amber-300",
  medium: "border-border text-muted-foreground",
  low: "border-transparent text-muted-foreground/80",
  noise: "border-transparent text-muted-foreground/70",
};

const chip = "inline-flex h-5 shrink-0 items-center rounded border px-1.5 text-[11px] font-medium leading-none whitespace-nowrap";

export function PriorityBadge({ priority, className }: { priority: Priority; className?: string }) {
  return (
    <span className={cn(chip, PRIORITY_STYLES[priority], className)} title={`Priority: ${PRIORITY_LABELS[priority]}`}>
      {PRIORITY_LABELS[priority]}
    </span>
  );
}

export function CategoryBadge({ category, className }: { category: Category; className?: string }) {
  return (
    <span className={cn(chip, "border-border bg-muted/40 text-muted-foreground", className)} title={`Category: ${CATEGORY_LABELS[category]}`}>
      {CATEGORY_LABELS[category]}
    </span>
  );
}

export function ActionabilityBadge({ actionability, className }: { actionability: Actionability; className?: string }) {
  const loud = actionability === "reply_needed" || actionability === "action_required";
  return (
    <span
      className={cn(chip, loud ? "border-sky-500/30 bg-sky-500/10 text-sky-800 dark:text-sky-300" : "border-border text-muted-foreground", className)}
      title={ACTIONABILITY_LABELS[actionability]}
    >
      {ACTIONABILITY_LABELS[actionability]}
    </span>
  );
}
