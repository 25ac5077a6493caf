import type { SupabaseClientOptions } from "@supabase/supabase-js";

type RealtimeOptions = NonNullable<SupabaseClientOptions<"public">["realtime"]>;

/**
 * supabase-js builds a Realtime client inside every createClient() and throws on the spot
 * when the runtime has no global WebSocket (Node.js 20). Aiva's server-side clients only
 * use Auth, so they get a transport that would refuse to connect instead of a crash.
 */
class NoServerRealtime {
  constructor() {
    throw new Error("Aiva's server-side Supabase clients do not use Realtime");
  }
}

export const serverRealtimeOptions: RealtimeOptions = {
  transport: NoServerRealtime as unknown as RealtimeOptions["transport"],
};
