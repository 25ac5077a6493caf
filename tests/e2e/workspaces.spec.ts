import path from "node:path";
import { type Browser, type BrowserContext, type Locator, type Page, expect, test } from "@playwright/test";

// One story, told as two people would live it: Ada signs up, makes a shared workspace
// and manages its members; Bob (a separate browser) joins, is promoted, then removed.
// The steps share state, so they run in order and stop at the first failure.
test.describe.configure({ mode: "serial" });

const run = `${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
const ada = { name: "Ada Lovelace", email: `ada-${run}@example.com`, password: "analytical-engine-1843" };
const bob = { name: "Bob Babbage", email: `bob-${run}@example.com`, password: "difference-engine-1822" };
const unknownEmail = `nobody-${run}@example.com`;

const INBOX_URL = /\/w\/[0-9a-f-]{36}\/inbox$/;
const NOT_FOUND = "We couldn't find that page";

let adaContext: BrowserContext;
let bobContext: BrowserContext;
let adaPage: Page;
let bobPage: Page;
let adaPersonalId = "";
let adaPersonalName = "";
let acmeId = "";

// ---------------------------------------------------------------------------------------

async function screenshot(page: Page, name: string) {
  const dir = path.join(test.info().project.outputDir, "screens");
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

function workspaceIdOf(page: Page): string {
  const match = /\/w\/([0-9a-f-]{36})\//.exec(new URL(page.url()).pathname);
  if (!match?.[1]) throw new Error(`not in a workspace: ${page.url()}`);
  return match[1];
}

function switcher(page: Page): Locator {
  return page.getByRole("button", { name: /^Workspace: / });
}

async function openSwitcher(page: Page): Promise<Locator> {
  await switcher(page).click();
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  return menu;
}

async function openAccountMenu(page: Page): Promise<Locator> {
  await page.getByRole("button", { name: /^Account: / }).click();
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  return menu;
}

async function fillSignUp(page: Page, person: { name: string; email: string; password: string }) {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
}

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

async function chooseTheme(page: Page, theme: "Light" | "Dark" | "System") {
  const menu = await openAccountMenu(page);
  await menu.getByRole("menuitemradio", { name: theme }).click();
  await expect(menu).toBeHidden();
}

/** The members list row of one person. */
function memberRow(page: Page, text: string): Locator {
  return page.getByRole("list", { name: "Members" }).getByRole("listitem").filter({ hasText: text });
}

async function newPersonContext(browser: Browser): Promise<[BrowserContext, Page]> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  return [context, await context.newPage()];
}

test.beforeAll(async ({ browser }) => {
  [adaContext, adaPage] = await newPersonContext(browser);
  [bobContext, bobPage] = await newPersonContext(browser);
});

test.afterAll(async () => {
  await adaContext?.close();
  await bobContext?.close();
});

// ---------------------------------------------------------------------------------------

test("(a) Ada signs up, lands in her empty inbox, signs out and back in", async () => {
  const page = adaPage;
  await fillSignUp(page, ada);
  await expect(page.getByText("Create your account", { exact: true })).toBeVisible();
  await screenshot(page, "01-sign-up");
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page).toHaveURL(INBOX_URL);
  await expect(page.getByRole("heading", { level: 1, name: "Inbox" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Your inbox is empty" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Inbox" })).toHaveAttribute("aria-current", "page");
  for (const section of ["Tasks", "Calendar", "Contacts", "Settings"]) {
    await expect(page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: section })).toBeVisible();
  }
  adaPersonalId = workspaceIdOf(page);
  adaPersonalName = ((await switcher(page).getAttribute("aria-label")) ?? "")
    .replace(/^Workspace: /, "")
    .replace(/\. Switch workspace$/, "");
  expect(adaPersonalName).not.toBe("");
  await expect(page.getByRole("button", { name: `Account: ${ada.email}` })).toBeVisible();
  await chooseTheme(page, "Light");
  await screenshot(page, "02-inbox-light");

  await chooseTheme(page, "Dark");
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await screenshot(page, "03-inbox-dark");
  await chooseTheme(page, "Light");
  await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);

  // Sign out.
  const menu = await openAccountMenu(page);
  await menu.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in\?signedOut=1$/);
  await expect(page.getByText("You're signed out.")).toBeVisible();

  // A wrong password is refused with a plain message.
  await signIn(page, ada.email, "not-my-password");
  await expect(page.getByRole("alert").filter({ hasText: "That email and password don't match an account." })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);

  // The right one lets her in.
  await signIn(page, ada.email, ada.password);
  await expect(page).toHaveURL(`/w/${adaPersonalId}/inbox`);
  await expect(page.getByRole("heading", { name: "Your inbox is empty" })).toBeVisible();
});

test("(b) Ada creates “Acme Support” and switches between workspaces", async () => {
  const page = adaPage;
  const menu = await openSwitcher(page);
  await expect(menu.getByRole("menuitem", { name: adaPersonalName })).toBeVisible();
  await menu.getByRole("menuitem", { name: "Create workspace" }).click();

  const dialog = page.getByRole("dialog", { name: "Create a workspace" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Name").fill("Acme Support");
  await dialog.getByRole("button", { name: "Create workspace" }).click();
  await expect(dialog).toBeHidden();

  await expect(page).toHaveURL(INBOX_URL);
  await expect(page).not.toHaveURL(`/w/${adaPersonalId}/inbox`);
  acmeId = workspaceIdOf(page);
  await expect(switcher(page)).toHaveAccessibleName("Workspace: Acme Support. Switch workspace");
  await expect(page.getByRole("heading", { name: "Your inbox is empty" })).toBeVisible();

  // Back to the personal workspace...
  let list = await openSwitcher(page);
  await expect(list.getByRole("menuitem", { name: "Acme Support" })).toBeVisible();
  await list.getByRole("menuitem", { name: adaPersonalName }).click();
  await expect(page).toHaveURL(`/w/${adaPersonalId}/inbox`);
  await expect(switcher(page)).toHaveAccessibleName(`Workspace: ${adaPersonalName}. Switch workspace`);

  // ...and to Acme again.
  list = await openSwitcher(page);
  await list.getByRole("menuitem", { name: "Acme Support" }).click();
  await expect(page).toHaveURL(`/w/${acmeId}/inbox`);
  await expect(switcher(page)).toHaveAccessibleName("Workspace: Acme Support. Switch workspace");
});

test("(c) Ada adds Bob to Acme, is told about unknown emails, and makes Bob an admin", async () => {
  // Bob gets an account of his own first, in his own browser.
  await fillSignUp(bobPage, bob);
  await bobPage.getByRole("button", { name: "Create account" }).click();
  await expect(bobPage).toHaveURL(INBOX_URL);
  expect(workspaceIdOf(bobPage)).not.toBe(adaPersonalId);

  const page = adaPage;
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(`/w/${acmeId}/settings`);
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Acme Support");
  const members = page.getByRole("list", { name: "Members" });
  await expect(members.getByRole("listitem")).toHaveCount(1);
  await expect(memberRow(page, ada.name)).toContainText("(you)");
  // The only owner can neither leave nor remove herself.
  await expect(memberRow(page, ada.name).getByRole("button")).toHaveCount(0);

  // Add Bob as a member.
  await page.getByLabel("Add a member by email").fill(bob.email);
  await expect(page.getByRole("combobox", { name: "Role for the new member" })).toHaveText("Member");
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByText(`${bob.email} was added.`)).toBeVisible();
  await expect(members.getByRole("listitem")).toHaveCount(2);
  await expect(memberRow(page, bob.email)).toContainText(bob.name);
  const bobRole = page.getByRole("combobox", { name: `Role of ${bob.email}` });
  await expect(bobRole).toHaveText("Member");
  await expect(page.getByLabel("Add a member by email")).toHaveValue("");

  // Someone without an account can't be added.
  await page.getByLabel("Add a member by email").fill(unknownEmail);
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: `No one has an Aiva account with ${unknownEmail}` }),
  ).toBeVisible();
  await expect(members.getByRole("listitem")).toHaveCount(2);
  await page.getByLabel("Add a member by email").fill("");

  // Promote Bob.
  await bobRole.click();
  await page.getByRole("option", { name: "Admin" }).click();
  await expect(page.getByText(`${bob.email} is now an admin.`)).toBeVisible();
  await expect(bobRole).toHaveText("Admin");
  await page.reload();
  await expect(page.getByRole("combobox", { name: `Role of ${bob.email}` })).toHaveText("Admin");
  await screenshot(page, "04-settings-two-members");
});

test("(d) Bob sees Acme but not Ada's personal workspace", async () => {
  const page = bobPage;
  await page.goto("/");
  await expect(page).toHaveURL(INBOX_URL);
  const menu = await openSwitcher(page);
  await expect(menu.getByRole("menuitem", { name: adaPersonalName })).toHaveCount(0);
  await menu.getByRole("menuitem", { name: "Acme Support" }).click();
  await expect(page).toHaveURL(`/w/${acmeId}/inbox`);
  await expect(switcher(page)).toHaveAccessibleName("Workspace: Acme Support. Switch workspace");

  // As an admin he sees the members and can manage them.
  await page.goto(`/w/${acmeId}/settings`);
  await expect(memberRow(page, bob.email)).toContainText("(you)");
  await expect(memberRow(page, ada.email)).toContainText("Owner");

  // Editing the URL to reach Ada's personal workspace finds nothing.
  const response = await page.goto(`/w/${adaPersonalId}/inbox`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: NOT_FOUND })).toBeVisible();
  await expect(page.getByText("Your inbox is empty")).toHaveCount(0);
  await screenshot(page, "05-not-found");

  await page.goto("/w/not-a-uuid/inbox");
  await expect(page.getByRole("heading", { name: NOT_FOUND })).toBeVisible();

  // The way out leads back to his own inbox.
  await page.getByRole("link", { name: "Go to my inbox" }).click();
  await expect(page).toHaveURL(INBOX_URL);
});

test("(e) Ada removes Bob, and Acme disappears for him", async () => {
  await bobPage.goto(`/w/${acmeId}/inbox`);
  await expect(bobPage.getByRole("heading", { name: "Your inbox is empty" })).toBeVisible();

  const page = adaPage;
  await page.goto(`/w/${acmeId}/settings`);
  await memberRow(page, bob.email).getByRole("button", { name: `Remove ${bob.email}` }).click();
  const confirm = page.getByRole("alertdialog", { name: `Remove ${bob.name}?` });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Remove" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText(`${bob.email} was removed.`)).toBeVisible();
  await expect(page.getByRole("list", { name: "Members" }).getByRole("listitem")).toHaveCount(1);

  await bobPage.reload();
  await expect(bobPage.getByRole("heading", { name: NOT_FOUND })).toBeVisible();
  await bobPage.goto("/");
  await expect(bobPage).toHaveURL(INBOX_URL);
  expect(workspaceIdOf(bobPage)).not.toBe(acmeId);
  const menu = await openSwitcher(bobPage);
  await expect(menu.getByRole("menuitem", { name: "Acme Support" })).toHaveCount(0);
  await bobPage.keyboard.press("Escape");
});

test("(f) Ada renames Acme and the switcher follows", async () => {
  const page = adaPage;
  await page.goto(`/w/${acmeId}/settings`);
  const name = page.getByLabel("Name", { exact: true });
  await name.fill("Acme Customer Care");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Workspace renamed.")).toBeVisible();
  await expect(switcher(page)).toHaveAccessibleName("Workspace: Acme Customer Care. Switch workspace");
  await page.reload();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Acme Customer Care");
  const menu = await openSwitcher(page);
  await expect(menu.getByRole("menuitem", { name: "Acme Customer Care" })).toBeVisible();
  await expect(menu.getByRole("menuitem", { name: "Acme Support" })).toHaveCount(0);
  await page.keyboard.press("Escape");
});

test("(f2) on a phone the navigation opens as a sheet", async () => {
  const page = await adaContext.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/w/${acmeId}/inbox`);
  await expect(switcher(page)).toBeHidden();
  await page.getByRole("button", { name: "Open navigation" }).click();
  const sheet = page.getByRole("dialog", { name: "Navigation" });
  await expect(sheet).toBeVisible();
  await expect(sheet.getByRole("button", { name: /^Workspace: Acme Customer Care/ })).toBeVisible();
  await expect(sheet.getByRole("link", { name: "Settings" })).toBeVisible();
  await page.waitForTimeout(500); // let the slide-in animation finish before measuring
  // The sheet's close button must not sit on top of the workspace switcher.
  const close = await sheet.getByRole("button", { name: "Close" }).boundingBox();
  const workspace = await sheet.getByRole("button", { name: /^Workspace: / }).boundingBox();
  expect(close && workspace).toBeTruthy();
  if (close && workspace) {
    const overlaps =
      close.x < workspace.x + workspace.width &&
      workspace.x < close.x + close.width &&
      close.y < workspace.y + workspace.height &&
      workspace.y < close.y + close.height;
    expect(overlaps, "close button overlaps the workspace switcher").toBe(false);
  }
  await screenshot(page, "06-phone-navigation");
  await sheet.getByRole("link", { name: "Tasks" }).click();
  await expect(page).toHaveURL(`/w/${acmeId}/tasks`);
  await expect(sheet).toBeHidden();
  await page.close();
});

test("(g) a signed-out visitor of a workspace page is sent to sign-in", async ({ page }) => {
  await page.goto(`/w/${acmeId}/inbox`);
  await expect(page).toHaveURL(/\/sign-in(\?|$)/);
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  await expect(page.getByText("Your inbox is empty")).toHaveCount(0);

  // Signing in there returns to the page they asked for.
  await signIn(page, ada.email, ada.password);
  await expect(page).toHaveURL(`/w/${acmeId}/inbox`);
});

test("(h) sign-up explains what is wrong", async ({ page }) => {
  await fillSignUp(page, { name: "Short", email: `short-${run}@example.com`, password: "12345" });
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Use at least 8 characters." })).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/sign-up$/);

  await fillSignUp(page, { name: "Ada again", email: ada.email, password: "another-long-password" });
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "An account with this email already exists. Sign in instead." }),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/sign-up$/);
});
