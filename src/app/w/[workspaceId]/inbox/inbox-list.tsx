"use client";

import { ActionabilityBadge, CategoryBadge, PriorityBadge } from "@/components/ai/ai-badges";
import { Inbox, Paperclip, Star, TriangleAlert } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { LocalTime } from "@/components/local-time";
import { EmptyState } from "@/components/page/empty-state";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/cn";
import { formatCount, plural } from "@/lib/format";
import type { InboxItem, InboxPage } from "@/lib/inbox-types";
import type { InboxFilters, InboxView } from "@/lib/inbox-views";
import { archiveMessagesAction } from "@/server/actions/inbox/archive-messages";
import { markReadAction } from "@/server/actions/inbox/mark-read";
import { starMessagesAction } from "@/server/actions/inbox/star-messages";
import { ShortcutsButton, ShortcutsDialog } from "./shortcuts-dialog";
import { useSingleKeys } from "@/components/keyboard/use-single-keys";
import { useUndoableTrash } from "./use-undoable-trash";

// The inbox list: dense rows, keyboard first. Flag changes apply at once and are undone if
// the server refuses them; archive offers Undo.
//
// Virtualized against the window (the page scrolls, not a box): only the rows in view and
// a few either side are in the DOM, so 50,000 loaded rows cost what 40 do. The next page
// is fetched when the last rows come near, behind a skeleton row. Rows keep the list /
// listitem roles (with aria-setsize / aria-posinset, as most of them are not rendered).

const EMPTY: Record<InboxView, { title: string; body: string }> = {
  priority: { title: "You're all caught up", body: "Nothing left in the inbox. Archived messages stay searchable." },
  newest: { title: "You're all caught up", body: "Nothing left in the inbox. Archived messages stay searchable." },
  needs_reply: { title: "Nothing waits for your reply", body: "Messages that ask you something show up here." },
  unread: { title: "No unread messages", body: "Everything in the inbox has been read." },
  starred: { title: "No starred messages", body: "Star a message with s to find it here." },
  sent: { title: "Nothing sent yet", body: "Replies and new messages you send from Aiva, and your accounts' sent mail, show up here." },
  archived: { title: "Nothing archived yet", body: "Archive a message with e; it shows up here." },
};

/** The reader remembers which row was opened, so `u` comes back to it. */
export const LAST_OPENED_KEY = "aiva.inbox.lastOpened";

const PRIORITY_RANK: Record<string, number> = { urgent: 0, high: 1, medium: 2, low: 3, noise: 4 };
const rank = (item: InboxItem) => (item.priority ? PRIORITY_RANK[item.priority]! : 5);

/** The listing's order ((priority,) sent_at desc nulls last, id desc), to put an un-archived row back in place. */
function comesBefore(a: InboxItem, b: InboxItem, view: InboxView): boolean {
  if (view === "priority" && rank(a) !== rank(b)) return rank(a) < rank(b);
  if (a.sentAt !== b.sentAt) {
    if (a.sentAt === null) return false;
    if (b.sentAt === null) return true;
    return a.sentAt > b.sentAt;
  }
  return a.id > b.id;
}

function insertInOrder(items: InboxItem[], item: InboxItem, view: InboxView): InboxItem[] {
  if (items.some((x) => x.id === item.id)) return items;
  const at = items.findIndex((x) => comesBefore(item, x, view));
  return at === -1 ? [...items, item] : [...items.slice(0, at), item, ...items.slice(at)];
}

/** How close to the last loaded row j asks for the next page. */
const PREFETCH_ROWS = 20;

/** A row on a wide screen (h-10 + its border); phones' two-line rows are measured. */
const ROW_ESTIMATE = 41;

/** How often the list looks for mail a sync brought in, while the tab is visible. */
const LIVE_INTERVAL_MS = 15_000;

