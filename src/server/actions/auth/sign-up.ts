"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { SafeError } from "@/lib/errors";
import { authMode } from "@/server/auth/config";
import { signUpSchema } from "@/server/auth/credentials";
import { signUpLocal } from "@/server/auth/local-accounts";
import { createSession } from "@/server/auth/local-sessions";
import { SESSION_COOKIE, SESSION_TTL_MS } from "@/server/auth/session-cookie";
import { isHttps, requestOrigin, userAgent } from "@/server/auth/request-info";
import { createSupabaseServerClient } from "@/server/auth/supabase/server-client";
import { actionClient } from "../safe-action";

export const signUpAction = actionClient
  .metadata({ name: "signUp" })
  .inputSchema(signUpSchema)
  .action(async ({ parsedInput: { name, email, password } }) => {
    if (authMode() === "supabase") {
      const supabase = await createSupabaseServerClient();
      const { data, error } = await supabase.auth.signUp({
        email,
        password,
        options: { emailRedirectTo: `${await requestOrigin()}/auth/callback`, data: name ? { name } : {} },
      });
      if (error) {
        if (/already registered/i.test(error.message)) {
          throw new SafeError("An account with this email already exists. Sign in instead.", "email_taken");
        }
        if (/fetch failed|network|timed? ?out/i.test(error.message)) {
          console.error("[signUp] Supabase Auth unreachable:", error.message);
          throw new SafeError("Couldn't reach the sign-up service. Try again in a moment.", "signup_failed");
        }
        throw new SafeError(error.message, "signup_failed");
      }
      if (!data.session) return { confirmEmail: true as const };
      redirect("/");
    }
    const user = await signUpLocal({ name, email, password });
    const token = await createSession(user.id, await userAgent());
    (await cookies()).set(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: "lax",
      secure: await isHttps(),
      path: "/",
      maxAge: SESSION_TTL_MS / 1000,
    });
    redirect(user.personalWorkspaceId ? `/w/${user.personalWorkspaceId}/inbox` : "/");
  });
