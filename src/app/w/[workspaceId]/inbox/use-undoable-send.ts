"use client";

import { useCallback, useEffect, useRef } from "react";
import { toast } from "sonner";
import { sendStatusAction, undoSendAction } from "@/server/actions/mail/undo-send";

// After Send, the message waits in the outbox for a few seconds: the toast offers Undo
// for that long, then follows it until it is out (or says why it isn't). The composer's
// text is handed back on Undo and on failure, so nothing written is lost.

export type QueuedSend = { sendId: string; sendAt: string; undoSeconds: number };

type Outcome = {
  /** "Reply" or "Message": the toasts say "Reply sent." */
  label: string;
  onUndone: () => void;
  onFailed: () => void;
  onSent: () => void;
};

const POLL_MS = 1000;
const GIVE_UP_AFTER_MS = 120_000;

export function useUndoableSend(workspaceId: string) {
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  return useCallback(
    (queued: QueuedSend, outcome: Outcome) => {
      const toastId = `send-${queued.sendId}`;
      let undone = false;

      const follow = async () => {
        const started = Date.now();
        while (!undone && Date.now() - started < GIVE_UP_AFTER_MS) {
          const result = await sendStatusAction({ workspaceId, sendId: queued.sendId });
          const status = result?.data;
          if (status?.state === "sent") {
            toast.success(`${outcome.label} sent.`, { id: toastId, description: undefined, action: undefined, duration: 4000 });
            outcome.onSent();
            return;
          }
          if (status?.state === "failed") {
            toast.error(status.error, { id: toastId, description: undefined, action: undefined, duration: 10_000 });
            outcome.onFailed();
            return;
          }
          if (status?.state === "undone") return;
          if (!status && result?.serverError) {
            toast.error(result.serverError, { id: toastId, action: undefined });
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        }
        if (!undone) {
          toast(`${outcome.label} is still on its way.`, {
            id: toastId,
            description: "It will show in the conversation once the server accepts it.",
            action: undefined,
          });
        }
      };

      const undo = async () => {
        const result = await undoSendAction({ workspaceId, sendId: queued.sendId });
        if (result?.data) {
          undone = true;
          toast("Sending undone.", { id: toastId, description: "Your text is back in the composer.", action: undefined, duration: 4000 });
          outcome.onUndone();
        } else {
          toast.error(result?.serverError ?? "Too late to undo: the message is already on its way.", { id: toastId, action: undefined });
        }
      };

      const wait = Math.max(new Date(queued.sendAt).getTime() - Date.now(), 0);
      toast(`Sending ${outcome.label.toLowerCase()}…`, {
        id: toastId,
        description: queued.undoSeconds > 0 ? `You can undo for ${queued.undoSeconds} seconds.` : undefined,
        action: queued.undoSeconds > 0 ? { label: "Undo", onClick: () => void undo() } : undefined,
        duration: wait + 60_000,
      });
      setTimeout(() => {
        if (!undone && alive.current) void follow();
      }, wait + 300);
    },
    [workspaceId],
  );
}
