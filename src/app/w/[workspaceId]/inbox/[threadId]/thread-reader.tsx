"use client";

import { Archive, ArrowLeft, ChevronDown, MailOpen, Star, Trash2, TriangleAlert } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { LocalTime } from "@/components/local-time";
import { Button } from "@/components/ui/button";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import { cn } from "@/lib/cn";
import { plural } from "@/lib/format";
import type { AiInsight, Person, ThreadMessage, ThreadView } from "@/lib/inbox-types";
import { archiveMessagesAction } from "@/server/actions/inbox/archive-messages";
import { markReadAction } from "@/server/actions/inbox/mark-read";
import { markThreadReadAction } from "@/server/actions/inbox/mark-thread-read";
import { starMessagesAction } from "@/server/actions/inbox/star-messages";
import { ShortcutsButton, ShortcutsDialog } from "../shortcuts-dialog";
import { useSingleKeys } from "@/components/keyboard/use-single-keys";
import { useUndoableTrash } from "../use-undoable-trash";
import { AiPanel } from "./ai-panel";
import { AttachmentList } from "./attachment-list";
import { EmailFrame } from "./email-frame";
import { ReplyBox } from "./reply-box";

export function ThreadReader({ workspaceId, thread, insight }: { workspaceId: string; thread: ThreadView; insight: AiInsight | null }) {
  const router = useRouter();
  const inboxHref = `/w/${workspaceId}/inbox`;
  const ids = thread.messages.map((m) => m.id);
  const last = thread.messages.at(-1)!;
  const [starred, setStarred] = useState(() => new Set(thread.messages.filter((m) => m.isStarred).map((m) => m.id)));
  const [helpOpen, setHelpOpen] = useState(false);
  const isStarred = starred.size > 0;

  // Opening a conversation reads it.
  useEffect(() => {
    if (thread.messages.some((m) => !m.isRead)) {
      void markThreadReadAction({ workspaceId, threadId: thread.id });
    }
  }, [workspaceId, thread]);

  const back = () => router.push(inboxHref);

  const toggleStar = async () => {
    const before = starred;
    // Unstar everything starred, or star the latest message (as Gmail does).
    const target = isStarred ? [...before] : [last.id];
    setStarred(isStarred ? new Set() : new Set([last.id]));
    const result = await starMessagesAction({ workspaceId, messageIds: target, starred: !isStarred });
    if (!result?.data) {
      setStarred(before);
      toast.error(result?.serverError ?? "Couldn't change the star. Try again.");
    }
  };

  const archive = async () => {
    const result = await archiveMessagesAction({ workspaceId, messageIds: ids, archived: true });
    if (!result?.data) {
      toast.error(result?.serverError ?? "Couldn't archive this conversation. Try again.");
      return;
    }
    toast("Conversation archived.", {
      description: thread.subject || undefined,
      action: {
        label: "Undo",
        onClick: async () => {
          const undone = await archiveMessagesAction({ workspaceId, messageIds: ids, archived: false });
          if (undone?.data) router.refresh();
          else toast.error(undone?.serverError ?? "Couldn't move it back to the inbox.");
        },
      },
    });
    back();
  };

  const trash = useUndoableTrash(workspaceId);
  /** `#` or Delete: the whole conversation, back to the inbox; Undo (or a refusal) brings it back. */
  const remove = async () => {
    // Back to the inbox once the server has hidden it, so the list it loads leaves it out.
    const hidden = await trash(ids, { label: "Conversation", description: thread.subject || undefined, restore: () => router.refresh() });
    if (hidden) back();
  };

  const markUnread = async () => {
    const result = await markReadAction({ workspaceId, messageIds: [last.id], read: false });
    if (!result?.data) {
      toast.error(result?.serverError ?? "Couldn't mark it unread. Try again.");
      return;
    }
    back();
  };

  useSingleKeys({
    u: back,
    e: () => void archive(),
    s: () => void toggleStar(),
    U: () => void markUnread(),
    "#": () => void remove(),
    Delete: () => void remove(),
    "?": () => setHelpOpen(true),
  });

  return (
    <div className="mx-auto max-w-4xl">
      <div className="sticky top-12 z-[5] flex h-12 items-center gap-1 border-b bg-background/95 px-2 backdrop-blur md:top-0 md:px-5">
        <Button asChild variant="ghost" size="sm" aria-keyshortcuts="u">
          <Link href={inboxHref} aria-label="Back to the inbox">
            <ArrowLeft aria-hidden />
            <span className="hidden sm:inline">Inbox</span>
          </Link>
        </Button>
        <div className="mx-1 h-5 w-px bg-border" aria-hidden />
        <Button variant="ghost" size="sm" onClick={() => void archive()} aria-keyshortcuts="e">
          <Archive aria-hidden />
          <span className="hidden sm:inline">Archive</span>
          <span className="sr-only sm:hidden">Archive</span>
        </Button>
        <Tooltip>
          <TooltipTrigger asChild>
            <Button variant="ghost" size="sm" onClick={() => void remove()} aria-keyshortcuts="# Delete">
              <Trash2 aria-hidden />
              <span className="hidden sm:inline">Delete</span>
              <span className="sr-only sm:hidden">Delete</span>
            </Button>
          </TooltipTrigger>
          <TooltipContent>
            Delete conversation <kbd className="ml-1 font-mono">#</kbd>
          </TooltipContent>
        </Tooltip>
        <Button
          variant="ghost"
          size="sm"
          onClick={() => void toggleStar()}
          aria-pressed={isStarred}
          aria-keyshortcuts="s"
        >
          <Star className={cn(isStarred && "fill-amber-400 text-amber-500")} aria-hidden />
          <span className="hidden sm:inline">{isStarred ? "Starred" : "Star"}</span>
          <span className="sr-only sm:hidden">{isStarred ? "Starred" : "Star"}</span>
        </Button>
        <Button variant="ghost" size="sm" onClick={() => void markUnread()} aria-keyshortcuts="Shift+U">
          <MailOpen aria-hidden />
          <span className="hidden sm:inline">Mark unread</span>
          <span className="sr-only sm:hidden">Mark unread</span>
        </Button>
        <div className="ml-auto">
          <ShortcutsButton onClick={() => setHelpOpen(true)} />
        </div>
      </div>

      <div className="px-3 pt-5 pb-16 md:px-8">
        <h1 className="text-xl font-semibold tracking-tight text-balance">{thread.subject || "(no subject)"}</h1>
        <p className="mt-1 text-sm text-muted-foreground">{plural(thread.messages.length, "message")}</p>
        {insight ? (
          <div className="mt-4">
            <AiPanel workspaceId={workspaceId} insight={insight} />
          </div>
        ) : null}
        <ol className="mt-5 grid grid-cols-[minmax(0,1fr)] gap-3" aria-label="Messages in this conversation">
          {thread.messages.map((message, index) => (
            <MessageCard
              key={message.id}
              message={message}
              // Long conversations open at the end; earlier messages fold to one line.
              initiallyOpen={thread.messages.length <= 3 || index === thread.messages.length - 1 || !message.isRead}
            />
          ))}
        </ol>
        <div className="mt-5">
          <ReplyBox
            workspaceId={workspaceId}
            messageId={thread.messages[thread.messages.length - 1]!.id}
            canReply={thread.canReply}
            draftFor={insight?.messageId ?? null}
            drafts={insight?.drafts ?? []}
            defaultTone={insight?.defaultTone ?? "professional"}
          />
        </div>
      </div>
      <ShortcutsDialog open={helpOpen} onOpenChange={setHelpOpen} />
    </div>
  );
}

