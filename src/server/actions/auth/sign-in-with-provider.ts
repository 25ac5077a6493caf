"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { SafeError } from "@/lib/errors";
import { authMode } from "@/server/auth/config";
import { oauthProviders } from "@/server/auth/oauth-providers";
import { requestOrigin } from "@/server/auth/request-info";
import { createSupabaseServerClient } from "@/server/auth/supabase/server-client";
import { actionClient } from "../safe-action";

export const signInWithProviderAction = actionClient
  .metadata({ name: "signInWithProvider" })
  .inputSchema(z.object({ provider: z.enum(["google", "azure"]) }))
  .action(async ({ parsedInput: { provider } }) => {
    if (authMode() !== "supabase" || !oauthProviders().includes(provider)) {
      throw new SafeError("That sign-in method is not enabled here.", "provider_disabled");
    }
    const supabase = await createSupabaseServerClient();
    const { data, error } = await supabase.auth.signInWithOAuth({
      provider,
      options: { redirectTo: `${await requestOrigin()}/auth/callback` },
    });
    if (error || !data.url) throw new SafeError("Couldn't start sign-in with that provider. Try again.", "oauth_failed");
    redirect(data.url);
  });
