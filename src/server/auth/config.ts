// Which sign-in Aiva uses. Supabase Auth when its project URL and public key are set;
// local accounts (argon2id passwords, database sessions) otherwise.

export type AuthMode = "local" | "supabase";

export function supabaseAuthConfig(): { url: string; publicKey: string } | null {
  const url = process.env.NEXT_PUBLIC_SUPABASE_URL?.trim();
  const publicKey =
    process.env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY?.trim() || process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY?.trim();
  return url && publicKey ? { url, publicKey } : null;
}

export function authMode(): AuthMode {
  return supabaseAuthConfig() ? "supabase" : "local";
}

export function signupAllowed(): boolean {
  return process.env.AIVA_ALLOW_SIGNUP !== "false";
}
