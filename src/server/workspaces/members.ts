import { and, asc, eq, sql } from "drizzle-orm";
import { SafeError } from "@/lib/errors";
import { profiles, workspaceMembers } from "@/server/db/schema";
import { resultRows, withUser } from "@/server/db/with-rls";
import { explainDatabaseRefusal } from "./errors";
import type { WorkspaceRole } from "./roles";

export type Member = { userId: string; email: string; displayName: string | null; role: WorkspaceRole; joinedAt: Date };

export async function listMembers(userId: string, workspaceId: string): Promise<Member[]> {
  return withUser(userId, (tx) =>
    tx
      .select({
        userId: workspaceMembers.userId,
        email: profiles.email,
        displayName: profiles.displayName,
        role: workspaceMembers.role,
        joinedAt: workspaceMembers.createdAt,
      })
      .from(workspaceMembers)
      .innerJoin(profiles, eq(profiles.id, workspaceMembers.userId))
      .where(eq(workspaceMembers.workspaceId, workspaceId))
      .orderBy(asc(workspaceMembers.role), asc(profiles.email)),
  );
}

export async function addMember(userId: string, workspaceId: string, email: string, role: WorkspaceRole): Promise<void> {
  const outcome = await withUser(userId, async (tx) => {
    const result = await tx.execute(
      sql`select app.add_workspace_member(${workspaceId}::uuid, ${email}, ${role}::public.workspace_role) as outcome`,
    );
    return resultRows<{ outcome: string }>(result)[0]?.outcome;
  }).catch(explainDatabaseRefusal);
  if (outcome === "not_found") {
    throw new SafeError(
      `No one has an Aiva account with ${email} yet. Ask them to sign up, then add them here.`,
      "member_not_found",
    );
  }
  if (outcome === "already_member") {
    throw new SafeError(`${email} is already a member of this workspace.`, "already_member");
  }
}

export async function changeMemberRole(userId: string, workspaceId: string, memberId: string, role: WorkspaceRole): Promise<void> {
  const updated = await withUser(userId, (tx) =>
    tx
      .update(workspaceMembers)
      .set({ role })
      .where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, memberId)))
      .returning({ userId: workspaceMembers.userId }),
  ).catch(explainDatabaseRefusal);
  if (updated.length === 0) {
    throw new SafeError("You can't change that member's role. Only owners change an owner's role.", "forbidden");
  }
}

export async function removeMember(userId: string, workspaceId: string, memberId: string): Promise<void> {
  const removed = await withUser(userId, (tx) =>
    tx
      .delete(workspaceMembers)
      .where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, memberId)))
      .returning({ userId: workspaceMembers.userId }),
  ).catch(explainDatabaseRefusal);
  if (removed.length === 0) {
    throw new SafeError("You can't remove that member. Only owners remove an owner.", "forbidden");
  }
}
