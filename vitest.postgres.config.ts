import { defineConfig } from "vitest/config";
import { sharedTestOptions } from "./vitest.config";

// The integration tests against a real Postgres (15+). scripts/test-e2e.sh starts a
// throwaway cluster and sets AIVA_TEST_DATABASE_URL; every test file creates its own
// database in that cluster and drops it afterwards.

const databaseUrl = process.env.AIVA_TEST_DATABASE_URL?.trim();
if (!databaseUrl) {
  throw new Error(
    "vitest.postgres.config.ts needs AIVA_TEST_DATABASE_URL (a superuser connection string to a " +
      "throwaway Postgres cluster). Run `npm run test:e2e`, or start one with " +
      "`bash scripts/pg-server.sh start /tmp/aiva-pg` and export the printed DATABASE_URL as " +
      "AIVA_TEST_DATABASE_URL. For PGlite, run `npm test` instead.",
  );
}

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    ...sharedTestOptions,
    include: ["tests/integration/**/*.test.ts"],
    env: { AIVA_TEST_DATABASE_URL: databaseUrl },
  },
});
