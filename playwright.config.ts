import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { E2E_GOOGLE } from "./tests/e2e/google-e2e";

// Browser tests against a production build (`node scripts/start.mjs`) on port 3210.
// Database: the Postgres database in AIVA_E2E_DATABASE_URL (scripts/test-e2e.sh creates a
// fresh one), otherwise embedded PGlite in a fresh temporary folder, deleted afterwards.
// Uses the system Chromium; Playwright's own browsers are never downloaded.

const PORT = 3210;
const BASE_URL = `http://127.0.0.1:${PORT}`;
const databaseUrl = process.env.AIVA_E2E_DATABASE_URL?.trim() || undefined;

// Playwright loads this file in the runner and again in each worker process; workers
// inherit the runner's environment, so the temporary folder and key are made only once.
const encryptionKey = (process.env.AIVA_E2E_RUN_KEY ||= crypto.randomBytes(32).toString("base64"));
if (!databaseUrl && !process.env.AIVA_E2E_RUN_DATA_DIR) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aiva-e2e-data-"));
  process.env.AIVA_E2E_RUN_DATA_DIR = dir;
  // The runner stops the web server before it exits.
  process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
}

const databaseEnv: Record<string, string> = databaseUrl
  ? { DATABASE_URL: databaseUrl }
  : // An empty DATABASE_URL means "not set": never reuse a database from the caller's shell.
    { DATABASE_URL: "", AIVA_DATA_DIR: process.env.AIVA_E2E_RUN_DATA_DIR ?? "" };

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  workers: 1,
  retries: 0,
  timeout: 60_000,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  reporter: "list",
  // A local Google for the Gmail connect journey (tests/e2e/global-setup.ts).
  globalSetup: "./tests/e2e/global-setup.ts",
  use: {
    baseURL: BASE_URL,
    screenshot: "only-on-failure",
    trace: "off",
    launchOptions: {
      executablePath: process.env.AIVA_CHROMIUM_PATH || "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: "node scripts/start.mjs",
    url: `${BASE_URL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      ...databaseEnv,
      PORT: String(PORT),
      HOST: "127.0.0.1",
      TOKEN_ENCRYPTION_KEY: encryptionKey,
      AIVA_ALLOW_SIGNUP: "true",
      AIVA_AUTO_MIGRATE: "true",
      // Local accounts, whatever the caller's shell says about Supabase.
      NEXT_PUBLIC_SUPABASE_URL: "",
      NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: "",
      NEXT_PUBLIC_SUPABASE_ANON_KEY: "",
      // The local AI engine: no key, no network.
      OPENAI_API_KEY: "",
      // Google is the emulator global-setup starts; never the real one.
      GOOGLE_CLIENT_ID: E2E_GOOGLE.clientId,
      GOOGLE_CLIENT_SECRET: E2E_GOOGLE.clientSecret,
      GOOGLE_API_BASE_URL: E2E_GOOGLE.url,
    },
  },
});
