import { defineConfig } from "drizzle-kit";

// `npm run db:generate` writes Supabase-CLI-style files into supabase/migrations.
// Policies, grants and functions are hand-written migrations (drizzle-kit emits no GRANTs).
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/server/db/schema/index.ts",
  out: "./supabase/migrations",
  migrations: { prefix: "supabase" },
  schemaFilter: ["public", "private"],
  entities: { roles: { provider: "supabase" } },
});
