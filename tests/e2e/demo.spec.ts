import { type BrowserContext, type Page, expect, test } from "@playwright/test";
import { screenshot, signUp } from "./support";

// Noor has no mailbox to connect yet. From the empty inbox she loads the demo workspace,
// triages its ten messages with the keyboard alone, looks at it on her phone, and removes
// it. The steps share state and run in order.
test.describe.configure({ mode: "serial" });

const run = `${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
const noor = { name: "Noor Haddad", email: `noor-${run}@example.com`, password: "juniper-harbor-77" };

let context: BrowserContext;
let page: Page;
let personalId = "";
let demoId = "";

const list = () => page.getByRole("list", { name: "Messages" });
const selectedRow = () => list().locator("li[data-selected]");

/**
 * Keys reach the list once React has hydrated it: times are rendered in the browser's zone
 * only then (network idle is not enough on a busy machine: the scripts may still be running).
 */
async function hydrated() {
  await page.waitForLoadState("networkidle");
  await expect(list().getByRole("listitem").first().locator("time").last()).not.toBeEmpty();
}

/** Presses a triage key and waits for the server action it sends to be answered. */
async function pressAndSave(key: string) {
  const saved = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/inbox"));
  await page.keyboard.press(key);
  expect((await saved).ok()).toBe(true);
}

test.beforeAll(async ({ browser }) => {
  context = await browser.newContext();
  page = await context.newPage();
  personalId = await signUp(page, noor);
});
test.afterAll(() => context.close());

test("an empty inbox offers sample mail, and loading it opens a labelled demo workspace", async () => {
  await expect(page.getByRole("heading", { name: "Your inbox is empty" })).toBeVisible();
  await screenshot(page, "demo-01-empty-inbox");
  await page.getByRole("button", { name: "Try it with sample mail" }).click();
  await expect(page).not.toHaveURL(new RegExp(personalId));
  await expect(page).toHaveURL(/\/w\/[0-9a-f-]{36}\/inbox$/);
  demoId = /\/w\/([0-9a-f-]{36})\//.exec(page.url())![1]!;
  await expect(page.getByRole("note").getByText("Demo workspace.")).toBeVisible();
  // Classified before the page opened: the outage comes first, the newsletter is far below.
  await expect(list().getByRole("listitem").first()).toContainText("checkout is down");
  await expect(list().getByRole("listitem").filter({ hasText: "10 gadgets" })).toBeVisible();
  await screenshot(page, "demo-02-demo-inbox");

  // The workspace switcher knows it by its name.
  await page.reload();
  await expect(page.getByText("Demo workspace (sample data)").first()).toBeVisible();
});

test("a meeting request in the sample opens with its thread and the suggested meeting", async () => {
  await list().getByRole("listitem").filter({ hasText: "Re: Roadmap sync" }).getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: "Roadmap sync" })).toBeVisible();
  // Both sides of the conversation: Noor's question and Omar's answer.
  await expect(page.getByText("Do you have time this week to go over the Q1 roadmap")).toBeVisible();
  await expect(page.getByText("Room 4").first()).toBeVisible();
  await screenshot(page, "demo-03-thread");
  await page.keyboard.press("u");
  await expect(page).toHaveURL(new RegExp(`/w/${demoId}/inbox`));
});

test("ten messages triaged from the keyboard alone: archive the bulk, star what matters, mark the rest read", async () => {
  // Start from the top, not from the row opened before.
  await page.evaluate(() => sessionStorage.clear());
  await page.goto(`/w/${demoId}/inbox`);
  await expect(selectedRow()).toContainText("checkout is down");
  await hydrated();

  const archived: string[] = [];
  const starred: string[] = [];
  const bulk = /gadgets|40% off|receipt|sign-in code/i;
  const important = /checkout is down|Q3 budget|Pricing for 200 seats|Contract draft/i;
  for (let step = 0; step < 10; step++) {
    const row = selectedRow();
    await expect(row).toHaveCount(1);
    const text = (await row.innerText()).replace(/\s+/g, " ");
    const subject = text;
    if (bulk.test(text)) {
      await pressAndSave("e");
      await expect(list().getByRole("listitem").filter({ hasText: text.slice(0, 40) })).toHaveCount(0);
      archived.push(subject);
    } else if (important.test(text)) {
      await pressAndSave("s");
      await expect(row.getByRole("button", { name: "Unstar" })).toBeVisible();
      starred.push(subject);
      await page.keyboard.press("j");
    } else {
      await page.keyboard.press("j");
    }
  }
  await screenshot(page, "demo-04-after-triage");
  expect(archived).toHaveLength(4);
  expect(starred).toHaveLength(4);

  // The views agree with what the keys did, after a reload (the server has it).
  await page.goto(`/w/${demoId}/inbox?view=archived`);
  for (const pattern of [/gadgets/, /40% off/, /receipt/, /sign-in code/]) {
    await expect(list().getByRole("listitem").filter({ hasText: pattern })).toHaveCount(1);
  }
  await page.goto(`/w/${demoId}/inbox?view=starred`);
  await expect(list().getByRole("listitem")).toHaveCount(4);
  await screenshot(page, "demo-05-starred");
  // What Noor wrote is under Sent, not a row of its own in the inbox.
  await page.goto(`/w/${demoId}/inbox?view=sent`);
  await expect(list().getByRole("listitem")).toHaveCount(1);
  await expect(list().getByRole("listitem").first()).toContainText("Roadmap sync");
  // In Archived, e puts a message back in the inbox.
  await page.goto(`/w/${demoId}/inbox?view=archived`);
  await expect(selectedRow()).toHaveCount(1);
  // Keys work once the page is interactive (hydrated).
  await hydrated();
  await pressAndSave("e");
  await expect(list().getByRole("listitem")).toHaveCount(3);
  await expect(page.getByText("Moved to the inbox.")).toBeVisible();

  // g t and g c reach Tasks and Calendar, where the sample's suggestions wait.
  await page.keyboard.press("g");
  await page.keyboard.press("t");
  await expect(page).toHaveURL(new RegExp(`/w/${demoId}/tasks`));
  await expect(page.getByText(/Q3 budget/i).first()).toBeVisible();
  await page.keyboard.press("g");
  await page.keyboard.press("i");
  await expect(page).toHaveURL(new RegExp(`/w/${demoId}/inbox`));
});

test("the demo works on a phone", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/w/${demoId}/inbox`);
  await expect(list().getByRole("listitem").first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, "demo-06-phone-inbox");
  await list().getByRole("listitem").first().getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/w/${demoId}/inbox/[0-9a-f-]{36}`));
  await expect(page.getByRole("heading", { level: 1, name: /checkout is down/ })).toBeVisible();
  const readerOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(readerOverflow).toBeLessThanOrEqual(0);
  await screenshot(page, "demo-07-phone-thread");
  await page.setViewportSize({ width: 1280, height: 800 });
});

test("removing the demo takes it away and leaves the personal workspace as it was", async () => {
  await page.goto(`/w/${demoId}/inbox`);
  await page.getByRole("button", { name: "Remove demo" }).click();
  await expect(page.getByRole("alertdialog")).toContainText("Remove the demo workspace?");
  await screenshot(page, "demo-08-remove");
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove demo" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${personalId}/inbox`));
  await expect(page.getByRole("heading", { name: "Your inbox is empty" })).toBeVisible();
  await page.goto(`/w/${demoId}/inbox`);
  await expect(page.getByRole("heading", { name: "We couldn't find that page" })).toBeVisible();
});
