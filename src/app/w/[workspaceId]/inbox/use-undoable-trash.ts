"use client";

import { useCallback } from "react";
import { toast } from "sonner";
import { trashMessagesAction, trashStatusAction, undoTrashAction } from "@/server/actions/inbox/trash-messages";

// Delete, like Send: the messages disappear at once and the toast offers Undo for the
// window; after it the server moves them to the account's Trash. The caller has already
// hidden them; `restore` puts them back when the request fails, on Undo, and when the
// mail server refuses (the toast then says why).

type Outcome = {
  /** "Message" or "Conversation": the toast says "Message deleted." */
  label: string;
  description?: string;
  restore: () => void;
};

const POLL_MS = 1000;
const GIVE_UP_AFTER_MS = 90_000;

export function useUndoableTrash(workspaceId: string) {
  return useCallback(
    /** Resolves once the server has hidden them (true), or refused (false, restored). */
    async (messageIds: string[], outcome: Outcome): Promise<boolean> => {
      const result = await trashMessagesAction({ workspaceId, messageIds });
      const queued = result?.data;
      if (!queued) {
        outcome.restore();
        toast.error(result?.serverError ?? "Couldn't delete that. Try again.");
        return false;
      }
      const toastId = `trash-${queued.trashId}`;
      let undone = false;

      const follow = async () => {
        const started = Date.now();
        while (!undone && Date.now() - started < GIVE_UP_AFTER_MS) {
          const status = (await trashStatusAction({ workspaceId, trashId: queued.trashId }))?.data;
          if (status?.state === "deleted" || status?.state === "undone") return;
          if (status?.state === "failed") {
            toast.error(status.error, { id: toastId, description: undefined, action: undefined, duration: 10_000 });
            outcome.restore();
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        }
      };

      const undo = async () => {
        const answer = await undoTrashAction({ workspaceId, trashId: queued.trashId });
        if (answer?.data) {
          undone = true;
          toast(`${outcome.label} restored.`, { id: toastId, description: outcome.description, action: undefined, duration: 4000 });
          outcome.restore();
        } else {
          toast.error(answer?.serverError ?? "Too late to undo: it's already being deleted.", { id: toastId, action: undefined });
        }
      };

      const wait = Math.max(new Date(queued.deleteAt).getTime() - Date.now(), 0);
      toast(`${outcome.label} deleted.`, {
        id: toastId,
        description: outcome.description,
        action: queued.undoSeconds > 0 ? { label: "Undo", onClick: () => void undo() } : undefined,
        duration: wait + 2000,
      });
      // Followed even after the page changes (the reader goes back to the inbox): a refusal
      // must still bring the message back and say why.
      setTimeout(() => {
        if (!undone) void follow();
      }, wait + 300);
      return true;
    },
    [workspaceId],
  );
}
