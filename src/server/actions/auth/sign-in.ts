"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { SafeError } from "@/lib/errors";
import { authMode } from "@/server/auth/config";
import { signInSchema } from "@/server/auth/credentials";
import { verifyLocalCredentials } from "@/server/auth/local-accounts";
import { createSession } from "@/server/auth/local-sessions";
import { SESSION_COOKIE, SESSION_TTL_MS } from "@/server/auth/session-cookie";
import { clientIp, isHttps, userAgent } from "@/server/auth/request-info";
import { createSupabaseServerClient } from "@/server/auth/supabase/server-client";
import { actionClient } from "../safe-action";
import { safeNextPath } from "./next-path";

export const signInAction = actionClient
  .metadata({ name: "signIn" })
  .inputSchema(signInSchema.extend({ next: safeNextPath }))
  .action(async ({ parsedInput: { email, password, next } }) => {
    if (authMode() === "supabase") {
      const supabase = await createSupabaseServerClient();
      const { error } = await supabase.auth.signInWithPassword({ email, password });
      if (error) throw new SafeError(supabaseMessage(error.message), "bad_credentials");
    } else {
      const user = await verifyLocalCredentials({ email, password }, await clientIp());
      const token = await createSession(user.id, await userAgent());
      (await cookies()).set(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: "lax",
        secure: await isHttps(),
        path: "/",
        maxAge: SESSION_TTL_MS / 1000,
      });
    }
    redirect(next ?? "/");
  });

function supabaseMessage(message: string): string {
  if (/invalid login credentials/i.test(message)) return "That email and password don't match an account.";
  if (/email not confirmed/i.test(message)) return "Confirm your email first: we sent you a link when you signed up.";
  console.error("[signIn] Supabase Auth refused:", message);
  return "Couldn't sign in right now. Try again in a moment.";
}
