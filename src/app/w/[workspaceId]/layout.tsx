import { notFound } from "next/navigation";
import { z } from "zod";
import { AppShell } from "@/components/app-shell/app-shell";
import { requireUser } from "@/server/auth/current-user";
import { getProfile, getWorkspace, listWorkspaces } from "@/server/workspaces/workspaces";

export const dynamic = "force-dynamic";

export default async function WorkspaceLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ workspaceId: string }>;
}) {
  const { workspaceId } = await params;
  const user = await requireUser();
  if (!z.uuid().safeParse(workspaceId).success) notFound();
  // Row-level security decides: a workspace the user isn't a member of does not exist for them.
  const workspace = await getWorkspace(user.id, workspaceId);
  if (!workspace) notFound();
  const [workspaces, profile] = await Promise.all([listWorkspaces(user.id), getProfile(user.id)]);
  return (
    <AppShell
      user={{ email: user.email || profile?.email || "", displayName: profile?.displayName ?? null }}
      workspace={workspace}
      workspaces={workspaces}
    >
      {children}
    </AppShell>
  );
}
