"use client";

import { Check, Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { toast } from "sonner";
import { FieldError } from "@/components/forms/field-error";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { createWorkspaceAction } from "@/server/actions/workspaces/create-workspace";
import { switchWorkspaceAction } from "@/server/actions/workspaces/switch-workspace";
import { type ShellWorkspace, WorkspaceButton, WorkspaceInitial as Initial } from "./workspace-button";

/** The workspace menu (switch, create), loaded on the first use of its button; opens at once. */
export function WorkspaceSwitcherMenu({ current, workspaces }: { current: ShellWorkspace; workspaces: ShellWorkspace[] }) {
  const [creating, setCreating] = useState(false);
  const switcher = useAction(switchWorkspaceAction, {
    onError: ({ error }) => toast.error(error.serverError ?? "Couldn't switch workspace."),
  });
  return (
    <>
      <DropdownMenu defaultOpen>
        <DropdownMenuTrigger asChild>
          <WorkspaceButton current={current} />
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start" className="w-64">
          <DropdownMenuLabel className="text-xs font-normal text-muted-foreground">Workspaces</DropdownMenuLabel>
          {workspaces.map((workspace) => (
            <DropdownMenuItem
              key={workspace.id}
              disabled={switcher.isPending}
              onSelect={() => {
                if (workspace.id !== current.id) switcher.execute({ workspaceId: workspace.id });
              }}
            >
              <Initial name={workspace.name} />
              <span className="min-w-0 flex-1 truncate">{workspace.name}</span>
              {workspace.id === current.id ? <Check className="size-4" aria-label="Current workspace" /> : null}
            </DropdownMenuItem>
          ))}
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => setCreating(true)}>
            <Plus className="size-4" aria-hidden />
            Create workspace
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <CreateWorkspaceDialog open={creating} onOpenChange={setCreating} />
    </>
  );
}

function CreateWorkspaceDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const { execute, result, isPending, reset } = useAction(createWorkspaceAction, {
    onSuccess: ({ data }) => {
      onOpenChange(false);
      setName("");
      reset();
      toast.success("Workspace created.");
      if (data) router.push(`/w/${data.workspaceId}/inbox`);
    },
  });
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-md">
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            execute({ name });
          }}
          className="grid gap-4"
        >
          <DialogHeader>
            <DialogTitle>Create a workspace</DialogTitle>
            <DialogDescription>
              A workspace has its own accounts, inbox and members. You&apos;ll be its owner.
            </DialogDescription>
          </DialogHeader>
          <div className="grid gap-2">
            <Label htmlFor="workspace-name">Name</Label>
            <Input
              id="workspace-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="Acme support"
              autoFocus
              aria-invalid={Boolean(result.validationErrors?.name)}
            />
            <FieldError errors={result.validationErrors?.name?._errors} />
            {result.serverError ? <FieldError errors={[result.serverError]} /> : null}
          </div>
          <DialogFooter>
            <Button type="button" variant="ghost" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={isPending}>
              {isPending ? "Creating…" : "Create workspace"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
