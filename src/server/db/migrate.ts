import fs from "node:fs";
import path from "node:path";
import type { RawSql } from "./raw";

// Migrations are the SQL files in supabase/migrations, applied in name order, each in its
// own transaction. The ledger is the one the Supabase CLI keeps, so `supabase db push`
// and Aiva agree on what has been applied.

export const migrationsDir = () => path.join(process.cwd(), "supabase", "migrations");

export type MigrationFile = { version: string; name: string; file: string };

export function listMigrations(dir = migrationsDir()): MigrationFile[] {
  return fs
    .readdirSync(/*turbopackIgnore: true*/ dir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort()
    .map((f) => {
      const [version, ...rest] = f.replace(/\.sql$/, "").split("_");
      return { version: version!, name: rest.join("_"), file: path.join(/*turbopackIgnore: true*/ dir, f) };
    });
}

const ledgerSql = `
  create schema if not exists supabase_migrations;
  create table if not exists supabase_migrations.schema_migrations (
    version text not null primary key,
    statements text[],
    name text
  );
`;

export async function appliedVersions(sql: RawSql): Promise<Set<string>> {
  const rows = await sql.query<{ exists: boolean }>(
    "select to_regclass('supabase_migrations.schema_migrations') is not null as exists",
  );
  if (!rows[0]?.exists) return new Set();
  const versions = await sql.query<{ version: string }>("select version from supabase_migrations.schema_migrations");
  return new Set(versions.map((r) => r.version));
}

export type MigrationResult = { applied: string[]; total: number };

/** Applies what is missing. Callers serialize concurrent runs (see client.ts). */
export async function migrate(sql: RawSql, dir = migrationsDir()): Promise<MigrationResult> {
  await sql.exec(ledgerSql);
  const done = await appliedVersions(sql);
  const files = listMigrations(dir);
  const applied: string[] = [];
  for (const migration of files) {
    if (done.has(migration.version)) continue;
    const text = fs.readFileSync(migration.file, "utf8");
    await sql.transaction(async (tx) => {
      await tx.exec(text);
      await tx.query("insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)", [
        migration.version,
        migration.name,
        [text],
      ]);
    });
    applied.push(`${migration.version}_${migration.name}`);
  }
  return { applied, total: files.length };
}
