"use client";

import { useAction } from "next-safe-action/hooks";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { deleteWorkspaceAction } from "@/server/actions/workspaces/delete-workspace";

/** "Remove the demo workspace?", loaded when its button is first reached (see ./demo-controls.tsx). */
export function RemoveDemoDialog({
  workspaceId,
  open,
  setOpen,
  returnFocus,
}: {
  workspaceId: string;
  open: boolean;
  setOpen: (open: boolean) => void;
  /** Where the focus goes back to on close: the button that opened it. */
  returnFocus: () => void;
}) {
  const router = useRouter();
  const { execute, isPending } = useAction(deleteWorkspaceAction, {
    onSuccess: ({ data }) => {
      setOpen(false);
      toast.success("Demo workspace removed.");
      router.push(data?.nextWorkspaceId ? `/w/${data.nextWorkspaceId}/inbox` : "/");
    },
    onError: ({ error }) => toast.error(error.serverError ?? "The demo workspace could not be removed. Try again."),
  });
  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogContent
        onCloseAutoFocus={(event) => {
          event.preventDefault();
          returnFocus();
        }}
      >
        <AlertDialogHeader>
          <AlertDialogTitle>Remove the demo workspace?</AlertDialogTitle>
          <AlertDialogDescription>
            The sample mail, and any tasks and events you made here, are deleted. Your other workspaces are not touched.
            You can load the demo again from an empty inbox.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Keep it</AlertDialogCancel>
          <AlertDialogAction
            disabled={isPending}
            onClick={(event) => {
              event.preventDefault();
              execute({ workspaceId });
            }}
          >
            {isPending ? "Removing…" : "Remove demo"}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
