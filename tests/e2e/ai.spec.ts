import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type BrowserContext, type Locator, type Page, expect, test } from "@playwright/test";
import { hoursAgo, postmarkDate, screenshot, signUp } from "./support";

// Lin imports a small mailbox with the local AI engine (no key, no network): the inbox
// shows what matters, a request becomes a task she confirms, a reply is drafted for her,
// and a meeting request goes into her calendar. The steps share state and run in order.
test.describe.configure({ mode: "serial" });

const run = `${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
const lin = { name: "Lin Chen", email: `lin-${run}@example.com`, password: "orchard-velvet-42" };

let context: BrowserContext;
let page: Page;
let workspaceId = "";
let mboxPath = "";
const mboxDir = fs.mkdtempSync(path.join(os.tmpdir(), "aiva-e2e-ai-"));

function message(opts: { from: string; fromName: string; subject: string; id: string; at: Date; headers?: string[]; body: string[] }) {
  return [
    `From ${opts.from} ${postmarkDate(opts.at)}`,
    "X-Gmail-Labels: Inbox,Unread",
    `From: ${opts.fromName} <${opts.from}>`,
    `To: ${lin.name} <${lin.email}>`,
    `Subject: ${opts.subject}`,
    `Message-ID: <${opts.id}>`,
    `Date: ${opts.at.toUTCString().replace("GMT", "+0000")}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    ...(opts.headers ?? []),
    "",
    ...opts.body,
    "",
  ].join("\n");
}

function mailbox(): string {
  return [
    message({
      from: "maya@orchard.test",
      fromName: "Maya Patel",
      subject: "Q3 budget for the board",
      id: "budget-1@orchard.test",
      at: hoursAgo(4),
      body: ["Hi Lin,", "", "Could you please send me the Q3 budget spreadsheet by Friday? The board meets next week.", "", "Thanks,", "Maya"],
    }),
    message({
      from: "omar@orchard.test",
      fromName: "Omar Haddad",
      subject: "Roadmap sync",
      id: "roadmap-1@orchard.test",
      at: hoursAgo(2),
      body: ["Hi Lin,", "", "Can we meet tomorrow at 3pm in Room 4 to go over the roadmap? It should take about an hour.", "", "Omar"],
    }),
    message({
      from: "news@gadgets.test",
      fromName: "Gadget Weekly",
      subject: "This week: 10 gadgets we loved",
      id: "weekly-88@gadgets.test",
      at: hoursAgo(1),
      headers: ["List-Unsubscribe: <https://gadgets.test/unsubscribe?u=88>", "List-Id: Gadget Weekly <weekly.gadgets.test>", "Precedence: bulk"],
      body: ["Our favourite gadgets this week, hand-picked by the editors.", "", "Unsubscribe: https://gadgets.test/unsubscribe?u=88"],
    }),
  ].join("\n");
}

function row(subject: string): Locator {
  return page.getByRole("list", { name: "Messages" }).getByRole("listitem").filter({ hasText: subject });
}

async function openThread(subject: string) {
  await page.goto(`/w/${workspaceId}/inbox`);
  await row(subject).getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: subject })).toBeVisible();
}

test.beforeAll(async ({ browser }) => {
  mboxPath = path.join(mboxDir, "work.mbox");
  fs.writeFileSync(mboxPath, mailbox());
  context = await browser.newContext({ viewport: { width: 1280, height: 860 }, permissions: ["clipboard-read", "clipboard-write"] });
  page = await context.newPage();
});

test.afterAll(async () => {
  await context?.close();
  fs.rmSync(mboxDir, { recursive: true, force: true });
});

test("(a) Lin signs up and turns on task suggestions in Settings → AI", async () => {
  workspaceId = await signUp(page, lin);

  await page.goto(`/w/${workspaceId}/settings#ai`);
  const ai = page.locator("#ai");
  await expect(ai.getByText("OpenAI isn't set up on this server")).toBeVisible();
  const suggestTasks = ai.getByRole("switch", { name: "Suggest tasks" });
  await expect(suggestTasks).toHaveAttribute("aria-checked", "false");
  await suggestTasks.click();
  await expect(page.getByText("AI settings saved.")).toBeVisible();
  await expect(suggestTasks).toHaveAttribute("aria-checked", "true");
  await page.reload();
  await expect(page.locator("#ai").getByRole("switch", { name: "Suggest tasks" })).toHaveAttribute("aria-checked", "true");
});

