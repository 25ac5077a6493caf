import { authMode } from "./config";

export type OAuthProvider = "google" | "azure";

/** Social sign-in buttons, shown only when enabled in the Supabase project and listed here. */
export function oauthProviders(): OAuthProvider[] {
  if (authMode() !== "supabase") return [];
  return (process.env.AIVA_SUPABASE_OAUTH_PROVIDERS ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter((p): p is OAuthProvider => p === "google" || p === "azure");
}
