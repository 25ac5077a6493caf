"use client";

import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { FieldError } from "@/components/forms/field-error";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { createWorkspaceAction } from "@/server/actions/workspaces/create-workspace";

export function FirstWorkspaceForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const { execute, result, isPending } = useAction(createWorkspaceAction, {
    onSuccess: ({ data }) => data && router.push(`/w/${data.workspaceId}/inbox`),
  });
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-xl">Create a workspace</CardTitle>
        <CardDescription>You&apos;re not in any workspace. Create one to get back to your inbox.</CardDescription>
      </CardHeader>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          execute({ name });
        }}
      >
        <CardContent className="grid gap-2">
          <Label htmlFor="first-workspace-name">Name</Label>
          <Input id="first-workspace-name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
          <FieldError errors={result.validationErrors?.name?._errors ?? (result.serverError ? [result.serverError] : undefined)} />
        </CardContent>
        <CardFooter className="mt-6">
          <Button type="submit" className="w-full" disabled={isPending}>
            {isPending ? "Creating…" : "Create workspace"}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
