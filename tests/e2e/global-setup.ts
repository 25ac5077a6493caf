import { type GoogleEmulator, startGoogleEmulator } from "../helpers/google-emulator";
import { E2E_GOOGLE } from "./google-e2e";

// Runs once before the browser tests: a local Google (the emulator behind its test proxy)
// on a fixed port, which the web server reaches through GOOGLE_API_BASE_URL. If it can't
// start, the Gmail spec skips itself and every other spec runs as before.

export default async function globalSetup(): Promise<() => Promise<void>> {
  let google: GoogleEmulator | undefined;
  try {
    google = await startGoogleEmulator(
      { users: [{ email: E2E_GOOGLE.account, name: E2E_GOOGLE.name }] },
      { port: E2E_GOOGLE.port, redirectUris: [E2E_GOOGLE.redirectUri] },
    );
  } catch (error) {
    console.warn(`[e2e] the Google emulator didn't start on port ${E2E_GOOGLE.port}; the Gmail spec will skip:`, (error as Error).message);
  }
  return async () => {
    await google?.close();
  };
}
