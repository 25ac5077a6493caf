import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type BrowserContext, type Locator, type Page, expect, test } from "@playwright/test";
import { hoursAgo, postmarkDate, screenshot } from "./support";

// Grace brings her mail in from a Google Takeout file: upload, import progress, a second
// upload that finds nothing new, then the inbox (list, reader, keyboard triage).
// The steps share state, so they run in order and stop at the first failure.
test.describe.configure({ mode: "serial" });

const run = `${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
const grace = { name: "Grace Hopper", email: `grace-${run}@example.com`, password: "compiler-a0-1952" };

let context: BrowserContext;
let page: Page;
let workspaceId = "";
let mboxPath = "";
const mboxDir = fs.mkdtempSync(path.join(os.tmpdir(), "aiva-e2e-mbox-"));

// ---------------------------------------------------------------------------------------
// A small Takeout-like mailbox: a two-message conversation, an HTML newsletter-ish invoice,
// a starred plain message and one with an attachment. Dates are recent, so the list shows
// times and weekdays as it would for real mail.


function message(opts: { from: string; fromName: string; subject: string; id: string; at: Date; labels: string; headers?: string[]; body: string[] }) {
  return [
    `From ${opts.from} ${postmarkDate(opts.at)}`,
    `X-Gmail-Labels: ${opts.labels}`,
    `From: ${opts.fromName} <${opts.from}>`,
    `To: ${grace.name} <${grace.email}>`,
    `Subject: ${opts.subject}`,
    `Message-ID: <${opts.id}>`,
    `Date: ${opts.at.toUTCString().replace("GMT", "+0000")}`,
    "MIME-Version: 1.0",
    ...(opts.headers ?? []),
    ...opts.body,
    "",
  ].join("\n");
}

function takeoutMbox(): string {
  return [
    message({
      from: "dana@client.test",
      fromName: "Dana Ortiz",
      subject: "Quarterly numbers",
      id: "q-1@client.test",
      at: hoursAgo(26),
      labels: "Inbox,Unread",
      headers: ["Content-Type: text/plain; charset=utf-8"],
      body: ["", "Hi Grace,", "", "The Q3 numbers are in: https://example.com/reports/q3", "Can you check the totals before Friday?", "", "Dana"],
    }),
    message({
      from: "sam@client.test",
      fromName: "Sam Rivera",
      subject: "Re: Quarterly numbers",
      id: "q-2@client.test",
      at: hoursAgo(5),
      labels: "Inbox",
      headers: ["In-Reply-To: <q-1@client.test>", "References: <q-1@client.test>", "Content-Type: text/plain; charset=utf-8"],
      body: ["", "Totals look right to me.", "", "> The Q3 numbers are in.", "> Can you check the totals before Friday?"],
    }),
    message({
      from: "billing@acme.test",
      fromName: "Acme Billing",
      subject: "Your invoice is ready",
      id: "invoice-1042@acme.test",
      at: hoursAgo(3),
      labels: "Inbox,Unread,Category Updates",
      headers: ['Content-Type: multipart/alternative; boundary="b-1042"'],
      body: [
        "",
        "--b-1042",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Invoice #1042 is ready. Total due: $1,250.00.",
        "",
        "--b-1042",
        "Content-Type: text/html; charset=utf-8",
        "",
        '<html><body><h2 style="color:#0f172a">Invoice #1042</h2><p>Total due: <b>$1,250.00</b></p>' +
          '<table border="1" cellpadding="6" style="border-collapse:collapse"><tr><td>Design work</td><td>$1,000.00</td></tr>' +
          '<tr><td>Hosting</td><td>$250.00</td></tr></table>' +
          '<p><a href="https://example.com/invoices/1042">View invoice</a></p>' +
          '<img src="https://track.acme.test/open.gif?u=1042" width="1" height="1" alt="">' +
          "<script>document.title = 'scripted'</script></body></html>",
        "",
        "--b-1042--",
      ],
    }),
    message({
      from: "lee@friends.test",
      fromName: "Lee Chen",
      subject: "Lunch on Friday?",
      id: "lunch@friends.test",
      at: hoursAgo(72),
      labels: "Inbox,Starred",
      headers: ["Content-Type: text/plain; charset=utf-8"],
      body: ["", "Noodles at 12:30? My treat."],
    }),
    message({
      from: "ops@acme.test",
      fromName: "Acme Ops",
      subject: "Team offsite agenda",
      id: "offsite@acme.test",
      at: hoursAgo(1),
      labels: "Inbox,Unread",
      headers: ['Content-Type: multipart/mixed; boundary="mix"'],
      body: [
        "",
        "--mix",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "The agenda for the offsite is attached.",
        "",
        "--mix",
        "Content-Type: text/plain; name=agenda.txt",
        "Content-Disposition: attachment; filename=agenda.txt",
        "Content-Transfer-Encoding: base64",
        "",
        Buffer.from("09:00 Welcome\n10:00 Roadmap\n").toString("base64"),
        "",
        "--mix--",
      ],
    }),
  ].join("\n");
}

// ---------------------------------------------------------------------------------------

async function chooseTheme(target: Page, theme: "Light" | "Dark") {
  await target.getByRole("button", { name: /^Account: / }).click();
  const menu = target.getByRole("menu");
  await menu.getByRole("menuitemradio", { name: theme }).click();
  await expect(menu).toBeHidden();
}

async function upload(file: string) {
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: /Drop \.mbox or \.eml files here/ }).click();
  await (await chooser).setFiles(file);
}

/** The next server action's response (a POST carrying the Next-Action header). */
function serverActionDone(target: Page = page) {
  return target.waitForResponse((response) => response.request().method() === "POST" && Boolean(response.request().headers()["next-action"]));
}

function rows(target: Page = page): Locator {
  return target.getByRole("list", { name: "Messages" }).getByRole("listitem");
}

function row(subject: string, target: Page = page): Locator {
  return rows(target).filter({ hasText: subject });
}

/** Keys pressed before React hydrates go nowhere; dates render only once it has. */
async function hydrated(target: Page = page) {
  await expect(rows(target).first().locator("time").last()).not.toBeEmpty();
}

test.beforeAll(async ({ browser }) => {
  const dir = path.join(mboxDir, "Takeout", "Mail");
  fs.mkdirSync(dir, { recursive: true });
  mboxPath = path.join(dir, "All mail Including Spam and Trash.mbox");
  fs.writeFileSync(mboxPath, takeoutMbox());
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
});

test.afterAll(async () => {
  await context?.close();
  fs.rmSync(mboxDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------

test("(a) Grace signs up and finds the import in Settings", async () => {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(grace.name);
  await page.getByLabel("Email").fill(grace.email);
  await page.getByLabel("Password").fill(grace.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/w\/[0-9a-f-]{36}\/inbox$/);
  workspaceId = /\/w\/([0-9a-f-]{36})\//.exec(page.url())![1]!;
  await expect(page.getByRole("heading", { name: "Your inbox is empty" })).toBeVisible();
  await chooseTheme(page, "Light");

  await page.getByRole("link", { name: "Import mail" }).first().click();
  await expect(page).toHaveURL(`/w/${workspaceId}/settings#import`);
  await expect(page.getByText("Import mail", { exact: true })).toBeVisible();
  await expect(page.getByText("No imports yet.")).toBeVisible();
  await page.getByText("Where do I get an .mbox file?").click();
  await expect(page.getByRole("link", { name: "Google Takeout" })).toBeVisible();
});

