import { expect, test } from "@playwright/test";

test("GET /api/health reports a reachable, fully migrated database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/json");
  const body = (await response.json()) as {
    status: string;
    database: string;
    migrations: { applied: number; total: number };
  };
  expect(body.status).toBe("ok");
  expect(["pglite", "postgres"]).toContain(body.database);
  expect(body.migrations.total).toBeGreaterThan(0);
  expect(body.migrations.applied).toBe(body.migrations.total);
  // The configuration picks Postgres exactly when AIVA_E2E_DATABASE_URL is set.
  expect(body.database).toBe(process.env.AIVA_E2E_DATABASE_URL?.trim() ? "postgres" : "pglite");
});
