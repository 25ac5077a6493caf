import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { authMode } from "./config";
import { type SessionUser, resolveSession } from "./local-sessions";
import { SESSION_COOKIE } from "./session-cookie";
import { createSupabaseServerClient } from "./supabase/server-client";

// The one way Next.js code learns who is signed in. Identity comes from a database
// session (local accounts) or from verified Supabase JWT claims, never from a cookie's
// contents alone.

export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  if (authMode() === "supabase") {
    const supabase = await createSupabaseServerClient();
    const { data, error } = await supabase.auth.getClaims();
    const claims = data?.claims;
    if (error || !claims?.sub) return null;
    return { id: claims.sub, email: typeof claims.email === "string" ? claims.email : "" };
  }
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return resolveSession(token);
});

export async function requireUser(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  return user;
}