test("(b) imports a mailbox; the inbox shows priorities, categories and summaries", async () => {
  await page.goto(`/w/${workspaceId}/settings#import`);
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: /Drop \.mbox or \.eml files here/ }).click();
  await (await chooser).setFiles(mboxPath);
  const item = page.getByRole("list", { name: "Uploads" }).getByRole("listitem").last();
  await expect(item.getByRole("status")).toHaveText("Imported 3 messages · 0 already here · 0 failed", { timeout: 30_000 });

  // The background job classifies within seconds of the import.
  await page.goto(`/w/${workspaceId}/inbox`);
  await expect(async () => {
    await page.reload();
    await expect(row("This week: 10 gadgets")).toContainText("Newsletter", { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(row("Q3 budget for the board")).toContainText(/Needs reply|Action required/);
  await screenshot(page, "ai-01-inbox-classified");
});

test("(c) the reader explains the message and offers its task; Lin adds it", async () => {
  await openThread("Q3 budget for the board");
  const panel = page.getByRole("region", { name: "AI summary" });
  await expect(panel).toBeVisible();
  await expect(panel.getByText(/budget/i).first()).toBeVisible();
  const add = panel.getByRole("button", { name: /^Add task: / });
  await expect(add).toBeVisible();
  await screenshot(page, "ai-02-reader-panel");
  await add.first().click();
  await expect(page.getByText("Task added.")).toBeVisible();
  await expect(panel.getByRole("link", { name: /In Tasks/ })).toBeVisible();
});

test("(d) a professional draft is written for her, and can be copied", async () => {
  const draftGroup = page.getByRole("group", { name: "Draft a reply with AI" });
  await draftGroup.getByRole("button", { name: "Professional" }).click();
  const reply = page.getByRole("textbox", { name: "Reply" });
  await expect(reply).toHaveValue(/Maya/, { timeout: 20_000 });
  await expect(reply).toHaveValue(/Lin/);
  await expect(page.getByText("Draft saved")).toBeVisible();
  await screenshot(page, "ai-03-professional-draft");
  await page.getByRole("button", { name: "Copy" }).click();
  await expect(page.getByText(/Copied/)).toBeVisible();
});

test("(e) the meeting request goes into the calendar after she checks it", async () => {
  await openThread("Roadmap sync");
  const panel = page.getByRole("region", { name: "AI summary" });
  await panel.getByRole("button", { name: "Add to calendar" }).click();
  const dialog = page.getByRole("dialog", { name: "Add the meeting to your calendar" });
  await expect(dialog.getByLabel("Location")).toHaveValue(/Room 4/);
  await screenshot(page, "ai-04-meeting-dialog");
  await dialog.getByRole("button", { name: "Add to calendar" }).click();
  await expect(page.getByText("Added to your calendar.")).toBeVisible();
  await expect(panel.getByRole("link", { name: /In calendar/ })).toBeVisible();

  // "In calendar" opens the calendar on the meeting's day.
  await panel.getByRole("link", { name: /In calendar/ }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${workspaceId}/calendar\\?view=day&date=\\d{4}-\\d{2}-\\d{2}$`));
  const meeting = page.getByRole("button", { name: /Room 4$/ });
  await expect(meeting).toBeVisible();
  await expect(meeting).not.toHaveAccessibleName(/suggested/);
  await screenshot(page, "ai-05-calendar");
  // The event leads back to the message it came from.
  await meeting.click();
  await expect(page.getByRole("link", { name: "Roadmap sync" })).toBeVisible();
});

test("(f) Tasks lists the confirmed task with its due date and source", async () => {
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Tasks" }).click();
  await expect(page).toHaveURL(`/w/${workspaceId}/tasks`);
  const open = page.getByRole("region", { name: "Open" });
  await expect(open.getByText(/budget/i).first()).toBeVisible();
  await expect(open.getByText(/^Due /)).toBeVisible();
  await expect(open.getByRole("link", { name: /Q3 budget for the board/ })).toBeVisible();
  await screenshot(page, "ai-06-tasks");

  await open.getByRole("checkbox").first().click();
  await expect(page.getByText("Task completed.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Done" })).toBeVisible();
});

test("(g) Settings shows what the AI did and what it cost", async () => {
  await page.goto(`/w/${workspaceId}/settings#ai`);
  const ai = page.locator("#ai");
  await expect(ai.getByText("Decided by rules")).toBeVisible();
  await expect(ai.getByText("$0", { exact: true })).toBeVisible();
  await ai.scrollIntoViewIfNeeded();
  await screenshot(page, "ai-07-settings");
});

test("(h) / searches the mailbox, with operators and highlighted matches", async () => {
  await page.goto(`/w/${workspaceId}/inbox`);
  await expect(page.getByRole("list", { name: "Messages" }).getByRole("listitem").first().locator("time").last()).not.toBeEmpty();
  await page.keyboard.press("/");
  const box = page.getByRole("searchbox", { name: "Search mail" });
  await expect(box).toBeFocused();
  await box.fill("budget from:maya");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/inbox\?q=budget/);
  await expect(page.getByRole("heading", { name: "Search" })).toBeVisible();
  const results = page.getByRole("list", { name: "Messages" }).getByRole("listitem");
  await expect(results).toHaveCount(1);
  await expect(results.first().locator("mark").first()).toHaveText(/budget/i);
  await screenshot(page, "ai-08-search");

  await box.fill("is:maybe");
  await box.press("Enter");
  await expect(page.getByText(/Unknown "is:maybe"/)).toBeVisible();
  await box.press("Escape");
  await expect(page).toHaveURL(`/w/${workspaceId}/inbox`);
});

test("(i) Ctrl+K opens the command palette: go anywhere, search, switch theme", async () => {
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Command palette" });
  await expect(palette).toBeVisible();
  await page.keyboard.type("tasks");
  await screenshot(page, "ai-09-command-palette");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(`/w/${workspaceId}/tasks`);
  await expect(palette).toBeHidden();

  await page.keyboard.press("Control+k");
  await page.keyboard.type("roadmap");
  await page.getByRole("option", { name: /Search mail for “roadmap”/ }).click();
  await expect(page).toHaveURL(/\/inbox\?q=roadmap/);
  await expect(page.getByRole("list", { name: "Messages" }).getByRole("listitem")).toHaveCount(1);
});

test("(j) mail that arrives while the inbox is open appears without a reload, then gets its AI marks", async () => {
  test.setTimeout(90_000);
  await page.goto(`/w/${workspaceId}/inbox?view=newest`);
  await expect(page.getByRole("list", { name: "Messages" }).getByRole("listitem")).toHaveCount(3);
  const late = message({
    from: "maya@orchard.test",
    fromName: "Maya Patel",
    subject: "Urgent: the board moved to tomorrow",
    id: "late-1@orchard.test",
    at: hoursAgo(0.1),
    body: ["Lin, the board meeting moved to tomorrow morning. Please send the budget today.", "", "Maya"],
  });
  const response = await page.request.post(`/api/import?workspaceId=${workspaceId}&name=late.mbox`, {
    data: late,
    headers: { "Content-Type": "application/octet-stream" },
  });
  expect(response.ok()).toBe(true);
  const arrived = row("Urgent: the board moved to tomorrow");
  await expect(arrived).toBeVisible({ timeout: 40_000 });
  await expect(arrived).toContainText(/Urgent|High/, { timeout: 40_000 });
  await screenshot(page, "ai-10-live-arrival");
});

test("(k) Contacts lists the people she corresponds with, and finds them", async () => {
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Contacts" }).click();
  await expect(page).toHaveURL(`/w/${workspaceId}/contacts`);
  const table = page.getByRole("table", { name: "Contacts" });
  await expect(table.getByRole("link", { name: "Maya Patel" })).toBeVisible();
  await expect(table.getByRole("link", { name: "Omar Haddad" })).toBeVisible();
  await screenshot(page, "ai-11-contacts");
  await page.getByRole("searchbox", { name: "Find a contact" }).fill("omar");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/contacts\?q=omar/);
  await expect(table.getByRole("row")).toHaveCount(2);
  await table.getByRole("link", { name: "Omar Haddad" }).click();
  await expect(page).toHaveURL(/inbox\?q=from%3Aomar/);
  await expect(page.getByRole("list", { name: "Messages" }).getByRole("listitem")).toHaveCount(1);
});

test("(l) filters narrow the inbox to one category or priority, kept in the link", async () => {
  await page.goto(`/w/${workspaceId}/inbox`);
  await page.getByRole("combobox", { name: "Categories" }).click();
  await page.getByRole("option", { name: "Newsletter" }).click();
  await expect(page).toHaveURL(/category=newsletter/);
  const rows = page.getByRole("list", { name: "Messages" }).getByRole("listitem");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("This week: 10 gadgets");
  await screenshot(page, "ai-12-filtered");
  await page.getByRole("combobox", { name: "Categories" }).click();
  await page.getByRole("option", { name: "All categories" }).click();
  await expect(rows).toHaveCount(4);
});