test("(b) uploads a Takeout mailbox and watches it import", async () => {
  await upload(mboxPath);
  const item = page.getByRole("list", { name: "Uploads" }).getByRole("listitem").last();
  await expect(item).toContainText("All mail Including Spam and Trash.mbox");
  await expect(item.getByRole("status")).toHaveText("Imported 5 messages · 0 already here · 0 failed", { timeout: 30_000 });

  const recent = page.getByRole("list", { name: "Recent imports" }).getByRole("listitem");
  await expect(recent).toHaveCount(1);
  await expect(recent.first()).toContainText("Done");
  await expect(recent.first()).toContainText("5 new · 0 already here · 0 failed");
  await screenshot(page, "import-01-settings-import-done");
});

test("(c) the same file again brings nothing new", async () => {
  await upload(mboxPath);
  const items = page.getByRole("list", { name: "Uploads" }).getByRole("listitem");
  await expect(items).toHaveCount(2);
  await expect(items.last().getByRole("status")).toHaveText("No new messages · 5 already here · 0 failed", {
    timeout: 30_000,
  });
  await expect(page.getByRole("list", { name: "Recent imports" }).getByRole("listitem")).toHaveCount(2);

  // A file that is not a mailbox is refused before it is sent.
  const notMail = path.join(mboxDir, "notes.pdf");
  fs.writeFileSync(notMail, "%PDF-1.4");
  await upload(notMail);
  await expect(items.last().getByRole("status")).toHaveText("This is not a mailbox file. Choose .mbox or .eml files.");
  await screenshot(page, "import-01b-settings-after-reimport");
});

