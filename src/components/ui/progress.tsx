import * as React from "react";

import { cn } from "@/lib/cn";

/** A determinate bar (value 0-100), or an indeterminate shimmer when value is null. */
function Progress({
  value,
  className,
  ...props
}: Omit<React.ComponentProps<"div">, "children"> & { value: number | null }) {
  const clamped = value === null ? null : Math.min(100, Math.max(0, value));
  return (
    <div
      data-slot="progress"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={clamped === null ? undefined : Math.round(clamped)}
      className={cn("relative h-1.5 w-full overflow-hidden rounded-full bg-primary/15", className)}
      {...props}
    >
      {clamped === null ? (
        <div className="absolute inset-y-0 w-1/3 animate-pulse rounded-full bg-primary/40" />
      ) : (
        <div
          className="h-full rounded-full bg-primary transition-[width] duration-300 ease-out"
          style={{ width: `${clamped}%` }}
        />
      )}
    </div>
  );
}

export { Progress };
