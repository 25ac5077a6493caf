import { Skeleton } from "@/components/ui/skeleton";

export default function InboxLoading() {
  return (
    <div aria-busy="true" aria-label="Loading the inbox">
      <div className="border-b px-4 py-4 md:px-8">
        <Skeleton className="h-5 w-24" />
        <Skeleton className="mt-2 h-4 w-64" />
      </div>
      <ul>
        {Array.from({ length: 12 }, (_, i) => (
          <li key={i} className="flex items-center gap-3 border-b border-border/60 px-4 py-3 md:px-6">
            <Skeleton className="size-4 rounded-full" />
            <Skeleton className="h-3.5 w-32 md:w-48" />
            <Skeleton className="h-3.5 flex-1" />
            <Skeleton className="hidden h-3.5 w-12 md:block" />
          </li>
        ))}
      </ul>
    </div>
  );
}
