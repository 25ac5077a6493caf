import { TEST_CLIENT } from "../helpers/google-emulator";

// The local Google the browser tests use: global-setup.ts starts it, playwright.config.ts
// points the web server at it, gmail-connect.spec.ts signs in on its consent screen.

const port = Number(process.env.AIVA_E2E_GOOGLE_PORT) || 3211;

export const E2E_GOOGLE = {
  port,
  url: `http://127.0.0.1:${port}`,
  clientId: TEST_CLIENT.clientId,
  clientSecret: TEST_CLIENT.clientSecret,
  /** Must match the web server's origin (BASE_URL in playwright.config.ts). */
  redirectUri: "http://127.0.0.1:3210/api/connect/google/callback",
  account: "maya.lopez@gmail.test",
  name: "Maya Lopez",
};
