"use client";

import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { toast } from "sonner";
import { FieldError } from "@/components/forms/field-error";
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
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { addMemberAction } from "@/server/actions/workspaces/add-member";
import { changeMemberRoleAction } from "@/server/actions/workspaces/change-member-role";
import { removeMemberAction } from "@/server/actions/workspaces/remove-member";

type Role = "owner" | "admin" | "member";
type MemberRow = { userId: string; email: string; displayName: string | null; role: Role; joinedAt: string };

const ROLE_LABELS: Record<Role, string> = { owner: "Owner", admin: "Admin", member: "Member" };

export function MembersPanel(props: { workspaceId: string; currentUserId: string; currentRole: Role; members: MemberRow[] }) {
  const { workspaceId, currentUserId, currentRole, members } = props;
  const canManage = currentRole !== "member";
  const owners = members.filter((m) => m.role === "owner").length;
  const assignable: Role[] = currentRole === "owner" ? ["owner", "admin", "member"] : ["admin", "member"];

  return (
    <div className="grid gap-5">
      <ul className="divide-y rounded-md border" aria-label="Members">
        {members.map((member) => {
          const isSelf = member.userId === currentUserId;
          const mayEdit = canManage && (member.role !== "owner" || currentRole === "owner");
          return (
            <li key={member.userId} className="flex flex-wrap items-center gap-3 px-3 py-2.5">
              <span
                aria-hidden
                className="grid size-8 shrink-0 place-items-center rounded-full bg-muted text-xs font-semibold uppercase"
              >
                {(member.displayName || member.email).charAt(0)}
              </span>
              <div className="min-w-0 flex-1">
                <p className="truncate text-sm font-medium">
                  {member.displayName || member.email}
                  {isSelf ? <span className="ml-1.5 font-normal text-muted-foreground">(you)</span> : null}
                </p>
                {member.displayName ? <p className="truncate text-xs text-muted-foreground">{member.email}</p> : null}
              </div>
              {mayEdit && !isSelf ? (
                <RoleSelect workspaceId={workspaceId} member={member} options={assignable} />
              ) : (
                <Badge variant="secondary">{ROLE_LABELS[member.role]}</Badge>
              )}
              {isSelf && !(member.role === "owner" && owners === 1) ? (
                <RemoveButton workspaceId={workspaceId} member={member} self />
              ) : mayEdit && !isSelf ? (
                <RemoveButton workspaceId={workspaceId} member={member} />
              ) : null}
            </li>
          );
        })}
      </ul>
      {canManage ? <AddMemberForm workspaceId={workspaceId} options={assignable} /> : null}
    </div>
  );
}

function RoleSelect({ workspaceId, member, options }: { workspaceId: string; member: MemberRow; options: Role[] }) {
  const [role, setRole] = useState<Role>(member.role);
  const { execute, isPending } = useAction(changeMemberRoleAction, {
    onSuccess: ({ data }) => toast.success(`${member.email} is now ${data?.role === "admin" ? "an" : "a"} ${data?.role}.`),
    onError: ({ error }) => {
      setRole(member.role);
      toast.error(error.serverError ?? "Couldn't change the role.");
    },
  });
  const choices = options.includes(member.role) ? options : [member.role, ...options];
  return (
    <Select
      value={role}
      disabled={isPending}
      onValueChange={(value: Role) => {
        setRole(value);
        execute({ workspaceId, userId: member.userId, role: value });
      }}
    >
      <SelectTrigger size="sm" className="w-28" aria-label={`Role of ${member.email}`}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        {choices.map((r) => (
          <SelectItem key={r} value={r}>
            {ROLE_LABELS[r]}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}

function RemoveButton({ workspaceId, member, self = false }: { workspaceId: string; member: MemberRow; self?: boolean }) {
  const router = useRouter();
  const { execute, isPending } = useAction(removeMemberAction, {
    onSuccess: ({ data }) => {
      if (data?.left) {
        toast.success("You left the workspace.");
        router.push("/");
      } else {
        toast.success(`${member.email} was removed.`);
      }
    },
    onError: ({ error }) => toast.error(error.serverError ?? "Couldn't remove that member."),
  });
  return (
    <AlertDialog>
      <AlertDialogTrigger asChild>
        <Button variant="ghost" size="sm" disabled={isPending} aria-label={self ? "Leave workspace" : `Remove ${member.email}`}>
          {self ? "Leave" : "Remove"}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>{self ? "Leave this workspace?" : `Remove ${member.displayName || member.email}?`}</AlertDialogTitle>
          <AlertDialogDescription>
            {self
              ? "You'll lose access to its inbox and accounts until someone adds you again."
              : "They'll lose access to this workspace's inbox and accounts. You can add them again later."}
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction
            className="bg-destructive text-white hover:bg-destructive/90"
            onClick={() => execute({ workspaceId, userId: member.userId })}
          >
            {self ? "Leave" : "Remove"}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

function AddMemberForm({ workspaceId, options }: { workspaceId: string; options: Role[] }) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("member");
  const { execute, result, isPending, reset } = useAction(addMemberAction, {
    onSuccess: ({ data }) => {
      toast.success(`${data?.email} was added.`);
      setEmail("");
      reset();
    },
  });
  return (
    <form
      noValidate
      className="grid gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        execute({ workspaceId, email, role });
      }}
    >
      <Label htmlFor="member-email">Add a member by email</Label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <Input
          id="member-email"
          type="email"
          placeholder="name@company.com"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={Boolean(result.validationErrors?.email || result.serverError)}
          className="flex-1"
        />
        <Select value={role} onValueChange={(value: Role) => setRole(value)}>
          <SelectTrigger className="sm:w-32" aria-label="Role for the new member">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {options.map((r) => (
              <SelectItem key={r} value={r}>
                {ROLE_LABELS[r]}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <Button type="submit" disabled={isPending || !email.trim()}>
          {isPending ? "Adding…" : "Add member"}
        </Button>
      </div>
      <FieldError errors={result.validationErrors?.email?._errors} />
      {result.serverError ? <FieldError errors={[result.serverError]} /> : null}
      <p className="text-[13px] text-muted-foreground">They need an Aiva account on this server first.</p>
    </form>
  );
}