test("(d) the inbox lists the messages, newest first, in light and dark", async () => {
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Inbox" }).click();
  await expect(page).toHaveURL(`/w/${workspaceId}/inbox`);
  // Priority is the default view; its order depends on the AI. Newest is by date alone.
  await page.getByRole("navigation", { name: "Inbox views" }).getByRole("link", { name: "Newest" }).click();
  await expect(page).toHaveURL(`/w/${workspaceId}/inbox?view=newest`);
  await expect(rows()).toHaveCount(5);
  await expect(rows().nth(0)).toContainText("Team offsite agenda");
  await expect(rows().nth(1)).toContainText("Your invoice is ready");
  await expect(rows().nth(2)).toContainText("Re: Quarterly numbers");
  await expect(rows().nth(3)).toContainText("Quarterly numbers");
  await expect(rows().nth(4)).toContainText("Lunch on Friday?");
  // Takeout's labels: unread stays unread, starred stays starred.
  await expect(row("Team offsite agenda")).toHaveAttribute("data-unread", "true");
  await expect(row("Lunch on Friday?")).not.toHaveAttribute("data-unread");
  await expect(row("Lunch on Friday?").getByRole("button", { name: "Unstar" })).toBeVisible();
  await expect(row("Team offsite agenda").getByText("Has attachments")).toBeAttached();
  await screenshot(page, "import-02-inbox-light");

  await chooseTheme(page, "Dark");
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await screenshot(page, "import-03-inbox-dark");
  await chooseTheme(page, "Light");
});

test("(e) keyboard: s stars, e archives and Undo brings it back, ? lists the shortcuts", async () => {
  await hydrated();
  const first = row("Team offsite agenda");
  await expect(first).toHaveAttribute("data-selected", "true");
  const starred = serverActionDone();
  await page.keyboard.press("s");
  await expect(first.getByRole("button", { name: "Unstar" })).toHaveAttribute("aria-pressed", "true");
  await starred;

  // The list changes at once; the server's answer to each action is awaited before the
  // reload below, which would otherwise cancel a request still on its way.
  const archived = serverActionDone();
  await page.keyboard.press("e");
  await expect(rows()).toHaveCount(4);
  await expect(first).toHaveCount(0);
  await archived;
  const restored = serverActionDone();
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(rows()).toHaveCount(5);
  await expect(rows().first()).toContainText("Team offsite agenda");
  await restored;

  // Both stick after a reload.
  await page.reload();
  await expect(rows()).toHaveCount(5);
  await expect(row("Team offsite agenda").getByRole("button", { name: "Unstar" })).toBeVisible();
  await hydrated();

  await page.keyboard.press("?");
  const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
});