export function InboxList({
  workspaceId,
  initial,
  view,
  live = true,
  filters,
}: {
  workspaceId: string;
  initial: InboxPage;
  view: InboxView;
  /** Narrowing by account, category or priority (kept when loading more). */
  filters?: InboxFilters;
  /** Look for new mail and fresh AI results every few seconds (not for search results). */
  live?: boolean;
}) {
  const filterParams = Object.entries(filters ?? {}).filter((e): e is [string, string] => Boolean(e[1]));
  const router = useRouter();
  const [items, setItems] = useState(initial.items);
  const [cursor, setCursor] = useState(initial.nextCursor);
  // A server refresh (router.refresh after an Undo in the reader) brings a new first page.
  const [source, setSource] = useState(initial);
  // Deleted here and not yet gone for good: no refresh may bring them back meanwhile.
  const deleting = useRef(new Set<string>());
  if (source !== initial) {
    setSource(initial);
    setItems(initial.items.filter((x) => !deleting.current.has(x.id)));
    setCursor(initial.nextCursor);
  }
  const [loadingMore, setLoadingMore] = useState(false);
  const [loadFailed, setLoadFailed] = useState(false);
  const [selected, setSelected] = useState(0);
  const [helpOpen, setHelpOpen] = useState(false);
  const rowLinks = useRef(new Map<string, HTMLAnchorElement>());
  const itemsRef = useRef(items);
  useEffect(() => {
    itemsRef.current = items;
  });

  const listRef = useRef<HTMLUListElement>(null);
  // Where the list starts on the page (the header and tabs above it scroll away with it).
  const [listTop, setListTop] = useState(0);
  useLayoutEffect(() => {
    const measure = () => {
      const el = listRef.current;
      if (el) setListTop(el.getBoundingClientRect().top + window.scrollY);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);
  const rowCount = items.length + (cursor ? 1 : 0); // + the skeleton row while more can come
  const virtualizer = useWindowVirtualizer({
    count: rowCount,
    estimateSize: () => ROW_ESTIMATE,
    overscan: 8,
    scrollMargin: listTop,
    // The phone header is sticky: keep a row moved to by keyboard clear of it.
    scrollPaddingStart: 56,
    scrollPaddingEnd: 16,
    getItemKey: (index) => items[index]?.id ?? "more",
    // The server renders the first screenful; the client takes over with the real window.
    initialRect: { width: 1280, height: 900 },
  });
  const virtualRows = virtualizer.getVirtualItems();

  // Come back to the row that was open.
  useEffect(() => {
    const last = sessionStorage.getItem(LAST_OPENED_KEY);
    const index = last ? initial.items.findIndex((i) => i.id === last) : -1;
    if (index > 0) {
      setSelected(index);
      virtualizer.scrollToIndex(index, { align: "auto" });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per first page
  }, [initial.items]);

  // New mail above the rows in view must not push them down: keep the first row in view
  // where it was (only when scrolled; at the top, new mail simply appears at the top).
  const scrollAnchor = useRef<{ id: string; offset: number } | null>(null);
  const rememberScrollAnchor = () => {
    scrollAnchor.current = null;
    const offset = virtualizer.scrollOffset ?? window.scrollY;
    if (offset <= virtualizer.options.scrollMargin) return;
    const first = virtualizer.getVirtualItemForOffset(offset);
    const item = first ? itemsRef.current[first.index] : undefined;
    if (first && item) scrollAnchor.current = { id: item.id, offset: offset - first.start };
  };
  useLayoutEffect(() => {
    const anchor = scrollAnchor.current;
    if (!anchor) return;
    scrollAnchor.current = null;
    const index = items.findIndex((x) => x.id === anchor.id);
    if (index < 0) return;
    const start = virtualizer.measurementsCache[index]?.start;
    if (start !== undefined && Math.abs(start + anchor.offset - window.scrollY) > 1) {
      virtualizer.scrollToOffset(start + anchor.offset);
    }
  }, [items, virtualizer]);

  // Live: new mail from a sync appears without a reload, and the AI's results fill in.
  const currentId = useRef<string | null>(null);
  useEffect(() => {
    if (!live) return;
    let stopped = false;
    const refresh = async () => {
      if (document.visibilityState !== "visible") return;
      try {
        const params = new URLSearchParams([["workspaceId", workspaceId], ["view", view], ...filterParams]);
        const response = await fetch(`/api/messages?${params}`, { cache: "no-store" });
        if (!response.ok || stopped) return;
        const page = (await response.json()) as InboxPage;
        const all = itemsRef.current;
        const known = new Set(all.map((x) => x.id));
        const latest = new Map(page.items.map((n) => [n.id, n]));
        let next = all.map((x) => {
          const fresh = latest.get(x.id);
          return fresh && (fresh.priority !== x.priority || fresh.summary !== x.summary || fresh.category !== x.category)
            ? { ...x, priority: fresh.priority, category: fresh.category, actionability: fresh.actionability, summary: fresh.summary }
            : x;
        });
        for (const item of page.items) if (!known.has(item.id) && !deleting.current.has(item.id)) next = insertInOrder(next, item, view);
        if (next.every((x, i) => x === all[i]) && next.length === all.length) return;
        rememberScrollAnchor();
        setItems(next);
        // The selection stays on the message it was on.
        const keep = currentId.current ? next.findIndex((x) => x.id === currentId.current) : -1;
        if (keep >= 0) setSelected(keep);
      } catch {
        // Offline for a moment: the next tick tries again.
      }
    };
    const timer = setInterval(() => void refresh(), LIVE_INTERVAL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the filters are part of the list's key
  }, [live, workspaceId, view]);

  const hrefOf = (item: InboxItem) => (item.threadId ? `/w/${workspaceId}/inbox/${item.threadId}` : null);

  const patch = useCallback((id: string, change: Partial<InboxItem>) => {
    setItems((all) => all.map((x) => (x.id === id ? { ...x, ...change } : x)));
  }, []);

  const toggleStar = async (item: InboxItem) => {
    const starred = !item.isStarred;
    patch(item.id, { isStarred: starred });
    const result = await starMessagesAction({ workspaceId, messageIds: [item.id], starred });
    if (!result?.data) {
      patch(item.id, { isStarred: item.isStarred });
      toast.error(result?.serverError ?? "Couldn't change the star. Try again.");
    }
  };

  const toggleRead = async (item: InboxItem) => {
    const read = !item.isRead;
    patch(item.id, { isRead: read });
    const result = await markReadAction({ workspaceId, messageIds: [item.id], read });
    if (!result?.data) {
      patch(item.id, { isRead: item.isRead });
      toast.error(result?.serverError ?? "Couldn't mark that message. Try again.");
    }
  };

  const unarchive = async (item: InboxItem) => {
    setItems((all) => insertInOrder(all, item, view));
    const result = await archiveMessagesAction({ workspaceId, messageIds: [item.id], archived: false });
    if (!result?.data) {
      setItems((all) => all.filter((x) => x.id !== item.id));
      toast.error(result?.serverError ?? "Couldn't move it back to the inbox.");
    }
  };

  const archive = async (item: InboxItem) => {
    setItems((all) => all.filter((x) => x.id !== item.id));
    const toastId = toast("Archived.", {
      description: item.subject || undefined,
      action: { label: "Undo", onClick: () => void unarchive(item) },
    });
    const result = await archiveMessagesAction({ workspaceId, messageIds: [item.id], archived: true });
    if (!result?.data) {
      toast.dismiss(toastId);
      setItems((all) => insertInOrder(all, item, view));
      toast.error(result?.serverError ?? "Couldn't archive that message. Try again.");
    }
  };

  /** `e` in Archived: back to the inbox, with Undo. */
  const moveToInbox = async (item: InboxItem) => {
    setItems((all) => all.filter((x) => x.id !== item.id));
    const toastId = toast("Moved to the inbox.", {
      description: item.subject || undefined,
      action: {
        label: "Undo",
        onClick: async () => {
          setItems((all) => insertInOrder(all, item, view));
          const undone = await archiveMessagesAction({ workspaceId, messageIds: [item.id], archived: true });
          if (!undone?.data) toast.error(undone?.serverError ?? "Couldn't archive it again. Try again.");
        },
      },
    });
    const result = await archiveMessagesAction({ workspaceId, messageIds: [item.id], archived: false });
    if (!result?.data) {
      toast.dismiss(toastId);
      setItems((all) => insertInOrder(all, item, view));
      toast.error(result?.serverError ?? "Couldn't move it back to the inbox.");
    }
  };

  const trash = useUndoableTrash(workspaceId);
  /** `#` or Delete: gone at once, Undo in the toast; back in place if the server refuses. */
  const remove = (item: InboxItem) => {
    deleting.current.add(item.id);
    setItems((all) => all.filter((x) => x.id !== item.id));
    void trash([item.id], {
      label: "Message",
      description: item.subject || undefined,
      restore: () => {
        deleting.current.delete(item.id);
        setItems((all) => (all.some((x) => x.id === item.id) ? all : insertInOrder(all, item, view)));
      },
    });
  };

  const loadMore = async () => {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    setLoadFailed(false);
    try {
      const params = new URLSearchParams([["workspaceId", workspaceId], ["cursor", cursor], ["view", view], ...filterParams]);
      const response = await fetch(`/api/messages?${params}`, { cache: "no-store" });
      const body = (await response.json()) as InboxPage & { error?: string };
      if (!response.ok) throw new Error(body.error ?? "Couldn't load more messages.");
      setItems((all) => {
        const known = new Set(all.map((x) => x.id));
        return [...all, ...body.items.filter((n) => !known.has(n.id))];
      });
      setCursor(body.nextCursor);
    } catch (error) {
      setLoadFailed(true);
      toast.error(error instanceof Error ? error.message : "Couldn't load more messages.");
    } finally {
      setLoadingMore(false);
    }
  };

  const current = items[Math.min(selected, items.length - 1)];
  useEffect(() => {
    currentId.current = current?.id ?? null;
  });
  // A row moved to by keyboard takes the focus once it is rendered (it may not be yet).
  const focusSelected = useRef(false);
  // j pressed past the last loaded row while the next page is on its way: kept, not lost.
  const pendingDown = useRef(0);
  const move = (delta: number) => {
    if (items.length === 0) return;
    const wanted = selected + delta;
    pendingDown.current = delta > 0 && cursor && wanted > items.length - 1 ? wanted - (items.length - 1) : 0;
    const next = Math.min(Math.max(wanted, 0), items.length - 1);
    setSelected(next);
    virtualizer.scrollToIndex(next, { align: "auto" });
    focusSelected.current = true;
    // Ask for the next page well before the end, so holding j rarely waits for it.
    if (delta > 0 && next >= items.length - PREFETCH_ROWS && cursor && !loadFailed) void loadMore();
  };
  useEffect(() => {
    if (pendingDown.current > 0 && selected < items.length - 1) move(pendingDown.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- when a page arrives
  }, [items.length]);
  useEffect(() => {
    if (!focusSelected.current || !current) return;
    const link = rowLinks.current.get(current.id);
    if (!link) return;
    focusSelected.current = false;
    link.focus({ preventScroll: true });
  });

  // Infinite loading: the skeleton row (last index) coming into range fetches the next page.
  const lastRendered = virtualRows.at(-1)?.index ?? -1;
  useEffect(() => {
    if (cursor && !loadingMore && !loadFailed && lastRendered >= items.length - 1) void loadMore();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- loadMore reads the same state
  }, [lastRendered, items.length, cursor, loadingMore, loadFailed]);
  const open = (item: InboxItem | undefined) => {
    const href = item && hrefOf(item);
    if (!href) return;
    sessionStorage.setItem(LAST_OPENED_KEY, item.id);
    router.push(href);
  };

  useSingleKeys({
    j: () => move(1),
    ArrowDown: () => move(1),
    k: () => move(-1),
    ArrowUp: () => move(-1),
    o: () => open(current),
    Enter: (event) => {
      // A focused link or button answers Enter itself.
      const focused = event.target as HTMLElement | null;
      if (focused && focused !== document.body && focused.closest("a, button")) return false;
      open(current);
    },
    e: () => current && void (view === "archived" ? moveToInbox(current) : archive(current)),
    s: () => current && void toggleStar(current),
    U: () => current && void toggleRead(current),
    "#": () => current && remove(current),
    Delete: () => current && remove(current),
    "?": () => setHelpOpen(true),
  });

  // Keep the selection on a row after rows disappear.
  useEffect(() => {
    if (selected > 0 && selected >= items.length) setSelected(Math.max(items.length - 1, 0));
  }, [items.length, selected]);

  return (
    <>
      <div className="flex items-center justify-between border-b px-4 py-1.5 text-xs text-muted-foreground md:px-6">
        <span>
          {items.length === 0 ? "No messages" : cursor ? `First ${formatCount(items.length)} shown` : plural(items.length, "message")}
        </span>
        <ShortcutsButton onClick={() => setHelpOpen(true)} />
      </div>
      {items.length === 0 && !cursor ? (
        <EmptyState icon={Inbox} title={EMPTY[view].title}>
          <p>{EMPTY[view].body}</p>
        </EmptyState>
      ) : (
        <ul
          ref={listRef}
          aria-label="Messages"
          className="relative mb-6 [overflow-anchor:none]"
          style={{ height: virtualizer.getTotalSize() }}
        >
          {virtualRows.map((row) => {
            const item = items[row.index];
            const style = { transform: `translateY(${row.start - virtualizer.options.scrollMargin}px)` };
            if (!item) {
              return (
                <li
                  key={row.key}
                  ref={virtualizer.measureElement}
                  data-index={row.index}
                  aria-hidden={!loadFailed || undefined}
                  style={style}
                  className="absolute inset-x-0 top-0 flex items-center gap-3 border-b border-border/60 px-4 py-3 md:px-6"
                >
                  {loadFailed ? (
                    <span className="flex w-full justify-center">
                      <Button variant="outline" size="sm" onClick={() => void loadMore()}>
                        Try loading more again
                      </Button>
                    </span>
                  ) : (
                    <>
                      <Skeleton className="size-4 shrink-0 rounded-full" />
                      <Skeleton className="h-3.5 w-40" />
                      <Skeleton className="h-3.5 flex-1" />
                      <Skeleton className="h-3.5 w-12" />
                    </>
                  )}
                </li>
              );
            }
            const index = row.index;
            const href = hrefOf(item);
            const isSelected = current?.id === item.id;
            return (
              <li
                key={row.key}
                ref={virtualizer.measureElement}
                data-index={index}
                aria-setsize={cursor ? -1 : items.length}
                aria-posinset={index + 1}
                data-selected={isSelected || undefined}
                data-unread={!item.isRead || undefined}
                style={style}
                className={cn(
                  "group absolute inset-x-0 top-0 flex items-start gap-1 border-b border-border/60 pr-3 transition-colors md:items-center md:pr-5",
                  "hover:bg-accent/60",
                  isSelected && "bg-accent/80 hover:bg-accent",
                )}
              >
                {isSelected ? <span aria-hidden className="absolute inset-y-0 left-0 w-0.5 bg-primary" /> : null}
                <button
                  type="button"
                  onClick={() => {
                    setSelected(index);
                    void toggleStar(item);
                  }}
                  aria-label={item.isStarred ? "Unstar" : "Star"}
                  aria-pressed={item.isStarred}
                  className="ml-1.5 mt-2 grid size-7 shrink-0 place-items-center rounded-md text-muted-foreground/60 outline-none hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring md:ml-3 md:mt-0"
                >
                  <Star
                    className={cn("size-4", item.isStarred && "fill-amber-400 text-amber-500")}
                    aria-hidden
                  />
                </button>
                <Row
                  item={item}
                  href={href}
                  onOpen={() => sessionStorage.setItem(LAST_OPENED_KEY, item.id)}
                  onFocus={() => setSelected(index)}
                  linkRef={(el) => {
                    if (el) rowLinks.current.set(item.id, el);
                    else rowLinks.current.delete(item.id);
                  }}
                />
              </li>
            );
          })}
        </ul>
      )}
      <ShortcutsDialog open={helpOpen} onOpenChange={setHelpOpen} />
    </>
  );
}

/** Search matches arrive between \u0002 and \u0003; they become <mark>, everything else stays text. */
function Marked({ text }: { text: string }) {
  const parts = text.split(/(\u0002[^\u0003]*\u0003)/);
  return (
    <>
      {parts.map((part, i) =>
        part.startsWith("\u0002") ? (
          <mark key={i} className="rounded-sm bg-amber-200/70 px-0.5 text-inherit dark:bg-amber-400/30">
            {part.slice(1, -1)}
          </mark>
        ) : (
          part
        ),
      )}
    </>
  );
}

/** The AI's one-line summary, unless it only repeats the subject; the snippet otherwise. */
function preview(item: InboxItem): string | null {
  const bare = (s: string | null | undefined) => (s ?? "").trim().replace(/^((re|fwd?|aw|sv|tr)\s*:\s*)+/i, "").toLowerCase();
  const summary = item.summary?.trim();
  return summary && bare(summary) !== bare(item.subject) ? summary : item.snippet;
}

function senderLabel(item: InboxItem): string {
  return item.sender?.name || item.sender?.email || "Unknown sender";
}

function Row({
  item,
  href,
  onOpen,
  onFocus,
  linkRef,
}: {
  item: InboxItem;
  href: string | null;
  onOpen: () => void;
  onFocus: () => void;
  linkRef: (el: HTMLAnchorElement | null) => void;
}) {
  const unread = !item.isRead;
  const content = (
    <>
      <span className="flex min-w-0 items-center gap-2 md:w-56 md:shrink-0">
        <span
          aria-hidden
          className={cn("size-1.5 shrink-0 rounded-full", unread ? "bg-sky-500" : "bg-transparent")}
        />
        <span className={cn("truncate", unread ? "font-semibold text-foreground" : "text-foreground/80")}>
          {senderLabel(item)}
        </span>
        {item.messageCount > 1 ? (
          <span className="shrink-0 text-xs text-muted-foreground" aria-label={`${item.messageCount} messages in the conversation`}>
            {item.messageCount}
          </span>
        ) : null}
        <LocalTime iso={item.sentAt} className="ml-auto shrink-0 pl-2 text-xs text-muted-foreground tabular-nums md:hidden" />
      </span>
      <span className="flex min-w-0 flex-1 items-center gap-2 pl-3.5 md:pl-0">
        {item.priority === "urgent" || item.priority === "high" ? <PriorityBadge priority={item.priority} /> : null}
        <span className="min-w-0 flex-1 truncate">
          <span className={cn(unread ? "font-semibold text-foreground" : "text-foreground/90")}>
            {item.highlight?.subject ? <Marked text={item.highlight.subject} /> : item.subject || "(no subject)"}
          </span>
          {item.highlight?.snippet ? (
            <span className="text-muted-foreground">
              {" "}
              — <Marked text={item.highlight.snippet} />
            </span>
          ) : preview(item) ? (
            <span className="text-muted-foreground"> — {preview(item)}</span>
          ) : null}
        </span>
        {item.actionability === "reply_needed" || item.actionability === "action_required" ? (
          <ActionabilityBadge actionability={item.actionability} className="hidden lg:inline-flex" />
        ) : null}
        {item.category ? <CategoryBadge category={item.category} className="hidden sm:inline-flex" /> : null}
        {item.hasParseError ? (
          <span
            className="inline-flex shrink-0 items-center gap-1 text-xs text-amber-700 dark:text-amber-400"
            title="Aiva couldn't fully read this message"
          >
            <TriangleAlert className="size-3.5" aria-hidden />
            <span className="sr-only lg:not-sr-only">Couldn&apos;t be fully read</span>
          </span>
        ) : null}
        {item.hasAttachments ? (
          <span className="shrink-0 text-muted-foreground" title="Has attachments">
            <Paperclip className="size-3.5" aria-hidden />
            <span className="sr-only">Has attachments</span>
          </span>
        ) : null}
      </span>
      <LocalTime
        iso={item.sentAt}
        className={cn(
          "hidden w-20 shrink-0 text-right text-xs tabular-nums md:block",
          unread ? "font-semibold text-foreground" : "text-muted-foreground",
        )}
      />
    </>
  );
  const className =
    "flex min-w-0 flex-1 flex-col gap-0.5 py-2 pr-1 text-sm outline-none md:h-10 md:flex-row md:items-center md:gap-3 md:py-0";
  if (!href) return <div className={className}>{content}</div>;
  return (
    <Link ref={linkRef} href={href} onClick={onOpen} onFocus={onFocus} className={className}>
      {content}
    </Link>
  );
}
