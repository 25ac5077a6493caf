import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { bootstrap } from "./bootstrap";
import { acquireDataDirLock } from "./data-dir-lock";
import { dataDir } from "./data-dir";
import { appliedVersions, listMigrations, migrate } from "./migrate";
import { type RawSql, rawFromPglite, rawFromPostgres } from "./raw";
import * as schema from "./schema";

// One database per process: embedded PGlite in a data folder by default, or any Postgres
// (Supabase included) when DATABASE_URL is set. Only db/ and the service path import this
// module; product code goes through with-rls.ts (a test over the tree checks it).

export type AppDatabase = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DatabaseKind = "pglite" | "postgres";

export interface Database {
  kind: DatabaseKind;
  /** The connection string (Postgres only), for pg-boss's own pool. */
  url?: string;
  db: AppDatabase;
  raw: RawSql;
  migrations: { applied: number; total: number };
  /** PGlite only: the embedded instance (tests dump a migrated template with `dumpDataDir`). */
  pglite?: PGlite;
  close(): Promise<void>;
}

export type OpenOptions = {
  /** Postgres connection string; when absent, PGlite is used. */
  databaseUrl?: string;
  /** PGlite data folder, or "memory://" for a throwaway database. */
  dataDir?: string;
  /** Who holds the data folder, shown to a second process that is refused. */
  purpose: string;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /** PGlite only: start from a dump made by PGlite's dumpDataDir (tests use it for speed). */
  loadDataDir?: Blob | File;
};

const MIGRATION_LOCK_KEY = 727_100_001;

export async function openDatabase(options: OpenOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openPglite(options);
}

async function openPglite(options: OpenOptions): Promise<Database> {
  const folder = options.dataDir ?? dataDir();
  const inMemory = folder.startsWith("memory://");
  const release = inMemory ? () => {} : acquireDataDirLock(folder, options.purpose);
  try {
    const pg = await PGlite.create(inMemory ? folder : path.join(folder, "pgdata"), {
      loadDataDir: options.loadDataDir,
      // Postgres's default 128 MB buffer pool is sized for a server with many clients; one
      // person's mail fits a smaller one, and the operating system caches the data files.
      // Opening the database drops from ~264 MB to ~118 MB.
      startParams: [...PGlite.defaultStartParams, "-c", "shared_buffers=16MB"],
    });
    const raw = rawFromPglite(pg);
    const migrations = await prepare(raw, options);
    return {
      kind: "pglite",
      db: drizzlePglite({ client: pg, schema }) as unknown as AppDatabase,
      raw,
      migrations,
      pglite: pg,
      async close() {
        try {
          await pg.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

async function openPostgres(url: string, options: OpenOptions): Promise<Database> {
  const sql = postgres(url, {
    // Supabase's transaction pooler cannot keep prepared statements.
    prepare: false,
    max: Number(process.env.DATABASE_POOL_SIZE) || 10,
    onnotice: () => {},
  });
  try {
    // Several instances may start at once (serverless): one migrates, the rest wait.
    const session = await sql.reserve();
    let migrations: Database["migrations"];
    try {
      await session`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
      migrations = await prepare(rawFromPostgres(session), options);
    } finally {
      await session`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.catch(() => {});
      session.release();
    }
    return {
      kind: "postgres",
      url,
      db: drizzlePostgres({ client: sql, schema }) as unknown as AppDatabase,
      raw: rawFromPostgres(sql),
      migrations,
      close: () => sql.end({ timeout: 5 }),
    };
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => {});
    throw error;
  }
}

async function prepare(raw: RawSql, options: OpenOptions): Promise<Database["migrations"]> {
  if (options.migrate !== false) {
    await bootstrap(raw);
    await migrate(raw);
  }
  return { applied: (await appliedVersions(raw)).size, total: listMigrations().length };
}

// ---------------------------------------------------------------------------------------
// The process-wide instance, kept on globalThis so bundler module copies and dev reloads
// share one PGlite (two would corrupt the folder).

const GLOBAL_KEY = Symbol.for("aiva.database");
type GlobalHolder = { [GLOBAL_KEY]?: Promise<Database> };

export function databaseOptionsFromEnv(purpose: string): OpenOptions {
  return {
    databaseUrl: process.env.DATABASE_URL?.trim() || undefined,
    purpose,
    migrate: process.env.AIVA_AUTO_MIGRATE !== "false",
  };
}

export function getDatabase(purpose = "web server"): Promise<Database> {
  const holder = globalThis as GlobalHolder;
  if (!holder[GLOBAL_KEY]) {
    holder[GLOBAL_KEY] = openDatabase(databaseOptionsFromEnv(purpose)).catch((error) => {
      delete holder[GLOBAL_KEY];
      throw error;
    });
  }
  return holder[GLOBAL_KEY];
}

/** Installs an already-open database as the process-wide one (tests, the CLI). */
export function setDatabase(database: Database | null): void {
  const holder = globalThis as GlobalHolder;
  if (database) holder[GLOBAL_KEY] = Promise.resolve(database);
  else delete holder[GLOBAL_KEY];
}

export async function closeDatabase(): Promise<void> {
  const holder = globalThis as GlobalHolder;
  const pending = holder[GLOBAL_KEY];
  delete holder[GLOBAL_KEY];
  if (pending) await (await pending).close();
}