test("(f) j then Enter opens the HTML invoice, rendered inside the sandboxed frame", async () => {
  await page.keyboard.press("j");
  await expect(row("Your invoice is ready")).toHaveAttribute("data-selected", "true");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/w/${workspaceId}/inbox/[0-9a-f-]{36}$`));
  await expect(page.getByRole("heading", { level: 1, name: "Your invoice is ready" })).toBeVisible();

  const frameElement = page.locator('iframe[title="Message from Acme Billing"]');
  // Same-origin so the page can size the frame; never scripts (that pair would undo the sandbox).
  await expect(frameElement).toHaveAttribute("sandbox", "allow-same-origin allow-popups allow-popups-to-escape-sandbox");
  expect(await frameElement.getAttribute("sandbox")).not.toContain("allow-scripts");
  const frame = page.frameLocator('iframe[title="Message from Acme Billing"]');
  await expect(frame.getByRole("heading", { name: "Invoice #1042" })).toBeVisible();
  await expect(frame.getByRole("link", { name: "View invoice" })).toHaveAttribute("href", "https://example.com/invoices/1042");
  await expect(frame.locator("script")).toHaveCount(0);
  expect(await page.title()).not.toBe("scripted");
  // Tall enough to show the whole invoice without a scrollbar of its own.
  await expect.poll(async () => (await frameElement.boundingBox())?.height ?? 0).toBeGreaterThan(150);
  // The tracking pixel stays blocked until Grace allows images for this message.
  await expect(page.getByText(/Images are hidden/)).toBeVisible();
  await expect(frameElement).toHaveAttribute("srcdoc", /img-src cid: data:;/);
  await screenshot(page, "import-04-thread-html");
  await page.getByRole("button", { name: "Show images" }).click();
  await expect(page.getByText(/Images are hidden/)).toBeHidden();
  await expect(frameElement).toHaveAttribute("srcdoc", /img-src cid: data: https: http:;/);
  await chooseTheme(page, "Dark");
  await screenshot(page, "import-04b-thread-html-dark");
  await chooseTheme(page, "Light");

  // u goes back; the invoice is read now.
  await page.keyboard.press("u");
  await expect(page).toHaveURL(`/w/${workspaceId}/inbox`);
  await expect(row("Your invoice is ready")).not.toHaveAttribute("data-unread");
});

test("(g) a conversation reads oldest first, with links in plain text", async () => {
  await row("Re: Quarterly numbers").getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: "Quarterly numbers" })).toBeVisible();
  const messages = page.getByRole("list", { name: "Messages in this conversation" }).getByRole("listitem");
  await expect(messages).toHaveCount(2);
  await expect(messages.first()).toContainText("Dana Ortiz");
  await expect(messages.last()).toContainText("Sam Rivera");
  await expect(page.getByRole("link", { name: "https://example.com/reports/q3" })).toHaveAttribute("target", "_blank");
  await screenshot(page, "import-05-thread-conversation");

  // e archives the conversation and returns to the list; Undo brings it back.
  await page.keyboard.press("e");
  await expect(page).toHaveURL(`/w/${workspaceId}/inbox`);
  await expect(rows()).toHaveCount(3);
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(rows()).toHaveCount(5);
});

test("(h) at phone width the list and the reader fit the screen", async () => {
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(`/w/${workspaceId}/inbox`);
  await expect(rows(phone)).toHaveCount(5);
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(phone, "import-06-phone-inbox");

  await row("Your invoice is ready", phone).getByRole("link").click();
  await expect(phone.getByRole("heading", { level: 1, name: "Your invoice is ready" })).toBeVisible();
  await expect(phone.frameLocator('iframe[title="Message from Acme Billing"]').getByText("Invoice #1042")).toBeVisible();
  await screenshot(phone, "import-07-phone-thread");

  await phone.goto(`/w/${workspaceId}/settings#import`);
  await expect(phone.getByRole("list", { name: "Recent imports" }).getByRole("listitem")).toHaveCount(2);
  await screenshot(phone, "import-08-phone-settings");
  await phone.close();
});

