import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RawSql } from "@/server/db/raw";
import { asUser, createTestDatabase, createUser, type TestDatabase } from "../helpers/test-database";

// Structural guarantees of the migrated database, checked from the catalogs, so that a new
// table, grant or function cannot silently weaken them.

let test: TestDatabase;
let su: RawSql;

beforeAll(async () => {
  test = await createTestDatabase();
  su = test.database.raw;
});
afterAll(() => test?.cleanup());

describe("row-level security coverage", () => {
  it("every table in public has RLS enabled and at least one policy", async () => {
    const rows = await su.query<{ name: string; rls: boolean; policies: number }>(`
      select c.relname as name, c.relrowsecurity as rls,
             (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
      order by 1`);
    expect(rows.length).toBeGreaterThanOrEqual(11);
    expect(rows.filter((r) => !r.rls).map((r) => r.name), "tables without RLS").toEqual([]);
    expect(rows.filter((r) => r.policies < 1).map((r) => r.name), "tables without a policy").toEqual([]);
  });

  it("every table in private has RLS enabled too (no policy: nothing is exposed by a mistaken grant)", async () => {
    const rows = await su.query<{ name: string }>(`
      select c.relname as name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'private' and c.relkind in ('r', 'p') and not c.relrowsecurity`);
    expect(rows.map((r) => r.name)).toEqual([]);
  });

  it("public has no views or materialized views that would bypass RLS", async () => {
    const rows = await su.query<{ name: string }>(`
      select c.relname as name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('v', 'm')`);
    expect(rows.map((r) => r.name)).toEqual([]);
  });
});

describe("grants", () => {
  it("anon has no privilege on any table, view or sequence in public (directly, through PUBLIC or a role)", async () => {
    const rows = await su.query<{ name: string; kind: string }>(`
      select c.relname as name, c.relkind::text as kind
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public'
        and (
          (c.relkind in ('r', 'p', 'v', 'm', 'f')
            and (has_table_privilege('anon', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
                 or has_any_column_privilege('anon', c.oid, 'SELECT, INSERT, UPDATE, REFERENCES')))
          or (c.relkind = 'S' and has_sequence_privilege('anon', c.oid, 'USAGE, SELECT, UPDATE'))
        )
      order by 1`);
    expect(rows).toEqual([]);
  });

  it("the catalog lists no grant to anon in public", async () => {
    const rows = await su.query<{ name: string; privilege: string }>(`
      select c.relname as name, a.privilege_type as privilege
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      cross join lateral aclexplode(c.relacl) a
      where n.nspname = 'public' and a.grantee in ('anon'::regrole::oid, 0)`);
    expect(rows).toEqual([]);
  });

  it("authenticated has no USAGE on schema private", async () => {
    const [row] = await su.query<{ usage: boolean; anon: boolean }>(
      "select has_schema_privilege('authenticated', 'private', 'USAGE') as usage, has_schema_privilege('anon', 'private', 'USAGE') as anon",
    );
    expect(row).toEqual({ usage: false, anon: false });
  });

  it("selecting private.secrets as a signed-in user fails with 42501", async () => {
    const user = await createUser(test.database, "curious@example.com");
    const outcome = await asUser(user.id, "select * from private.secrets");
    expect(outcome.rows).toBeNull();
    expect(outcome.code).toBe("42501");
  });
});

describe("functions", () => {
  const secdefQuery = `
    select p.oid::regprocedure::text as name, n.nspname as schema, p.proconfig as config
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where p.prosecdef and n.nspname in ('app', 'private', 'public')
    order by 1`;

  it("every security definer function in app, private and public pins search_path", async () => {
    const rows = await su.query<{ name: string; config: string[] | null }>(secdefQuery);
    expect(rows.length).toBeGreaterThanOrEqual(5);
    const unpinned = rows.filter((r) => !(r.config ?? []).some((c) => c.startsWith("search_path="))).map((r) => r.name);
    expect(unpinned).toEqual([]);
  });

  it("anon cannot execute any security definer function; authenticated none in private", async () => {
    const rows = await su.query<{ name: string; anon: boolean; authenticated: boolean; schema: string }>(`
      select p.oid::regprocedure::text as name, n.nspname as schema,
             has_function_privilege('anon', p.oid, 'EXECUTE') as anon,
             has_function_privilege('authenticated', p.oid, 'EXECUTE') as authenticated
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where p.prosecdef and n.nspname in ('app', 'private', 'public')`);
    expect(rows.filter((r) => r.anon).map((r) => r.name), "executable by anon").toEqual([]);
    expect(
      rows.filter((r) => r.schema === "private" && r.authenticated).map((r) => r.name),
      "private functions executable by authenticated",
    ).toEqual([]);
  });
});
