import { type BrowserContext, type Locator, type Page, expect, test } from "@playwright/test";
import { hoursAgo, postmarkDate, signUp } from "./support";

// The command palette, the shortcuts dialog, the compose dialog, the menus and the inbox
// filters keep their code out of the page's first JavaScript and fetch it on first use (or
// when the browser is idle). Here every script fetched after the page has loaded is held
// back for a while, as on a slow connection: the keys and the first clicks must still do
// what they always did, with nothing typed lost or taken as a shortcut, and the buttons
// must not move when the real menus take their place.
test.describe.configure({ mode: "serial" });

const run = `${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
const kim = { name: "Kim Lazy", email: `kim-${run}@example.com`, password: "lantern-meadow-31" };
const HOLD_MS = 1500;

let context: BrowserContext;
let page: Page;
let workspaceId = "";
/** While true, scripts that the page's HTML doesn't name are answered HOLD_MS late. */
let hold = false;
let firstLoad = new Set<string>();
/** Held scripts that have been let through since the inbox was opened. */
let arrived = 0;
/** Counts the inbox openings, so that a script asked for by an earlier page isn't counted. */
let generation = 0;

const rows = () => page.getByRole("list", { name: "Messages" }).getByRole("listitem");

/**
 * Opens the inbox with every script its HTML doesn't name (the lazy parts) held back, and
 * waits until React has hydrated it (dates render only then).
 */
async function openInbox() {
  const html = await (await page.request.get(`/w/${workspaceId}/inbox`)).text();
  firstLoad = new Set(html.match(/\/_next\/static\/chunks\/[\w.-]+\.(?:js|css)/g) ?? []);
  expect(firstLoad.size).toBeGreaterThan(0);
  hold = true;
  generation++;
  arrived = 0;
  await page.goto(`/w/${workspaceId}/inbox`);
  await expect(rows().first().locator("time").first()).toHaveText(/\S/);
}

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  expect(b).toBeTruthy();
  return b!;
}

test.beforeAll(async ({ browser }) => {
  context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  page = await context.newPage();
  // Routing turns the HTTP cache off, so each load fetches (and holds) the lazy parts anew.
  await page.route("**/_next/static/chunks/**", async (route) => {
    if (hold && !firstLoad.has(new URL(route.request().url()).pathname)) {
      const asked = generation;
      await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
      // A page left meanwhile no longer waits for it.
      const ok = await route.continue().then(() => true, () => false);
      if (ok && asked === generation) arrived++;
      return;
    }
    await route.continue().catch(() => {});
  });
  workspaceId = await signUp(page, kim);
  const at = hoursAgo(2);
  const mbox = [
    `From maya@orchard.test ${postmarkDate(at)}`,
    "From: Maya Patel <maya@orchard.test>",
    `To: ${kim.name} <${kim.email}>`,
    "Subject: Lunch on Friday",
    "Message-ID: <lunch-1@orchard.test>",
    `Date: ${at.toUTCString().replace("GMT", "+0000")}`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Shall we have lunch on Friday?",
    "",
  ].join("\n");
  const response = await page.request.post(`/api/import?workspaceId=${workspaceId}&name=lunch.mbox`, {
    data: mbox,
    headers: { "Content-Type": "application/octet-stream" },
  });
  expect(response.ok()).toBe(true);
  await expect(async () => {
    await page.goto(`/w/${workspaceId}/inbox`);
    await expect(rows()).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
});
test.afterAll(() => context.close());

test("Ctrl+K right after the page loads opens the palette, with what was typed meanwhile", async () => {
  await openInbox();
  // By CSS: while the palette is open, the page behind it is hidden from the accessibility tree.
  const star = page.locator('ul[aria-label="Messages"] > li button[aria-pressed]').first();
  await expect(star).toHaveAttribute("aria-pressed", "false");
  expect(arrived, "no lazy code has arrived yet").toBe(0);
  await page.keyboard.press("Control+k");
  // Typed at once: "s" must not star the message, "k" not move, while the palette loads.
  await page.keyboard.type("tasks");
  const palette = page.getByRole("dialog", { name: "Command palette" });
  await expect(palette).toBeVisible();
  const input = palette.getByRole("combobox");
  await expect(input).toHaveValue("tasks");
  await expect(input).toBeFocused();
  await expect(star).toHaveAttribute("aria-pressed", "false");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(`/w/${workspaceId}/tasks`);
  await expect(palette).toBeHidden();
});

test("? right after the page loads shows the keyboard shortcuts", async () => {
  await openInbox();
  const star = page.locator('ul[aria-label="Messages"] > li button[aria-pressed]').first();
  expect(arrived, "no lazy code has arrived yet").toBe(0);
  await page.keyboard.press("?");
  // Pressed while the dialog is on its way: not a star.
  await page.keyboard.press("s");
  const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(dialog).toBeVisible();
  await expect(star).toHaveAttribute("aria-pressed", "false");
  await expect(dialog).toContainText("Command palette");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  // The list's own keys still answer afterwards.
  await page.keyboard.press("s");
  await expect(rows().first().getByRole("button", { name: "Unstar" })).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.press("s");
  await expect(rows().first().getByRole("button", { name: "Star" })).toHaveAttribute("aria-pressed", "false");
});

test("the workspace and account menus open on the first click or key, where their buttons were", async () => {
  await openInbox();
  const switcher = page.getByRole("button", { name: /^Workspace: / });
  const before = await box(switcher);
  await switcher.click();
  const menu = page.getByRole("menu");
  await expect(menu.getByRole("menuitem", { name: "Create workspace" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(switcher).toBeFocused();
  expect(await box(switcher)).toEqual(before);

  await openInbox();
  const account = page.getByRole("button", { name: /^Account: / });
  const accountBefore = await box(account);
  await account.focus();
  await page.keyboard.press("Enter");
  await expect(menu.getByRole("menuitem", { name: "Sign out" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(account).toBeFocused();
  expect(await box(account)).toEqual(accountBefore);
});

test("a filter opens on its first click and narrows the list", async () => {
  await openInbox();
  const categories = page.getByRole("combobox", { name: "Categories" });
  await expect(categories).toHaveText("All categories");
  const before = await box(categories);
  await categories.click();
  await expect(page.getByRole("option", { name: "Newsletter" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("option", { name: "Newsletter" })).toBeHidden();
  await expect(categories).toHaveText("All categories");
  expect(await box(categories)).toEqual(before);
  await categories.click();
  await page.getByRole("option", { name: "Newsletter" }).click();
  await expect(page).toHaveURL(/category=newsletter/);
  await expect(rows()).toHaveCount(0);
});
