import { Skeleton } from "@/components/ui/skeleton";

/** The calendar's frame while it loads (times need the browser's time zone, so it renders there). */
export function CalendarSkeleton() {
  return (
    <div className="flex h-[calc(100dvh-3rem)] flex-col md:h-dvh" aria-busy="true" aria-label="Loading the calendar">
      <div className="flex items-center gap-2 border-b px-3 py-2 md:px-4">
        <Skeleton className="h-8 w-16" />
        <Skeleton className="h-8 w-16" />
        <Skeleton className="h-6 w-40" />
        <Skeleton className="ml-auto h-8 w-44" />
        <Skeleton className="h-8 w-8 sm:w-28" />
      </div>
      <div className="grid grid-cols-[3.5rem_repeat(7,minmax(0,1fr))] border-b py-2">
        <span />
        {Array.from({ length: 7 }, (_, i) => (
          <div key={i} className="flex flex-col items-center gap-1">
            <Skeleton className="h-3 w-8" />
            <Skeleton className="size-7 rounded-full" />
          </div>
        ))}
      </div>
      <div
        className="flex-1"
        style={{ backgroundImage: "linear-gradient(to bottom, var(--border) 1px, transparent 1px)", backgroundSize: "100% 48px" }}
      />
    </div>
  );
}
