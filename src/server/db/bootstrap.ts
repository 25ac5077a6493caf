import fs from "node:fs";
import path from "node:path";
import type { RawSql } from "./raw";

// Read from the project root: bundlers move this module, not the .sql beside it
// (next.config.ts traces the file into serverless builds).
const bootstrapFile = path.join(process.cwd(), "src/server/db/bootstrap.sql");

/** Supabase already has the roles, `auth` schema and functions bootstrap.sql creates. */
export async function isSupabase(sql: RawSql): Promise<boolean> {
  const rows = await sql.query<{ supabase: boolean }>(
    "select exists (select 1 from pg_roles where rolname = 'supabase_auth_admin') as supabase",
  );
  return rows[0]?.supabase === true;
}

export async function bootstrap(sql: RawSql): Promise<"skipped" | "applied"> {
  if (await isSupabase(sql)) return "skipped";
  const text = fs.readFileSync(bootstrapFile, "utf8");
  await sql.transaction((tx) => tx.exec(text));
  return "applied";
}
