import { createServerClient } from "@supabase/ssr";
import { cookies } from "next/headers";
import { supabaseAuthConfig } from "../config";
import { serverRealtimeOptions } from "./server-realtime";

/** A Supabase client for this request (never shared between requests). */
export async function createSupabaseServerClient() {
  const config = supabaseAuthConfig();
  if (!config) throw new Error("Supabase Auth is not configured");
  const cookieStore = await cookies();
  return createServerClient(config.url, config.publicKey, {
    realtime: serverRealtimeOptions,
    cookies: {
      getAll: () => cookieStore.getAll(),
      setAll(cookiesToSet) {
        try {
          for (const { name, value, options } of cookiesToSet) cookieStore.set(name, value, options);
        } catch {
          // Server Components cannot set cookies; proxy.ts refreshes the session instead.
        }
      },
    },
  });
}
