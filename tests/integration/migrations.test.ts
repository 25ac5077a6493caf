import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/server/db/bootstrap";
import { listMigrations, migrate } from "@/server/db/migrate";
import { checkHealth } from "@/server/health/check-health";
import { createTestDatabase } from "../helpers/test-database";

let test: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.cleanup());

describe("migrations", () => {
  it("are all applied, recorded in the Supabase CLI's ledger", async () => {
    const files = listMigrations();
    expect(files.length).toBeGreaterThan(0);
    const rows = await test.database.raw.query<{ version: string }>(
      "select version from supabase_migrations.schema_migrations order by version",
    );
    expect(rows.map((r) => r.version)).toEqual(files.map((f) => f.version));
    expect(test.database.migrations).toEqual({ applied: files.length, total: files.length });
  });

  it("re-running bootstrap and migrate changes nothing", async () => {
    await bootstrap(test.database.raw);
    const result = await migrate(test.database.raw);
    expect(result.applied).toEqual([]);
  });

  it("health reports the database kind and migration count", async () => {
    const health = await checkHealth();
    expect(health).toMatchObject({ status: "ok", database: test.database.kind });
    if (health.status === "ok") expect(health.migrations.applied).toBe(health.migrations.total);
  });
});
