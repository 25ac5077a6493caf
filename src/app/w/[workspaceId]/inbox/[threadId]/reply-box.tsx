"use client";

import { Send } from "lucide-react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { sendReplyAction } from "@/server/actions/mail/send-reply";
import { useInboxKeys } from "../use-inbox-keys";

/** Reply at the end of a conversation. `r` focuses it; Ctrl/⌘+Enter sends. */
export function ReplyBox({ workspaceId, messageId, canReply }: { workspaceId: string; messageId: string; canReply: boolean }) {
  const router = useRouter();
  const [body, setBody] = useState("");
  const [replyAll, setReplyAll] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const { execute, isPending, result } = useAction(sendReplyAction, {
    onSuccess: () => {
      setBody("");
      toast.success("Reply sent.");
      router.refresh();
    },
    onError: ({ error }) => {
      if (error.serverError) toast.error(error.serverError);
    },
  });

  useInboxKeys({ r: () => area.current?.focus() });

  if (!canReply) {
    return (
      <p className="rounded-md border border-dashed px-4 py-3 text-sm text-muted-foreground">
        This conversation was imported from a file, so Aiva can&apos;t reply from here. Connect the mailbox in Settings to
        reply from Aiva.
      </p>
    );
  }

  const send = () => execute({ workspaceId, messageId, body, replyAll });
  const fieldError = result.validationErrors?.body?._errors?.[0];
  return (
    <form
      className="grid gap-2 rounded-md border bg-card p-3"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <label htmlFor="reply-body" className="sr-only">
        Reply
      </label>
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
        rows={4}
        placeholder="Write a reply… (r to focus, Ctrl+Enter to send)"
        className="min-h-24 w-full resize-y rounded-md bg-transparent px-1 text-sm outline-none placeholder:text-muted-foreground"
        aria-invalid={Boolean(fieldError)}
      />
      {fieldError ? <p className="text-[13px] text-destructive">{fieldError}</p> : null}
      <div className="flex items-center justify-between gap-2">
        <label className="flex items-center gap-2 text-sm text-muted-foreground">
          <input type="checkbox" className="size-4 accent-primary" checked={replyAll} onChange={(e) => setReplyAll(e.target.checked)} />
          Reply to all
        </label>
        <Button type="submit" size="sm" disabled={isPending || !body.trim()}>
          <Send aria-hidden /> {isPending ? "Sending…" : "Send"}
        </Button>
      </div>
    </form>
  );
}
