import Link from "next/link";
import { cn } from "@/lib/cn";
import { INBOX_VIEWS, INBOX_VIEW_LABELS, type InboxView } from "@/lib/inbox-views";

/** The inbox's views as links (so each is a URL to come back to), with room for filters. */
export function ViewTabs({ workspaceId, current, children }: { workspaceId: string; current: InboxView; children?: React.ReactNode }) {
  return (
    <div className="flex items-center border-b px-3 md:px-5">
      <nav aria-label="Inbox views" className="flex min-w-0 gap-1 overflow-x-auto">
        {INBOX_VIEWS.map((view) => (
          <Link
            key={view}
            href={view === "priority" ? `/w/${workspaceId}/inbox` : `/w/${workspaceId}/inbox?view=${view}`}
            aria-current={view === current ? "page" : undefined}
            className={cn(
              "relative shrink-0 px-2.5 py-2 text-sm whitespace-nowrap text-muted-foreground outline-none hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring",
              view === current &&
                "font-medium text-foreground after:absolute after:inset-x-2 after:bottom-0 after:h-0.5 after:rounded-full after:bg-primary",
            )}
          >
            {INBOX_VIEW_LABELS[view]}
          </Link>
        ))}
      </nav>
      {children}
    </div>
  );
}
