"use client";

import { FlaskConical, Sparkles } from "lucide-react";
import { useAction } from "next-safe-action/hooks";
import { useRouter } from "next/navigation";
import { useState } from "react";
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
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { deleteWorkspaceAction } from "@/server/actions/workspaces/delete-workspace";
import { loadDemoWorkspaceAction } from "@/server/actions/workspaces/load-demo-workspace";

/** The empty inbox's third way in: a workspace of sample mail to try everything on. */
export function LoadDemoButton() {
  const router = useRouter();
  const { execute, isPending } = useAction(loadDemoWorkspaceAction, {
    onSuccess: ({ data }) => {
      if (!data) return;
      toast.success(data.created ? "Demo workspace ready: sample mail, classified." : "Here is your demo workspace.");
      router.push(`/w/${data.workspaceId}/inbox`);
    },
    onError: ({ error }) => toast.error(error.serverError ?? "The demo workspace could not be loaded. Try again."),
  });
  return (
    <Button
      variant="ghost"
      disabled={isPending}
      // getTimezoneOffset() is minutes *behind* UTC; the server wants minutes east.
      onClick={() => execute({ utcOffsetMinutes: -new Date().getTimezoneOffset() })}
    >
      <Sparkles aria-hidden /> {isPending ? "Loading sample mail…" : "Try it with sample mail"}
    </Button>
  );
}

/** Says plainly that this workspace is sample data, and removes it on request. */
export function DemoBanner({ workspaceId, canDelete }: { workspaceId: string; canDelete: boolean }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const { execute, isPending } = useAction(deleteWorkspaceAction, {
    onSuccess: ({ data }) => {
      setOpen(false);
      toast.success("Demo workspace removed.");
      router.push(data?.nextWorkspaceId ? `/w/${data.nextWorkspaceId}/inbox` : "/");
    },
    onError: ({ error }) => toast.error(error.serverError ?? "The demo workspace could not be removed. Try again."),
  });
  return (
    <div
      role="note"
      className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b bg-muted/50 px-4 py-2 text-[13px] text-muted-foreground sm:px-6"
    >
      <FlaskConical aria-hidden className="size-4 shrink-0" />
      <p className="min-w-0 flex-1">
        <span className="font-medium text-foreground">Demo workspace.</span> The mail here is sample data shipped with Aiva
        <span className="hidden sm:inline">, classified on this machine. Replies can be drafted and copied, not sent</span>.
      </p>
      {canDelete ? (
        <AlertDialog open={open} onOpenChange={setOpen}>
          <AlertDialogTrigger asChild>
            <Button variant="outline" size="sm">
              Remove demo
            </Button>
          </AlertDialogTrigger>
          <AlertDialogContent>
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
      ) : null}
    </div>
  );
}
