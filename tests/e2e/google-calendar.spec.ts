import AxeBuilder from "@axe-core/playwright";
import { type Page, expect, test } from "@playwright/test";
import { E2E_GOOGLE } from "./google-e2e";
import { hoursAgo, postmarkDate, screenshot, signUp } from "./support";

// Noor connects her Google account: Settings lists its calendar under the account, and a
// meeting request from her mail goes into that Google calendar from the reader's dialog.
// Google here is the local emulator global-setup starts (its Calendar: one primary
// calendar per account).
test.describe.configure({ mode: "serial" });

const run = `${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
const noor = { name: "Noor Haddad", email: `noor-${run}@example.com`, password: "calendar-e2e-2026" };
let page: Page;
let workspaceId = "";

test.beforeAll(async ({ browser }) => {
  const up = await fetch(`${E2E_GOOGLE.url}/.well-known/openid-configuration`).then((r) => r.ok, () => false);
  test.skip(!up, `the Google emulator isn't running on ${E2E_GOOGLE.url} (see tests/e2e/global-setup.ts)`);
  page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
});

test.afterAll(async () => {
  await page?.context().close();
});

const axe = async () => {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
};

test("connecting Google lists the account's calendars under it in Settings", async () => {
  workspaceId = await signUp(page, noor);
  await page.goto(`/w/${workspaceId}/settings`);
  await page.getByRole("link", { name: "Connect Gmail" }).click();
  await expect(page).toHaveURL(new RegExp(`^${E2E_GOOGLE.url}/o/oauth2/v2/auth\\?`));
  expect(new URL(page.url()).searchParams.get("scope")).toContain("https://www.googleapis.com/auth/calendar.events");
  await page.getByRole("button", { name: new RegExp(E2E_GOOGLE.account.replace(/\./g, "\\.")) }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${workspaceId}/settings`));

  const list = page.getByRole("list", { name: "Connected mailboxes" });
  const calendars = list.getByRole("group", { name: "Calendars" });
  await expect(calendars).toContainText(E2E_GOOGLE.account);
  await expect(calendars).toContainText("Primary");
  await expect(calendars).toContainText(/Synced just now|Synced \d+ min ago/, { timeout: 30_000 });
  // Still one item per account: the calendars belong to it.
  await expect(list.getByRole("listitem")).toHaveCount(1);
  await screenshot(page, "gcal-01-settings-calendars");
  await axe();
});

test("a meeting from the mail goes into the Google calendar chosen in the dialog", async () => {
  test.setTimeout(90_000);
  const at = hoursAgo(1);
  const mbox = [
    `From omar@orchard.test ${postmarkDate(at)}`,
    "X-Gmail-Labels: Inbox,Unread",
    "From: Omar Haddad <omar@orchard.test>",
    `To: ${noor.name} <${noor.email}>`,
    "Subject: Roadmap sync",
    `Message-ID: <roadmap-${run}@orchard.test>`,
    `Date: ${at.toUTCString().replace("GMT", "+0000")}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Hi Noor,",
    "",
    "Can we meet tomorrow at 3pm in Room 4 to go over the roadmap? It should take about an hour.",
    "",
    "Omar",
    "",
  ].join("\n");
  const response = await page.request.post(`/api/import?workspaceId=${workspaceId}&name=roadmap.mbox`, {
    data: mbox,
    headers: { "Content-Type": "application/octet-stream" },
  });
  expect(response.ok()).toBe(true);

  const row = page.getByRole("list", { name: "Messages" }).getByRole("listitem").filter({ hasText: "Roadmap sync" });
  // The import and the local AI run in the background: wait until the meeting is suggested.
  await expect(async () => {
    await page.goto(`/w/${workspaceId}/inbox`);
    await row.getByRole("link").click({ timeout: 2_000 });
    await expect(page.getByRole("region", { name: "AI summary" }).getByRole("button", { name: "Add to calendar" })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });

  const panel = page.getByRole("region", { name: "AI summary" });
  await panel.getByRole("button", { name: "Add to calendar" }).click();
  const dialog = page.getByRole("dialog", { name: "Add the meeting to your calendar" });
  const select = dialog.getByRole("combobox", { name: "Calendar" });
  // Her primary Google calendar is preselected; Aiva's own calendar is the other choice.
  await expect(select).toContainText(E2E_GOOGLE.account);
  await expect(dialog.getByText("Google Calendar emails an invitation to the attendees.")).toBeVisible();
  await screenshot(page, "gcal-02-dialog");
  await axe();
  await select.click();
  await expect(page.getByRole("option", { name: "Aiva calendar" })).toBeVisible();
  await page.getByRole("option", { name: new RegExp(E2E_GOOGLE.account.replace(/\./g, "\\.")) }).click();

  await dialog.getByRole("button", { name: "Add to calendar" }).click();
  await expect(page.getByText(`Added to “${E2E_GOOGLE.account}”.`)).toBeVisible();
  await expect(panel.getByRole("link", { name: /In calendar/ })).toBeVisible();
  await screenshot(page, "gcal-03-added");
});
