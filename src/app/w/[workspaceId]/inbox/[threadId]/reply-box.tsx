"use client";

import { Copy, PenLine, Send, Sparkles } from "lucide-react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { TONE_LABELS } from "@/lib/ai-labels";
import { cn } from "@/lib/cn";
import type { DraftView, Tone } from "@/lib/inbox-types";
import { generateDraftAction } from "@/server/actions/ai/generate-draft";
import { saveDraftAction } from "@/server/actions/ai/save-draft";
import { sendReplyAction } from "@/server/actions/mail/send-reply";
import { useUndoableSend } from "../use-undoable-send";
import { useSingleKeys } from "@/components/keyboard/use-single-keys";

const TONES: Tone[] = ["professional", "friendly", "concise"];
/** Edits to an AI draft are saved this long after the last keystroke. */
const SAVE_DELAY_MS = 800;

/**
 * Reply at the end of a conversation. `r` focuses it; Ctrl/⌘+Enter sends. The AI writes a
 * draft in the tone chosen (with optional instructions); the person edits and sends it.
 */
export function ReplyBox({
  workspaceId,
  messageId,
  canReply,
  draftFor,
  drafts,
  defaultTone,
}: {
  workspaceId: string;
  messageId: string;
  canReply: boolean;
  /** The message drafts answer (the latest incoming one); null when there is none. */
  draftFor: string | null;
  drafts: DraftView[];
  defaultTone: Tone;
}) {
  const router = useRouter();
  const restored = drafts[0] ?? null;
  const [body, setBody] = useState(restored?.body ?? "");
  const [draftId, setDraftId] = useState<string | null>(restored?.id ?? null);
  const [tone, setTone] = useState<Tone>(restored?.tone ?? defaultTone);
  const [instructions, setInstructions] = useState("");
  const [showInstructions, setShowInstructions] = useState(false);
  const [replyAll, setReplyAll] = useState(false);
  const [drafting, setDrafting] = useState<Tone | null>(null);
  const saved = useRef(restored?.body ?? "");
  const area = useRef<HTMLTextAreaElement>(null);
  const track = useUndoableSend(workspaceId);
  const { execute, isPending, result } = useAction(sendReplyAction, {
    onSuccess: ({ data, input }) => {
      if (!data) return;
      const sentBody = input.body;
      const sentDraft = input.draftId ?? null;
      setBody("");
      setDraftId(null);
      saved.current = "";
      const giveBack = () => {
        setBody((current) => (current.trim() ? current : sentBody));
        setDraftId(sentDraft);
        saved.current = sentBody;
      };
      track(data, { label: "Reply", onUndone: giveBack, onFailed: giveBack, onSent: () => router.refresh() });
    },
    onError: ({ error }) => {
      if (error.serverError) toast.error(error.serverError);
    },
  });

  useSingleKeys({ r: () => area.current?.focus() });

  // Edits to an AI draft are kept, so leaving and coming back loses nothing.
  useEffect(() => {
    if (!draftId || body === saved.current) return;
    const timer = setTimeout(async () => {
      const outcome = await saveDraftAction({ workspaceId, draftId, body });
      if (outcome?.data) saved.current = body;
    }, SAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [body, draftId, workspaceId]);

  // Imported conversations cannot be answered from Aiva; a draft can still be written and copied.
  if (!canReply && !draftFor) {
    return <CannotReplyNote />;
  }

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(body);
      toast.success("Copied. Paste it into your mail app to send it.");
    } catch {
      toast.error("Couldn't copy. Select the text and copy it instead.");
    }
  };

  const draft = async (chosen: Tone) => {
    if (!draftFor) return;
    setTone(chosen);
    setDrafting(chosen);
    const before = { body, draftId };
    const outcome = await generateDraftAction({
      workspaceId,
      messageId: draftFor,
      tone: chosen,
      instructions: instructions.trim() || null,
    });
    setDrafting(null);
    const written = outcome?.data;
    if (!written) {
      toast.error(outcome?.serverError ?? outcome?.validationErrors?.instructions?._errors?.[0] ?? "Aiva couldn't write a draft. Try again.");
      return;
    }
    setBody(written.body);
    setDraftId(written.id);
    saved.current = written.body;
    area.current?.focus();
    if (written.notice) toast.warning(written.notice);
    if (before.body.trim()) {
      toast(`${TONE_LABELS[chosen]} draft written.`, {
        description: "It replaced what you had written.",
        action: {
          label: "Undo",
          onClick: () => {
            setBody(before.body);
            setDraftId(before.draftId);
          },
        },
      });
    }
  };

  const send = () => (canReply ? execute({ workspaceId, messageId, body, replyAll, draftId }) : void copy());
  const fieldError = result.validationErrors?.body?._errors?.[0];
  return (
    <form
      className="grid gap-2 rounded-md border bg-card p-3"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      {!canReply ? (
        <p className="text-xs text-muted-foreground">
          This conversation was imported from a file, so Aiva can&apos;t send from here. Draft a reply and copy it into
          your mail app, or connect the mailbox in Settings.
        </p>
      ) : null}
      {draftFor ? (
        <div className="flex flex-wrap items-center gap-1.5" role="group" aria-label="Draft a reply with AI">
          <span className="mr-1 flex items-center gap-1 text-xs font-medium text-muted-foreground">
            <Sparkles className="size-3.5 text-violet-500" aria-hidden /> Draft
          </span>
          {TONES.map((t) => (
            <Button
              key={t}
              type="button"
              size="sm"
              variant={tone === t && draftId ? "secondary" : "outline"}
              className="h-7 px-2.5 text-xs"
              disabled={drafting !== null}
              onClick={() => void draft(t)}
            >
              {drafting === t ? "Writing…" : TONE_LABELS[t]}
            </Button>
          ))}
          <Button
            type="button"
            size="sm"
            variant="ghost"
            className="h-7 px-2 text-xs text-muted-foreground"
            aria-expanded={showInstructions}
            onClick={() => setShowInstructions((v) => !v)}
          >
            <PenLine aria-hidden /> Instructions
          </Button>
          {draftId && body === saved.current ? <span className="ml-auto text-xs text-muted-foreground">Draft saved</span> : null}
        </div>
      ) : null}
      {showInstructions ? (
        <Input
          value={instructions}
          onChange={(e) => setInstructions(e.target.value)}
          placeholder="e.g. decline politely and suggest next week"
          aria-label="Instructions for the draft"
          maxLength={1000}
          className="h-8 text-sm"
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              void draft(tone);
            }
          }}
        />
      ) : null}
      <label htmlFor="reply-body" className="sr-only">
        Reply
      </label>
      {drafting ? (
        <div className="grid min-h-24 gap-2 px-1 py-1" aria-live="polite">
          <span className="sr-only">Writing a {TONE_LABELS[drafting].toLowerCase()} draft…</span>
          <Skeleton className="h-3.5 w-1/3" />
          <Skeleton className="h-3.5 w-full" />
          <Skeleton className="h-3.5 w-5/6" />
        </div>
      ) : (
        <textarea
          id="reply-body"
          ref={area}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
              e.preventDefault();
              send();
            }
          }}
          rows={body.split("\n").length > 4 ? Math.min(body.split("\n").length + 1, 18) : 4}
          placeholder={canReply ? "Write a reply… (r to focus, Ctrl+Enter to send)" : "Write a reply to copy… (r to focus)"}
          className={cn("min-h-24 w-full resize-y rounded-md bg-transparent px-1 text-sm outline-none placeholder:text-muted-foreground")}
          aria-invalid={Boolean(fieldError)}
        />
      )}
      {fieldError ? <p className="text-[13px] text-destructive">{fieldError}</p> : null}
      <div className="flex items-center justify-between gap-2">
        {canReply ? (
          <label className="flex items-center gap-2 text-sm text-muted-foreground">
            <input type="checkbox" className="size-4 accent-primary" checked={replyAll} onChange={(e) => setReplyAll(e.target.checked)} />
            Reply to all
          </label>
        ) : (
          <span />
        )}
        {canReply ? (
          <Button type="submit" size="sm" disabled={isPending || !body.trim() || drafting !== null}>
            <Send aria-hidden /> {isPending ? "Sending…" : "Send"}
          </Button>
        ) : (
          <Button type="submit" size="sm" variant="outline" disabled={!body.trim() || drafting !== null}>
            <Copy aria-hidden /> Copy
          </Button>
        )}
      </div>
    </form>
  );
}

function CannotReplyNote() {
  return (
    <p className="rounded-md border border-dashed px-4 py-3 text-sm text-muted-foreground">
      This conversation was imported from a file, so Aiva can&apos;t reply from here. Connect the mailbox in Settings to
      reply from Aiva.
    </p>
  );
}
