"use client";

import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { toast } from "sonner";
import { FieldError } from "@/components/forms/field-error";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { renameWorkspaceAction } from "@/server/actions/workspaces/rename-workspace";

export function WorkspaceNameForm({ workspaceId, name, canEdit }: { workspaceId: string; name: string; canEdit: boolean }) {
  const [value, setValue] = useState(name);
  const { execute, result, isPending } = useAction(renameWorkspaceAction, {
    onSuccess: () => toast.success("Workspace renamed."),
    onError: ({ error }) => {
      if (error.serverError) toast.error(error.serverError);
    },
  });
  return (
    <form
      noValidate
      className="flex flex-col gap-2 sm:flex-row sm:items-end"
      onSubmit={(event) => {
        event.preventDefault();
        execute({ workspaceId, name: value });
      }}
    >
      <div className="grid flex-1 gap-2">
        <Label htmlFor="workspace-name-setting">Name</Label>
        <Input
          id="workspace-name-setting"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          disabled={!canEdit}
          aria-invalid={Boolean(result.validationErrors?.name)}
        />
        <FieldError errors={result.validationErrors?.name?._errors} />
        {!canEdit ? <p className="text-[13px] text-muted-foreground">Only owners and admins can rename it.</p> : null}
      </div>
      {canEdit ? (
        <Button type="submit" disabled={isPending || value.trim() === name} className="sm:mb-[1px]">
          {isPending ? "Saving…" : "Save"}
        </Button>
      ) : null}
    </form>
  );
}