test("(i) a bigger mailbox shows upload and import progress, and the inbox pages through it", async () => {
  test.setTimeout(120_000);
  const big = path.join(mboxDir, "Archive 2019.mbox");
  const start = hoursAgo(24 * 400);
  const parts: string[] = [];
  for (let i = 0; i < 2000; i++) {
    parts.push(
      message({
        from: `person${i % 40}@archive.test`,
        fromName: `Person ${i % 40}`,
        subject: `Archived note ${i + 1}`,
        id: `archive-${i}@archive.test`,
        at: new Date(start.getTime() - i * 3600_000),
        labels: "Inbox",
        headers: ["Content-Type: text/plain; charset=utf-8"],
        body: ["", `Note number ${i + 1}. ${"Lorem ipsum dolor sit amet. ".repeat(8)}`],
      }),
    );
  }
  fs.writeFileSync(big, parts.join("\n"));

  await page.goto(`/w/${workspaceId}/settings#import`);
  // A slow connection, so the upload's own progress is visible.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 20,
    downloadThroughput: -1,
    uploadThroughput: 400 * 1024,
  });
  await upload(big);
  const item = page.getByRole("list", { name: "Uploads" }).getByRole("listitem").last();
  await expect(item.getByRole("status")).toHaveText(/^Uploading… [\d.]+ (KB|MB) of [\d.]+ MB$/);
  await expect(item.getByRole("progressbar")).toBeVisible();
  await screenshot(page, "import-09-uploading");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

  await expect(item.getByRole("status")).toHaveText(/Importing… [\d,]+ of 2,000|Imported 2,000 messages/, { timeout: 60_000 });
  if (/Importing/.test((await item.getByRole("status").textContent()) ?? "")) await screenshot(page, "import-10-importing");
  await expect(item.getByRole("status")).toHaveText("Imported 2,000 messages · 0 already here · 0 failed", { timeout: 90_000 });

  // Newest first (the Priority view's order changes as the AI works through the import).
  await page.goto(`/w/${workspaceId}/inbox?view=newest`);
  await expect(page.getByText("First 50 shown")).toBeVisible();
  await hydrated();
  // The list is virtualized: scrolling to its end loads the next 50 by itself.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect(page.getByText("First 100 shown")).toBeVisible({ timeout: 15_000 });
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect(page.locator('li[aria-posinset="100"]')).toContainText("Archived note 95");
});

test("(j) the upload endpoint explains what it refuses", async ({ playwright }) => {
  const body = "From a@b.test Mon Jan  1 00:00:00 2024\nSubject: x\n\nx\n";
  const post = (query: string, headers: Record<string, string> = {}) =>
    page.request.post(`/api/import?${query}`, { data: body, headers: { "Content-Type": "application/octet-stream", ...headers } });

  const wrongType = await post(`workspaceId=${workspaceId}&name=report.pdf`);
  expect(wrongType.status()).toBe(415);
  expect((await wrongType.json()).error).toContain(".mbox and .eml");

  const badId = await post("workspaceId=nope&name=a.mbox");
  expect(badId.status()).toBe(400);

  const notMine = await post(`workspaceId=${crypto.randomUUID()}&name=a.mbox`);
  expect(notMine.status()).toBe(404);
  expect((await notMine.json()).error).toBe("That workspace doesn't exist or you're not a member.");

  const elsewhere = await post(`workspaceId=${workspaceId}&name=a.mbox`, { Origin: "https://evil.example" });
  expect(elsewhere.status()).toBe(403);

  const notMbox = await page.request.post(`/api/import?workspaceId=${workspaceId}&name=notes.txt`, {
    data: "Just some notes\n".repeat(64),
    headers: { "Content-Type": "application/octet-stream" },
  });
  expect(notMbox.status()).toBe(415);

  const anonymous = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  const signedOut = await anonymous.post(`/api/import?workspaceId=${workspaceId}&name=a.mbox`, { data: body });
  expect(signedOut.status()).toBe(401);
  expect((await signedOut.json()).error).toBe("Your session has ended. Sign in again.");
  const runs = await anonymous.get(`/api/sync-runs?workspaceId=${workspaceId}`);
  expect(runs.status()).toBe(401);
  await anonymous.dispose();

  const mine = await page.request.get(`/api/sync-runs?workspaceId=${workspaceId}`);
  expect(mine.status()).toBe(200);
  expect((await mine.json()).runs).toHaveLength(3);
});