function nameOf(p: Person | null): string {
  return p?.name || p?.email || "Unknown sender";
}

/** "Ada, Bob": names where there are names; full addresses are in the tooltip. */
function names(list: Person[]): string {
  return list.map((p) => p.name || p.email).join(", ");
}

function recipientsTitle(message: ThreadMessage): string {
  const full = (list: Person[]) => list.map((p) => (p.name ? `${p.name} <${p.email}>` : p.email)).join(", ");
  return [message.to.length ? `To: ${full(message.to)}` : "", message.cc.length ? `Cc: ${full(message.cc)}` : ""]
    .filter(Boolean)
    .join("\n");
}

function MessageCard({ message, initiallyOpen }: { message: ThreadMessage; initiallyOpen: boolean }) {
  const [open, setOpen] = useState(initiallyOpen);
  const [showOriginal, setShowOriginal] = useState(false);
  const sender = message.sender;
  const header = (
    <div className="flex min-w-0 items-start gap-3">
      <span
        aria-hidden
        className="mt-0.5 grid size-8 shrink-0 place-items-center rounded-full bg-muted text-xs font-semibold uppercase"
      >
        {nameOf(sender).charAt(0)}
      </span>
      <div className="min-w-0 flex-1">
        <div className="flex items-baseline gap-2">
          <span className="truncate font-medium">{nameOf(sender)}</span>
          {sender?.name && sender.email ? (
            <span className="hidden truncate text-[13px] text-muted-foreground sm:inline">{sender.email}</span>
          ) : null}
          <LocalTime
            iso={message.sentAt}
            format={open ? "long" : "short"}
            className="ml-auto hidden shrink-0 pl-2 text-xs text-muted-foreground sm:inline"
          />
        </div>
        {open ? (
          <p className="truncate text-[13px] text-muted-foreground" title={recipientsTitle(message)}>
            {message.to.length ? <span>to {names(message.to)}</span> : null}
            {message.cc.length ? <span> · cc {names(message.cc)}</span> : null}
          </p>
        ) : (
          <p className="truncate text-[13px] text-muted-foreground">{message.snippet}</p>
        )}
        <LocalTime iso={message.sentAt} format={open ? "long" : "short"} className="text-xs text-muted-foreground sm:hidden" />
      </div>
    </div>
  );

  return (
    <li className="rounded-lg border bg-card">
      <button
        type="button"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        className="w-full rounded-lg px-3 py-3 text-left outline-none focus-visible:ring-2 focus-visible:ring-ring md:px-4"
      >
        {header}
      </button>
      {open ? (
        <div className="grid gap-3 px-3 pb-4 md:px-4 md:pl-[3.75rem]">
          {message.parseError ? (
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md border border-amber-500/30 bg-amber-500/10 px-3 py-2 text-[13px] text-amber-900 dark:text-amber-200">
              <TriangleAlert className="size-4 shrink-0" aria-hidden />
              <span className="flex-1">Aiva couldn&apos;t fully read this message. What it could read is below.</span>
              {message.rawSource ? (
                <Button
                  variant="link"
                  size="sm"
                  className="h-auto p-0 text-[13px] text-amber-900 dark:text-amber-200"
                  onClick={() => setShowOriginal((s) => !s)}
                  aria-expanded={showOriginal}
                >
                  {showOriginal ? "Hide original" : "Show original"}
                </Button>
              ) : null}
            </div>
          ) : null}
          {showOriginal && message.rawSource ? (
            <pre className="max-h-[32rem] overflow-auto rounded-md bg-muted p-3 font-mono text-xs whitespace-pre-wrap break-all">
              {message.rawSource}
            </pre>
          ) : null}
          {message.bodyHtml ? (
            <EmailFrame html={message.bodyHtml} title={`Message from ${nameOf(sender)}`} senderEmail={sender?.email || null} />
          ) : message.bodyText ? (
            <PlainBody text={message.bodyText} />
          ) : (
            <p className="text-sm text-muted-foreground italic">This message has no text.</p>
          )}
          {message.attachments.length ? (
            <AttachmentList messageId={message.id} attachments={message.attachments} downloadable={message.attachmentsDownloadable} />
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

const URL_PATTERN = /\b(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]}])/gi;

/** Plain text with its links clickable and quoted lines (">") toned down. */
function PlainBody({ text }: { text: string }) {
  const blocks: { quoted: boolean; lines: string[] }[] = [];
  for (const line of text.replace(/\r\n?/g, "\n").replace(/\n+$/, "").split("\n")) {
    const quoted = /^\s*>/.test(line);
    const lastBlock = blocks.at(-1);
    if (lastBlock && lastBlock.quoted === quoted) lastBlock.lines.push(line);
    else blocks.push({ quoted, lines: [line] });
  }
  return (
    <div className="text-sm leading-relaxed break-words whitespace-pre-wrap">
      {blocks.map((block, i) =>
        block.quoted ? (
          <QuotedBlock key={i} text={block.lines.join("\n")} />
        ) : (
          <p key={i}>{linkify(block.lines.join("\n"))}</p>
        ),
      )}
    </div>
  );
}

function QuotedBlock({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  const lines = text.split("\n").length;
  if (lines > 4 && !open) {
    return (
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="my-1 inline-flex items-center gap-1 rounded border px-1.5 py-0.5 text-xs text-muted-foreground hover:bg-accent"
        aria-label="Show quoted text"
      >
        <ChevronDown className="size-3" aria-hidden /> Quoted text
      </button>
    );
  }
  return <p className="border-l-2 pl-3 text-muted-foreground">{linkify(text)}</p>;
}

function linkify(text: string): React.ReactNode[] {
  const parts = text.split(URL_PATTERN);
  return parts.map((part, i) =>
    i % 2 === 1 ? (
      <a
        key={i}
        href={part}
        target="_blank"
        rel="noopener noreferrer nofollow"
        className="text-sky-700 underline underline-offset-2 dark:text-sky-400"
      >
        {part}
      </a>
    ) : (
      part
    ),
  );
}
