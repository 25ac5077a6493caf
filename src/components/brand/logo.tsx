import { cn } from "@/lib/cn";

export function Logo({ className }: { className?: string }) {
  return (
    <span className={cn("inline-flex items-center gap-2 font-semibold tracking-tight", className)}>
      <span
        aria-hidden
        className="grid size-6 place-items-center rounded-md bg-primary text-[13px] font-bold text-primary-foreground"
      >
        A
      </span>
      Aiva
    </span>
  );
}
