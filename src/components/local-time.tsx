"use client";

import { useSyncExternalStore } from "react";
import { formatDay, formatLongDate, formatRelative, formatShortDate } from "@/lib/format";

// Dates are shown in the viewer's time zone, which the server does not know: they render
// after hydration (an empty <time> first), so server and browser HTML never disagree.

const subscribe = () => () => {};

export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

const FORMATS = { short: formatShortDate, long: formatLongDate, relative: formatRelative, day: formatDay } as const;

export function LocalTime({
  iso,
  format = "short",
  className,
}: {
  iso: string | null;
  format?: keyof typeof FORMATS;
  className?: string;
}) {
  const hydrated = useHydrated();
  if (!iso) return null;
  return (
    <time dateTime={iso} title={hydrated && format !== "long" ? formatLongDate(iso) : undefined} className={className}>
      {hydrated ? FORMATS[format](iso) : ""}
    </time>
  );
}
