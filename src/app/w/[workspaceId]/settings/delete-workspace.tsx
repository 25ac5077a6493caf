"use client";

import { useAction } from "next-safe-action/hooks";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { deleteWorkspaceAction } from "@/server/actions/workspaces/delete-workspace";

/** Owners delete a shared workspace after typing its name: nothing in it can be brought back. */
export function DeleteWorkspace({ workspaceId, name }: { workspaceId: string; name: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const { execute, isPending } = useAction(deleteWorkspaceAction, {
    onSuccess: ({ data }) => {
      setOpen(false);
      toast.success(`${name} was deleted.`);
      router.push(data?.nextWorkspaceId ? `/w/${data.nextWorkspaceId}/inbox` : "/");
    },
    onError: ({ error }) => toast.error(error.serverError ?? "The workspace could not be deleted. Try again."),
  });
  const confirmed = typed.trim() === name;
  return (
    <div className="mt-6 flex flex-col gap-3 border-t pt-4 sm:flex-row sm:items-center sm:justify-between">
      <div className="text-[13px] text-muted-foreground">
        <p className="font-medium text-foreground">Delete this workspace</p>
        <p>Its accounts, messages, tasks and events are removed from Aiva for every member. Mail on your servers is not touched.</p>
      </div>
      <AlertDialog
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (!next) setTyped("");
        }}
      >
        <AlertDialogTrigger asChild>
          <Button variant="destructive" size="sm" className="shrink-0">
            Delete workspace
          </Button>
        </AlertDialogTrigger>
        <AlertDialogContent>
          <form
            noValidate
            className="grid gap-4"
            onSubmit={(event) => {
              event.preventDefault();
              if (confirmed) execute({ workspaceId });
            }}
          >
            <AlertDialogHeader>
              <AlertDialogTitle>Delete {name}?</AlertDialogTitle>
              <AlertDialogDescription>
                Everything in it is deleted for every member, and can't be brought back. Type the workspace's name to confirm.
              </AlertDialogDescription>
            </AlertDialogHeader>
            <div className="grid gap-2">
              <Label htmlFor="confirm-workspace-name">Workspace name</Label>
              <Input id="confirm-workspace-name" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
            </div>
            <AlertDialogFooter>
              <AlertDialogCancel type="button">Cancel</AlertDialogCancel>
              <Button type="submit" variant="destructive" disabled={!confirmed || isPending}>
                {isPending ? "Deleting…" : "Delete workspace"}
              </Button>
            </AlertDialogFooter>
          </form>
        </AlertDialogContent>
      </AlertDialog>
    </div>
  );
}
