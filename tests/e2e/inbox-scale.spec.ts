import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type BrowserContext, type Page, expect, test } from "@playwright/test";
import { postmarkDate, signUp } from "./support";

// A big inbox stays a small page: 2,000 imported messages, the list renders only the rows
// in view (and a few either side) however far down you go, scrolling fetches the next pages
// on its own, and walking down with j keeps the selected row on screen and focused.
test.describe.configure({ mode: "serial" });

const COUNT = 2000;
/** Far enough down to need several pages (50 a page) and a long scroll. */
const TARGET = 180;
/** Rows in the DOM at most: a screenful (~20 at 800 px) plus overscan, never the whole list. */
const MAX_DOM_ROWS = 100;

const run = `${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
const lin = { name: "Lin Okoye", email: `lin-${run}@example.com`, password: "scroll-of-thousands-9" };
let context: BrowserContext;
let page: Page;
let workspaceId = "";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aiva-e2e-scale-"));
const mboxPath = path.join(dir, "big.mbox");

const label = (n: number) => `Scale message ${String(n).padStart(4, "0")}`;

/** Message n (1-based) is n minutes old: in Newest, row n is message n. */
function bigMbox(): string {
  const now = Date.now();
  const parts: string[] = [];
  for (let n = 1; n <= COUNT; n++) {
    const at = new Date(now - n * 60_000);
    const from = `sender${n % 37}@bulk.test`;
    parts.push(
      [
        `From ${from} ${postmarkDate(at)}`,
        `From: Sender ${n % 37} <${from}>`,
        `To: ${lin.name} <${lin.email}>`,
        `Subject: ${label(n)}`,
        `Message-ID: <scale-${n}-${run}@bulk.test>`,
        `Date: ${at.toUTCString().replace("GMT", "+0000")}`,
        "Content-Type: text/plain; charset=utf-8",
        "",
        `Body of message ${n}. Nothing to act on; it is here to make the inbox long.`,
        "",
      ].join("\n"),
    );
  }
  return parts.join("\n");
}

const list = () => page.getByRole("list", { name: "Messages" });
/** What is on screen (a full-page shot of a virtualized list is mostly rows not rendered). */
const viewportShot = (name: string) => page.screenshot({ path: path.join(test.info().project.outputDir, "screens", `${name}.png`) });
const domRows = () => list().locator(":scope > li").count();

test.beforeAll(async ({ browser }) => {
  fs.writeFileSync(mboxPath, bigMbox());
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
});

test.afterAll(async () => {
  await context?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test("imports 2,000 messages", async () => {
  test.setTimeout(240_000);
  workspaceId = await signUp(page, lin);
  await page.goto(`/w/${workspaceId}/settings#import`);
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: /Drop \.mbox or \.eml files here/ }).click();
  await (await chooser).setFiles(mboxPath);
  const item = page.getByRole("list", { name: "Uploads" }).getByRole("listitem").last();
  await expect(item.getByRole("status")).toHaveText(/Imported 2,?000 messages/, { timeout: 200_000 });
});

test("the list holds only the rows in view, and scrolling loads more by itself", async () => {
  await page.goto(`/w/${workspaceId}/inbox?view=newest`);
  await expect(list().getByRole("listitem").first()).toContainText(label(1));
  // Hydrated once times are rendered (keys before that go nowhere).
  await expect(list().getByRole("listitem").first().locator("time").last()).not.toBeEmpty();
  expect(await domRows()).toBeLessThan(40);
  await expect(page.getByText("First 50 shown")).toBeVisible();

  // Scroll to the bottom a few times: each time the skeleton row comes near, the next page
  // arrives, and the DOM still holds a screenful.
  for (let shown = 100; shown <= 200; shown += 50) {
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect(page.getByText(`First ${shown} shown`)).toBeVisible({ timeout: 15_000 });
    expect(await domRows()).toBeLessThan(MAX_DOM_ROWS);
  }
  // The page that arrived went below the rows in view; those stayed where they were.
  await expect(list().getByRole("listitem").filter({ hasText: label(145) })).toBeInViewport();
  await viewportShot("inbox-scale-01-scrolled");
});

