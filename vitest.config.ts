import { defineConfig } from "vitest/config";

// `npm test`: unit tests and database integration tests, all on embedded PGlite (each test
// file gets its own in-memory database, see tests/helpers/test-database.ts). The same
// integration tests run against a real Postgres with vitest.postgres.config.ts
// (`npm run test:e2e`).

/** Options both configs share. */
export const sharedTestOptions = {
  environment: "node",
  // Child processes, not threads: PGlite's WASM heap is large and is freed with the process.
  pool: "forks",
  testTimeout: 30_000,
  hookTimeout: 60_000,
} as const;

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    ...sharedTestOptions,
    include: ["src/**/*.test.ts", "tests/integration/**/*.test.ts"],
    // PGlite only, even when the shell exports a Postgres URL for the other config.
    env: { AIVA_TEST_DATABASE_URL: "" },
  },
});
