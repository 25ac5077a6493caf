import crypto from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { profiles, workspaceMembers, workspaces } from "@/server/db/schema";
import { SafeError } from "@/lib/errors";
import { withUser } from "@/server/db/with-rls";
import { explainDatabaseRefusal } from "./errors";
import type { WorkspaceRole } from "./roles";

export type WorkspaceSummary = { id: string; name: string; isPersonal: boolean; role: WorkspaceRole };

export async function listWorkspaces(userId: string): Promise<WorkspaceSummary[]> {
  return withUser(userId, (tx) =>
    tx
      .select({ id: workspaces.id, name: workspaces.name, isPersonal: workspaces.isPersonal, role: workspaceMembers.role })
      .from(workspaces)
      .innerJoin(workspaceMembers, and(eq(workspaceMembers.workspaceId, workspaces.id), eq(workspaceMembers.userId, userId)))
      .orderBy(sql`${workspaces.isPersonal} desc`, asc(workspaces.name)),
  );
}

/** The workspace and the user's role in it, or null when it doesn't exist for them. */
export async function getWorkspace(userId: string, workspaceId: string): Promise<WorkspaceSummary | null> {
  const [row] = await withUser(userId, (tx) =>
    tx
      .select({ id: workspaces.id, name: workspaces.name, isPersonal: workspaces.isPersonal, role: workspaceMembers.role })
      .from(workspaces)
      .innerJoin(workspaceMembers, and(eq(workspaceMembers.workspaceId, workspaces.id), eq(workspaceMembers.userId, userId)))
      .where(eq(workspaces.id, workspaceId)),
  );
  return row ?? null;
}

/** Where to land after sign-in: the last workspace used, else the first one. */
export async function defaultWorkspaceId(userId: string): Promise<string | null> {
  return withUser(userId, async (tx) => {
    const [profile] = await tx.select({ last: profiles.lastWorkspaceId }).from(profiles).where(eq(profiles.id, userId));
    if (profile?.last) {
      const [member] = await tx
        .select({ id: workspaceMembers.workspaceId })
        .from(workspaceMembers)
        .where(and(eq(workspaceMembers.workspaceId, profile.last), eq(workspaceMembers.userId, userId)));
      if (member) return member.id;
    }
    const [first] = await tx
      .select({ id: workspaceMembers.workspaceId })
      .from(workspaceMembers)
      .where(eq(workspaceMembers.userId, userId))
      .limit(1);
    return first?.id ?? null;
  });
}

export async function createWorkspace(userId: string, name: string): Promise<string> {
  // The id is made here: RLS would hide `returning` until the owner trigger has run.
  const id = crypto.randomUUID();
  await withUser(userId, async (tx) => {
    await tx.insert(workspaces).values({ id, name, createdBy: userId });
    await tx.update(profiles).set({ lastWorkspaceId: id }).where(eq(profiles.id, userId));
  }).catch(explainDatabaseRefusal);
  return id;
}

export async function renameWorkspace(userId: string, workspaceId: string, name: string): Promise<void> {
  const updated = await withUser(userId, (tx) =>
    tx.update(workspaces).set({ name }).where(eq(workspaces.id, workspaceId)).returning({ id: workspaces.id }),
  ).catch(explainDatabaseRefusal);
  if (updated.length === 0) explainDatabaseRefusal({ code: "42501" });
}

/**
 * Deletes a workspace with everything in it (connections, messages, tasks, events,
 * credentials cascade). Owners only; a personal workspace stays for as long as its account.
 */
export async function deleteWorkspace(userId: string, workspaceId: string): Promise<void> {
  const [workspace] = await withUser(userId, (tx) =>
    tx.select({ isPersonal: workspaces.isPersonal }).from(workspaces).where(eq(workspaces.id, workspaceId)),
  );
  if (!workspace) throw new SafeError("That workspace no longer exists.", "not_found");
  if (workspace.isPersonal) throw new SafeError("Your personal workspace can't be deleted.", "forbidden");
  const deleted = await withUser(userId, (tx) =>
    tx.delete(workspaces).where(eq(workspaces.id, workspaceId)).returning({ id: workspaces.id }),
  ).catch(explainDatabaseRefusal);
  if (deleted.length === 0) throw new SafeError("Only an owner can delete this workspace.", "forbidden");
}

export async function rememberWorkspace(userId: string, workspaceId: string): Promise<void> {
  await withUser(userId, (tx) => tx.update(profiles).set({ lastWorkspaceId: workspaceId }).where(eq(profiles.id, userId)));
}

export type Profile = { id: string; email: string; displayName: string | null };

export async function getProfile(userId: string): Promise<Profile | null> {
  const [row] = await withUser(userId, (tx) =>
    tx
      .select({ id: profiles.id, email: profiles.email, displayName: profiles.displayName })
      .from(profiles)
      .where(eq(profiles.id, userId)),
  );
  return row ?? null;
}
