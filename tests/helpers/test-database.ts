import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { type Database, openDatabase, setDatabase } from "@/server/db/client";
import { listMigrations } from "@/server/db/migrate";
import type { RawSql } from "@/server/db/raw";
import { pgErrorCode } from "@/server/db/with-rls";

// A fresh, migrated database per test file.
//
// - AIVA_TEST_DATABASE_URL set (vitest.postgres.config.ts): a new uniquely named database
//   in that cluster, dropped again by cleanup().
// - Otherwise PGlite in memory. Creating and migrating one costs seconds, so a migrated
//   template is built once and every test database is loaded from its dump. Vitest's forks
//   pool runs each test file in its own process, so the dump is also cached on disk (keyed by
//   a hash of bootstrap.sql, the migrations and the PGlite version): only the first file of a
//   run after a schema change pays for the migration.
//   AIVA_TEST_PGLITE_TEMPLATE=off   no template: create + migrate every database (slow)
//   AIVA_TEST_PGLITE_TEMPLATE=memory  template per process only, no disk cache
//   AIVA_TEST_TIMING=1              log how each database was made and how long it took
//
// createTestDatabase() also installs the database as the process-wide one (setDatabase), so
// withUser / withService in product code use it; cleanup() resets that.

export type TestDatabaseTiming = {
  mode: "postgres" | "pglite-template" | "pglite-fresh";
  /** Wall time of createTestDatabase(), template included when it had to be made. */
  ms: number;
  /** PGlite with a template: where the template came from and what getting it cost. */
  template?: { source: "process" | "disk" | "built"; ms: number };
};

export type TestDatabase = {
  database: Database;
  cleanup(): Promise<void>;
  timing: TestDatabaseTiming;
};

export async function createTestDatabase(): Promise<TestDatabase> {
  const started = performance.now();
  const url = process.env.AIVA_TEST_DATABASE_URL?.trim();
  const made = url ? await createPostgresDatabase(url) : await createPgliteDatabase();
  const timing: TestDatabaseTiming = { ...made.timing, ms: Math.round(performance.now() - started) };
  if (process.env.AIVA_TEST_TIMING === "1") {
    const template = timing.template ? ` (template ${timing.template.source}: ${timing.template.ms} ms)` : "";
    console.info(`[test-database] ${timing.mode}: ${timing.ms} ms${template}`);
  }
  setDatabase(made.database);
  installed = made.database;
  let cleaned = false;
  return {
    database: made.database,
    timing,
    async cleanup() {
      if (cleaned) return;
      cleaned = true;
      setDatabase(null);
      if (installed === made.database) installed = null;
      await made.cleanup();
    },
  };
}

/** The database the last createTestDatabase() installed (runAs / asUser / asAnon use it). */
let installed: Database | null = null;

type Made = { database: Database; cleanup(): Promise<void>; timing: Omit<TestDatabaseTiming, "ms"> };

// ---------------------------------------------------------------------------------------
// Postgres: one database per test file in the cluster AIVA_TEST_DATABASE_URL points at.

/** Roles are cluster-wide: bootstrap.sql's `create role` must not race between test files. */
const CLUSTER_BOOTSTRAP_LOCK = 727_100_099;

