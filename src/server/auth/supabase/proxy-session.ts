import { createServerClient } from "@supabase/ssr";
import { type NextRequest, NextResponse } from "next/server";
import { supabaseAuthConfig } from "../config";
import { serverRealtimeOptions } from "./server-realtime";

/**
 * Refreshes the Supabase session on every request and reports whether the claims verify.
 * getClaims() validates the JWT (signature via the project's keys), unlike getSession().
 */
export async function refreshSupabaseSession(request: NextRequest): Promise<{ response: NextResponse; signedIn: boolean }> {
  const config = supabaseAuthConfig();
  if (!config) throw new Error("Supabase Auth is not configured");
  let response = NextResponse.next({ request });
  const supabase = createServerClient(config.url, config.publicKey, {
    realtime: serverRealtimeOptions,
    cookies: {
      getAll: () => request.cookies.getAll(),
      setAll(cookiesToSet, headers) {
        for (const { name, value } of cookiesToSet) request.cookies.set(name, value);
        response = NextResponse.next({ request });
        for (const { name, value, options } of cookiesToSet) response.cookies.set(name, value, options);
        // Cache-Control: private, no-store (and friends): a CDN must never cache a response
        // that carries someone's refreshed session cookies.
        for (const [key, value] of Object.entries(headers ?? {})) response.headers.set(key, value);
      },
    },
  });
  const { data } = await supabase.auth.getClaims();
  return { response, signedIn: Boolean(data?.claims?.sub) };
}