test(`j walks to row ${TARGET}: selected, focused, on screen, and the DOM stays small`, async () => {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.reload();
  await expect(list().getByRole("listitem").first().locator("time").last()).not.toBeEmpty();
  const selected = list().locator("li[data-selected]");
  await expect(selected).toContainText(label(1));

  for (let n = 2; n <= TARGET; n++) {
    await page.keyboard.press("j");
    // Now and then, check the walk is where it should be (pages arrive as it goes).
    if (n % 30 === 0) {
      await expect(selected).toContainText(label(n));
      await expect(selected).toBeInViewport();
    }
  }
  await expect(selected).toContainText(label(TARGET));
  await expect(selected).toHaveAttribute("aria-posinset", String(TARGET));
  await expect(selected).toBeInViewport();
  await expect(selected.getByRole("link")).toBeFocused();
  const rendered = await domRows();
  console.log(`[inbox-scale] ${rendered} rows in the DOM at row ${TARGET} of ${await page.getByText(/^First [\d,]+ shown$/).textContent()}`);
  expect(rendered).toBeLessThan(MAX_DOM_ROWS);
  // Rows above the screen are gone from the DOM, not just scrolled away.
  await expect(list().getByRole("listitem").filter({ hasText: label(1) })).toHaveCount(0);

  // k comes back up and the row it lands on is on screen too.
  for (let i = 0; i < 5; i++) await page.keyboard.press("k");
  await expect(selected).toContainText(label(TARGET - 5));
  await expect(selected).toBeInViewport();
  await viewportShot("inbox-scale-02-walked-with-j");

  // Enter opens the selected row.
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: label(TARGET - 5) })).toBeVisible();
});

test("new mail from a sync appears at the top without moving the rows in view", async () => {
  test.setTimeout(90_000);
  await page.goto(`/w/${workspaceId}/inbox?view=newest`);
  await expect(list().getByRole("listitem").first().locator("time").last()).not.toBeEmpty();
  await page.evaluate(() => window.scrollTo(0, 1500));
  // Near the end of the first page: the second one comes in below, nothing else moves.
  await expect(page.getByText("First 100 shown")).toBeVisible({ timeout: 15_000 });
  const anchor = list().getByRole("listitem").filter({ hasText: label(40) });
  await expect(anchor).toBeInViewport();
  const before = (await anchor.boundingBox())!.y;

  // Mail arrives meanwhile (imported in another tab: the list finds it on its next look).
  const fresh = "Fresh message from a sync";
  const file = path.join(dir, "fresh.mbox");
  const at = new Date(Date.now() + 60_000);
  fs.writeFileSync(
    file,
    [
      `From news@bulk.test ${postmarkDate(at)}`,
      "From: News <news@bulk.test>",
      `To: ${lin.name} <${lin.email}>`,
      `Subject: ${fresh}`,
      `Message-ID: <fresh-${run}@bulk.test>`,
      `Date: ${at.toUTCString().replace("GMT", "+0000")}`,
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Just arrived.",
      "",
    ].join("\n"),
  );
  const other = await context.newPage();
  await other.goto(`/w/${workspaceId}/settings#import`);
  const chooser = other.waitForEvent("filechooser");
  await other.getByRole("button", { name: /Drop \.mbox or \.eml files here/ }).click();
  await (await chooser).setFiles(file);
  await expect(other.getByRole("list", { name: "Uploads" }).getByRole("listitem").last().getByRole("status")).toHaveText(/Imported 1 message/, {
    timeout: 30_000,
  });
  await other.close();

  // The list looks every 15 seconds.
  await expect(page.getByText("First 101 shown")).toBeVisible({ timeout: 30_000 });
  await expect(anchor).toBeInViewport();
  expect(Math.abs((await anchor.boundingBox())!.y - before)).toBeLessThanOrEqual(2);
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(list().getByRole("listitem").first()).toContainText(fresh);
});
