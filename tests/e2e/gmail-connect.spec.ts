import { expect, test } from "@playwright/test";
import { E2E_GOOGLE } from "./google-e2e";
import { screenshot, signUp } from "./support";

// Maya connects her Gmail: Settings → Connect Gmail → Google's consent screen (the local
// emulator global-setup starts) → back in Settings with the account listed and syncing.
// Then a forged callback, which lands on a plain explanation instead of connecting anything.
test.describe.configure({ mode: "serial" });

const run = `${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
const maya = { name: "Maya Lopez", email: `maya-${run}@example.com`, password: "gmail-connect-2026" };

test.beforeAll(async () => {
  const up = await fetch(`${E2E_GOOGLE.url}/.well-known/openid-configuration`).then((r) => r.ok, () => false);
  test.skip(!up, `the Google emulator isn't running on ${E2E_GOOGLE.url} (see tests/e2e/global-setup.ts)`);
});

test("Maya connects Gmail through Google's consent screen", async ({ page }) => {
  const workspaceId = await signUp(page, maya);
  await page.getByRole("link", { name: "Settings" }).first().click();
  await expect(page.getByText("Connected accounts")).toBeVisible();
  const connect = page.getByRole("link", { name: "Connect Gmail" });
  await expect(connect).toBeVisible();
  await screenshot(page, "gmail-01-settings");

  await connect.click();
  await expect(page).toHaveURL(new RegExp(`^${E2E_GOOGLE.url}/o/oauth2/v2/auth\\?`));
  const consent = new URL(page.url()).searchParams;
  expect(consent.get("redirect_uri")).toBe(E2E_GOOGLE.redirectUri);
  expect(consent.get("code_challenge_method")).toBe("S256");
  expect(consent.get("access_type")).toBe("offline");
  await expect(page.getByText(E2E_GOOGLE.account).first()).toBeVisible();
  await screenshot(page, "gmail-02-google-consent");

  await page.getByRole("button", { name: new RegExp(E2E_GOOGLE.account.replace(/\./g, "\\.")) }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${workspaceId}/settings`));
  await expect(page.getByText("Gmail is connected. The first sync has started.")).toBeVisible();
  // The success flag is dropped from the address, so a reload doesn't repeat the toast.
  await expect(page).not.toHaveURL(/connected=gmail/);
  const list = page.getByRole("list", { name: "Connected mailboxes" });
  await expect(list).toContainText(E2E_GOOGLE.name);
  await expect(list).toContainText(`Gmail · ${E2E_GOOGLE.account}`);
  await expect(list).toContainText(/Synced just now|Synced \d+ min ago/, { timeout: 30_000 });
  await expect(list).toContainText("Connected");
  await screenshot(page, "gmail-03-connected");
});

test("a forged callback is explained, and nothing is connected", async ({ page, context }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(maya.email);
  await page.getByLabel("Password").fill(maya.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/w\/[0-9a-f-]{36}\//);
  const workspaceId = /\/w\/([0-9a-f-]{36})\//.exec(page.url())![1]!;

  // A link someone else made: a valid-looking state, but no flow started in this browser.
  await page.goto(`/api/connect/google/callback?code=stolen-code&state=${"x".repeat(40)}.${"y".repeat(43)}`);
  await expect(page).toHaveURL(/\/connect\/error\?reason=invalid_state/);
  await expect(page.getByRole("heading", { name: "Gmail wasn't connected" })).toBeVisible();
  await expect(page.getByText("couldn't be verified", { exact: false })).toBeVisible();
  await screenshot(page, "gmail-04-forged-callback");

  // Starting a real flow and coming back without finishing it at Google is refused too:
  // Google's answer for someone else's flow can't be used with this browser's cookie.
  await page.goto(`/w/${workspaceId}/settings`);
  await page.getByRole("link", { name: "Connect Gmail" }).click();
  await expect(page).toHaveURL(new RegExp(`^${E2E_GOOGLE.url}/o/oauth2/v2/auth\\?`));
  const state = new URL(page.url()).searchParams.get("state")!;
  await context.clearCookies({ name: "aiva_google_connect" });
  await page.goto(`/api/connect/google/callback?code=any&state=${encodeURIComponent(state)}`);
  await expect(page).toHaveURL(/\/connect\/error\?reason=browser_mismatch/);
  await expect(page.getByText("another browser or tab", { exact: false })).toBeVisible();
  await page.getByRole("link", { name: "Back to Connected accounts" }).click();
  await expect(page.getByRole("list", { name: "Connected mailboxes" }).getByRole("listitem")).toHaveCount(1);
});
