import { redirect } from "next/navigation";
import { getCurrentUser } from "@/server/auth/current-user";
import { ensureUserInitialized } from "@/server/workspaces/initialize-user";
import { defaultWorkspaceId } from "@/server/workspaces/workspaces";

export const dynamic = "force-dynamic";

export default async function Home() {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  const workspaceId = (await defaultWorkspaceId(user.id)) ?? (await ensureUserInitialized(user));
  redirect(workspaceId ? `/w/${workspaceId}/inbox` : "/welcome");
}
