import { safeNextPath } from "@/server/actions/auth/next-path";
import { authMode } from "../config";
import { createSupabaseServerClient } from "./server-client";
import { ensureUserInitialized } from "@/server/workspaces/initialize-user";

/** Exchanges the PKCE code for a session and returns where to send the browser. */
export async function completeSupabaseSignIn(params: URLSearchParams): Promise<string> {
  if (authMode() !== "supabase") return "/sign-in";
  const code = params.get("code");
  if (!code || code.length > 1000) return "/sign-in?error=callback";
  const supabase = await createSupabaseServerClient();
  const { error } = await supabase.auth.exchangeCodeForSession(code);
  if (error) return "/sign-in?error=callback";
  const { data } = await supabase.auth.getClaims();
  const claims = data?.claims;
  if (!claims?.sub) return "/sign-in?error=callback";
  await ensureUserInitialized({ id: claims.sub, email: typeof claims.email === "string" ? claims.email : "" });
  return safeNextPath.parse(params.get("next") ?? undefined) ?? "/";
}
