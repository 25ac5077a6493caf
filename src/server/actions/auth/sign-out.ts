"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { authMode } from "@/server/auth/config";
import { deleteSession } from "@/server/auth/local-sessions";
import { SESSION_COOKIE } from "@/server/auth/session-cookie";
import { createSupabaseServerClient } from "@/server/auth/supabase/server-client";
import { actionClient } from "../safe-action";

export const signOutAction = actionClient.metadata({ name: "signOut" }).action(async () => {
  if (authMode() === "supabase") {
    const supabase = await createSupabaseServerClient();
    await supabase.auth.signOut();
  } else {
    const store = await cookies();
    await deleteSession(store.get(SESSION_COOKIE)?.value);
    store.delete(SESSION_COOKIE);
  }
  redirect("/sign-in?signedOut=1");
});
