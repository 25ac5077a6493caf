import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Logo } from "@/components/brand/logo";
import { requireUser } from "@/server/auth/current-user";
import { defaultWorkspaceId } from "@/server/workspaces/workspaces";
import { FirstWorkspaceForm } from "./first-workspace-form";

export const metadata: Metadata = { title: "Create a workspace" };
export const dynamic = "force-dynamic";

// Reached only by someone who belongs to no workspace (they left them all).
export default async function WelcomePage() {
  const user = await requireUser();
  const existing = await defaultWorkspaceId(user.id);
  if (existing) redirect(`/w/${existing}/inbox`);
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center bg-muted/40 px-4">
      <Logo className="mb-8 text-lg" />
      <div className="w-full max-w-sm">
        <FirstWorkspaceForm />
      </div>
    </main>
  );
}
