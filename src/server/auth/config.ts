// Which sign-in Aiva uses. Supabase Auth when its project URL and public key are set;
// local accounts (argon2id passwords, database sessions) otherwise.

export type AuthMode = "local" | "supabase";

// Read by computed key: Next.js inlines `process.env.NEXT_PUBLIC_*` at build time, and the
// same build must serve either mode depending on the environment it starts in.
function runtimeEnv(name: string): string | undefined {
  return process.env[name]?.trim() || undefined;
}

export function supabaseAuthConfig(): { url: string; publicKey: string } | null {
  const url = runtimeEnv("NEXT_PUBLIC_SUPABASE_URL");
  const publicKey = runtimeEnv("NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY") ?? runtimeEnv("NEXT_PUBLIC_SUPABASE_ANON_KEY");
  return url && publicKey ? { url, publicKey } : null;
}

export function authMode(): AuthMode {
  return supabaseAuthConfig() ? "supabase" : "local";
}

export function signupAllowed(): boolean {
  return process.env.AIVA_ALLOW_SIGNUP !== "false";
}
