import { Skeleton } from "@/components/ui/skeleton";

export default function ThreadLoading() {
  return (
    <div aria-busy="true" aria-label="Loading the conversation" className="mx-auto max-w-4xl">
      <div className="flex h-12 items-center gap-2 border-b px-3 md:px-6">
        <Skeleton className="size-8" />
        <Skeleton className="size-8" />
        <Skeleton className="size-8" />
      </div>
      <div className="px-4 py-5 md:px-8">
        <Skeleton className="h-6 w-2/3" />
        <div className="mt-6 flex items-center gap-3">
          <Skeleton className="size-9 rounded-full" />
          <div className="grid flex-1 gap-1.5">
            <Skeleton className="h-4 w-48" />
            <Skeleton className="h-3 w-32" />
          </div>
        </div>
        <Skeleton className="mt-5 h-48 w-full" />
      </div>
    </div>
  );
}