async function createPostgresDatabase(adminUrl: string): Promise<Made> {
  const name = `aiva_t_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const dropIt = async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
  };
  let database: Database;
  try {
    await admin.unsafe(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    await admin`select pg_advisory_lock(${CLUSTER_BOOTSTRAP_LOCK})`;
    try {
      database = await openDatabase({ databaseUrl: url.toString(), purpose: "test" });
    } finally {
      await admin`select pg_advisory_unlock(${CLUSTER_BOOTSTRAP_LOCK})`;
    }
  } catch (error) {
    await dropIt().catch(() => {});
    await admin.end({ timeout: 5 }).catch(() => {});
    throw error;
  }
  return {
    database,
    timing: { mode: "postgres" },
    async cleanup() {
      try {
        await database.close();
        await dropIt();
      } finally {
        await admin.end({ timeout: 5 });
      }
    },
  };
}

// ---------------------------------------------------------------------------------------
// PGlite: load each database from the dump of a migrated template.

type Template = { dump: Blob; source: "disk" | "built"; ms: number };
let templatePromise: Promise<Template> | undefined;

async function createPgliteDatabase(): Promise<Made> {
  const mode = process.env.AIVA_TEST_PGLITE_TEMPLATE?.trim().toLowerCase();
  if (mode === "off") {
    const database = await openDatabase({ dataDir: "memory://", purpose: "test" });
    return { database, cleanup: () => database.close(), timing: { mode: "pglite-fresh" } };
  }

  const firstInProcess = !templatePromise;
  const templateStarted = performance.now();
  templatePromise ??= loadOrBuildTemplate(mode !== "memory").catch((error: unknown) => {
    templatePromise = undefined;
    throw error;
  });
  const template = await templatePromise;
  const templateInfo = firstInProcess
    ? { source: template.source, ms: Math.round(performance.now() - templateStarted) }
    : { source: "process" as const, ms: 0 };

  let database = await openDatabase({
    dataDir: "memory://",
    purpose: "test",
    loadDataDir: template.dump,
    migrate: false,
  });
  if (database.migrations.applied !== database.migrations.total) {
    // A template older than the migrations (should not happen: the cache key covers them).
    await database.close();
    database = await openDatabase({ dataDir: "memory://", purpose: "test", loadDataDir: template.dump });
  }
  const opened = database;
  return { database: opened, cleanup: () => opened.close(), timing: { mode: "pglite-template", template: templateInfo } };
}

async function loadOrBuildTemplate(useDisk: boolean): Promise<Template> {
  const started = performance.now();
  const file = useDisk ? templateCacheFile() : undefined;
  if (file && fs.existsSync(file)) {
    try {
      return { dump: new Blob([fs.readFileSync(file)]), source: "disk", ms: Math.round(performance.now() - started) };
    } catch {
      // Unreadable (e.g. removed meanwhile): build it.
    }
  }
  const database = await openDatabase({ dataDir: "memory://", purpose: "test template" });
  try {
    if (!database.pglite) throw new Error("openDatabase returned no PGlite instance for a memory:// database");
    const dump = await database.pglite.dumpDataDir("none");
    if (file) saveTemplate(file, new Uint8Array(await dump.arrayBuffer()));
    return { dump, source: "built", ms: Math.round(performance.now() - started) };
  } finally {
    await database.close();
  }
}

function templateCacheFile(): string | undefined {
  try {
    const root = process.cwd();
    const hash = createHash("sha256");
    hash.update("aiva-pglite-template-v1\0");
    const pglitePackage = path.join(root, "node_modules", "@electric-sql", "pglite", "package.json");
    hash.update(fs.existsSync(pglitePackage) ? fs.readFileSync(pglitePackage) : "unknown-pglite");
    hash.update(fs.readFileSync(path.join(root, "src", "server", "db", "bootstrap.sql")));
    for (const migration of listMigrations()) {
      hash.update(`\0${path.basename(migration.file)}\0`);
      hash.update(fs.readFileSync(migration.file));
    }
    const dir = path.join(root, "node_modules", ".cache", "aiva-test");
    return path.join(dir, `pglite-template-${hash.digest("hex").slice(0, 24)}.tar`);
  } catch {
    return undefined;
  }
}

function saveTemplate(file: string, bytes: Uint8Array): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Old templates (other schema versions) are useless: keep the folder small.
    for (const entry of fs.readdirSync(path.dirname(file))) {
      if (entry.startsWith("pglite-template-") && entry !== path.basename(file)) {
        fs.rmSync(path.join(path.dirname(file), entry), { force: true });
      }
    }
    // Write then rename, so a concurrent reader never sees half a file.
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    fs.writeFileSync(temporary, bytes);
    fs.renameSync(temporary, file);
  } catch {
    // The cache is an optimization only.
  }
}

// ---------------------------------------------------------------------------------------
// Users

export type TestUser = { id: string; email: string; personalWorkspaceId: string };

/**
 * Signs a user up the way both auth paths do: a row in auth.users (as the superuser
 * connection); the database trigger creates the profile and the personal workspace.
 */
export async function createUser(database: Database, email: string, name?: string): Promise<TestUser> {
  const [user] = await database.raw.query<{ id: string }>(
    "insert into auth.users (email, raw_user_meta_data) values ($1, $2::jsonb) returning id::text as id",
    [email, JSON.stringify(name ? { name } : {})],
  );
  if (!user) throw new Error(`createUser(${email}): no row returned`);
  const [profile] = await database.raw.query<{ ws: string | null }>(
    "select last_workspace_id::text as ws from public.profiles where id = $1",
    [user.id],
  );
  if (!profile?.ws) throw new Error(`createUser(${email}): the signup trigger made no personal workspace`);
  return { id: user.id, email, personalWorkspaceId: profile.ws };
}

// ---------------------------------------------------------------------------------------
// Raw statements as a given caller, the way with-rls.ts sets up a request.

/** A statement's rows, or the error it threw (with its SQLSTATE). */
export type SqlOutcome<T> =
  | { rows: T[]; error: null; code: null }
  | { rows: null; error: Error; code: string | null };

/** Several statements' result, or the error one of them threw. */
export type WorkOutcome<T> =
  | { value: T; error: null; code: null }
  | { value: null; error: Error; code: string | null };

export type Caller = { role: "authenticated"; userId: string } | { role: "anon" };

export type RunOptions = {
  /** Roll the transaction back after the work (the result is still returned). */
  rollback?: boolean;
  /** Defaults to the database installed by createTestDatabase(). */
  database?: Database;
};

class RollbackSignal<T> extends Error {
  constructor(readonly value: T) {
    super("rollback");
  }
}

/**
 * Runs `work` in one transaction as `caller`: `set_config('role', …, true)` and
 * `set_config('request.jwt.claims', …, true)` first, exactly as withUser does. Never throws
 * for a database error: returns it.
 */
export async function runAs<T>(caller: Caller, work: (tx: RawSql) => Promise<T>, options: RunOptions = {}): Promise<WorkOutcome<T>> {
  const database = options.database ?? installed;
  if (!database) throw new Error("runAs/asUser/asAnon: call createTestDatabase() first or pass options.database");
  const claims =
    caller.role === "authenticated" ? { sub: caller.userId, role: "authenticated" } : { role: "anon" };
  try {
    const value = await database.raw.transaction(async (tx) => {
      await tx.query("select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)", [
        caller.role,
        JSON.stringify(claims),
      ]);
      const result = await work(tx);
      if (options.rollback) throw new RollbackSignal(result);
      return result;
    });
    return { value, error: null, code: null };
  } catch (error) {
    if (error instanceof RollbackSignal) return { value: error.value as T, error: null, code: null };
    const asError = error instanceof Error ? error : new Error(String(error));
    return { value: null, error: asError, code: pgErrorCode(error) ?? null };
  }
}

/** One statement as a signed-in user (role `authenticated`, claims `{ sub: userId }`). */
export async function asUser<T extends Record<string, unknown> = Record<string, unknown>>(
  userId: string,
  sqlText: string,
  params: unknown[] = [],
  options: RunOptions = {},
): Promise<SqlOutcome<T>> {
  const outcome = await runAs({ role: "authenticated", userId }, (tx) => tx.query<T>(sqlText, params), options);
  return outcome.error ? { rows: null, error: outcome.error, code: outcome.code } : { rows: outcome.value, error: null, code: null };
}

/** One statement as an anonymous visitor (role `anon`). */
export async function asAnon<T extends Record<string, unknown> = Record<string, unknown>>(
  sqlText: string,
  params: unknown[] = [],
  options: RunOptions = {},
): Promise<SqlOutcome<T>> {
  const outcome = await runAs({ role: "anon" }, (tx) => tx.query<T>(sqlText, params), options);
  return outcome.error ? { rows: null, error: outcome.error, code: outcome.code } : { rows: outcome.value, error: null, code: null };
}

/** Rows of a Drizzle `tx.execute(...)` result, whichever driver produced it. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  const rows = (result as { rows?: unknown } | null)?.rows;
  if (Array.isArray(rows)) return rows as T[];
  throw new Error("rowsOf: not a query result");
}
