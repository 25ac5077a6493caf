import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type BrowserContext, type Page, expect, test } from "@playwright/test";
import { type MailServers, mailServersAvailable, startMailServers, withImapClient } from "../helpers/mail-servers";
import { binaryBytes, mimeWithAttachments } from "../helpers/mime-attachments";

// Lin connects her company mailbox (a real Dovecot + Postfix on loopback): a wrong password
// first, then the right one; the first sync fills her inbox; she stars a message and the
// star reaches the server; she replies and the reply shows in the conversation and in Sent;
// she downloads an attachment, fetched from the server when she asks; she deletes a
// newsletter with #, takes it back with Undo, deletes it again, and the server has it in Trash.
test.describe.configure({ mode: "serial" });
test.skip(!mailServersAvailable(), "needs real mail servers (npm run test:e2e sets AIVA_TEST_MAIL_SERVERS=1)");

const run = `${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
const lin = { name: "Lin Ma", email: `lin-${run}@example.com`, password: "mailbox-sync-2026" };

let servers: MailServers;
let context: BrowserContext;
let page: Page;
let mailbox: { email: string; password: string };
/** A signed contract with bytes no text decoding survives. */
const contractPdf = binaryBytes(24_000, 5);

async function screenshot(name: string) {
  await page.screenshot({ path: path.join(test.info().project.outputDir, "screens", `${name}.png`), fullPage: true });
}

function raw(n: number, subject: string, extra: string[] = []) {
  return [
    "From: Priya Raman <priya@partner.test>",
    `To: ${mailbox.email}`,
    `Subject: ${subject}`,
    `Date: ${new Date(Date.now() - (10 - n) * 3600_000).toUTCString()}`,
    `Message-ID: <e2e-${n}-${run}@partner.test>`,
    ...extra,
    "",
    `Hello Lin, this is note ${n}. Could you review the contract draft by Thursday?`,
    "",
  ].join("\r\n");
}

async function serverFlags(messageId: string): Promise<string[]> {
  return withImapClient(servers, mailbox, async (client) => {
    const lock = await client.getMailboxLock("INBOX");
    try {
      for await (const m of client.fetch({ header: { "message-id": messageId } }, { flags: true })) return [...(m.flags ?? [])];
      return [];
    } finally {
      lock.release();
    }
  });
}

/** Messages with this subject in a folder of someone's mailbox on the server. */
function countBySubject(user: typeof mailbox, folder: string, subject: string): Promise<number> {
  return withImapClient(servers, user, async (client) => {
    const lock = await client.getMailboxLock(folder);
    try {
      return ((await client.search({ subject })) || []).length;
    } finally {
      lock.release();
    }
  });
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(15 * 60_000);
  servers = await startMailServers();
  mailbox = servers.users[0];
  await servers.deliver(mailbox.email, raw(1, "Contract draft"));
  await servers.deliver(mailbox.email, raw(2, "Re: Contract draft", [`In-Reply-To: <e2e-1-${run}@partner.test>`]));
  await servers.deliver(mailbox.email, raw(3, "Lunch on Friday?"));
  await servers.deliver(
    mailbox.email,
    mimeWithAttachments(
      { From: "Priya Raman <priya@partner.test>", To: mailbox.email, Subject: "Signed agreement", "Message-ID": `<e2e-signed-${run}@partner.test>` },
      "Hello Lin, the signed agreement is attached.",
      [{ filename: "agreement-signed.pdf", mimeType: "application/pdf", bytes: contractPdf }],
    ),
  );
  await servers.deliver(mailbox.email, raw(4, "Quarterly newsletter"));
  context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  page = await context.newPage();
});

test.afterAll(async () => {
  await context?.close();
  await servers?.stop();
});

test("Lin signs up and opens Connected accounts", async () => {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(lin.name);
  await page.getByLabel("Email").fill(lin.email);
  await page.getByLabel("Password").fill(lin.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/w\/[0-9a-f-]{36}\/inbox$/);
  await page.getByRole("link", { name: "Settings" }).first().click();
  await expect(page.getByText("Connected accounts")).toBeVisible();
  await expect(page.getByText("No mailboxes yet.")).toBeVisible();
});

async function fillMailbox(password: string) {
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email address").fill(mailbox.email);
  await dialog.getByLabel("Email address").blur();
  await dialog.locator("#imap-host").fill("127.0.0.1");
  await dialog.locator("#imap-security").click();
  await page.getByRole("option", { name: "STARTTLS" }).click();
  await dialog.locator("#imap-port").fill(String(servers.imap.port));
  await dialog.locator("#imap-username").fill(mailbox.email);
  await dialog.locator("#imap-password").fill(password);
  await dialog.locator("#smtp-host").fill("127.0.0.1");
  await dialog.locator("#smtp-security").click();
  await page.getByRole("option", { name: "STARTTLS" }).click();
  await dialog.locator("#smtp-port").fill(String(servers.smtp.port));
  await dialog.getByLabel(/Accept a self-signed certificate/).check();
}

test("a wrong password is explained and nothing is saved", async () => {
  await page.getByRole("button", { name: "Connect a mailbox" }).click();
  await fillMailbox("not-the-password");
  await page.getByRole("dialog").getByRole("button", { name: "Connect mailbox" }).click();
  await expect(page.getByRole("dialog").getByRole("alert")).toContainText("rejected the user name or password");
  await screenshot("imap-01-wrong-password");
});

test("the right password connects, and the first sync fills the inbox", async () => {
  await page.getByRole("dialog").locator("#imap-password").fill(mailbox.password);
  await page.getByRole("dialog").getByRole("button", { name: "Connect mailbox" }).click();
  await expect(page.getByRole("dialog")).toBeHidden({ timeout: 30_000 });
  const list = page.getByRole("list", { name: "Connected mailboxes" });
  await expect(list).toContainText(mailbox.email);
  await expect(list).toContainText(/Synced just now|Synced \d+ min ago/, { timeout: 30_000 });
  await expect(list).toContainText("Connected");
  await screenshot("imap-02-connected");

  await page.getByRole("link", { name: "Inbox" }).first().click();
  const rows = page.getByRole("list", { name: "Messages" }).getByRole("listitem");
  await expect(rows.filter({ hasText: "Lunch on Friday?" })).toBeVisible();
  await expect(rows.filter({ hasText: "Contract draft" }).first()).toBeVisible();
  await screenshot("imap-03-inbox");
});

test("a star in Aiva reaches the server", async () => {
  await page.getByRole("list", { name: "Messages" }).getByRole("listitem").filter({ hasText: "Lunch on Friday?" }).click();
  await expect(page.getByRole("heading", { name: "Lunch on Friday?" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Reply" })).toBeVisible();
  await page.keyboard.press("s");
  await expect.poll(() => serverFlags(`e2e-3-${run}@partner.test`), { timeout: 20_000 }).toContain("\\Flagged");
  // Opening it marked it read, which reaches the server too.
  await expect.poll(() => serverFlags(`e2e-3-${run}@partner.test`), { timeout: 20_000 }).toContain("\\Seen");
});

test("a reply can be taken back during the undo window, then goes out over SMTP and shows in the conversation", async () => {
  const box = page.getByRole("textbox", { name: "Reply" });
  await page.keyboard.press("r");
  await expect(box).toBeFocused();
  await page.keyboard.type("Friday works. See you at noon.");
  await page.keyboard.press("Control+Enter");
  // Held for a few seconds: Undo gives the text back and nothing leaves.
  await expect(page.getByText("Sending reply…")).toBeVisible();
  await expect(box).toHaveValue("");
  await screenshot("imap-04a-undo-send");
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(page.getByText("Sending undone.")).toBeVisible();
  await expect(box).toHaveValue("Friday works. See you at noon.");
  await box.focus();
  await page.keyboard.press("Control+Enter");
  await expect(page.getByText("Reply sent.")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("list", { name: "Messages in this conversation" })).toContainText("Friday works. See you at noon.");
  await screenshot("imap-04-replied");
});

test("a professional AI draft goes out over SMTP as written, in the thread and in Sent", async () => {
  await page.getByRole("link", { name: "Inbox" }).first().click();
  await page.getByRole("list", { name: "Messages" }).getByRole("listitem").filter({ hasText: "Re: Contract draft" }).getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: "Contract draft" })).toBeVisible();
  await page.getByRole("group", { name: "Draft a reply with AI" }).getByRole("button", { name: "Professional" }).click();
  const box = page.getByRole("textbox", { name: "Reply" });
  await expect(box).toHaveValue(/Priya/, { timeout: 20_000 });
  const draft = await box.inputValue();
  await screenshot("imap-04b-professional-draft");
  await box.focus();
  await page.keyboard.press("Control+Enter");
  await expect(page.getByText("Sending reply…")).toBeVisible();
  // Once out, the reply is in the conversation as written.
  const firstLine = draft.split("\n").find((line) => line.trim().length > 0)!.trim();
  await expect(page.getByRole("list", { name: "Messages in this conversation" })).toContainText(firstLine, { timeout: 30_000 });
  await expect.poll(() => countBySubject(mailbox, "Sent", "Re: Contract draft"), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
});

test("a new message from Compose reaches its recipient", async () => {
  const bob = servers.users[1];
  await page.getByRole("link", { name: "Inbox" }).first().click();
  await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();
  await page.getByRole("button", { name: "Compose" }).click();
  const dialog = page.getByRole("dialog", { name: "New message" });
  await dialog.getByLabel("To").fill(bob.email);
  await dialog.getByLabel("Subject").fill(`Agenda ${run}`);
  await dialog.getByLabel("Message").fill("Here is the agenda for Friday.");
  await screenshot("imap-05-compose");
  await dialog.getByRole("button", { name: "Send" }).click();
  await expect(page.getByText("Message sent.")).toBeVisible({ timeout: 30_000 });
  await expect(dialog).toBeHidden();
  await expect.poll(() => countBySubject(bob, "INBOX", `Agenda ${run}`), { timeout: 30_000 }).toBe(1);
});

test("an attachment downloads from the mail server byte for byte; once deleted there, the row says why", async () => {
  await page.getByRole("link", { name: "Inbox" }).first().click();
  await page.getByRole("list", { name: "Messages" }).getByRole("listitem").filter({ hasText: "Signed agreement" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Signed agreement" })).toBeVisible();
  const link = page.getByRole("list", { name: "Attachments" }).getByRole("link", { name: /agreement-signed\.pdf/ });
  await expect(link).toContainText("23 KB");
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);

  // Keyboard: focus the link and press Enter.
  await link.focus();
  const downloading = page.waitForEvent("download");
  await page.keyboard.press("Enter");
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("agreement-signed.pdf");
  expect(fs.readFileSync(await download.path()).equals(contractPdf)).toBe(true);
  await screenshot("imap-06-attachment");

  await withImapClient(servers, mailbox, async (client) => {
    const lock = await client.getMailboxLock("INBOX");
    try {
      await client.messageDelete({ header: { "message-id": `e2e-signed-${run}@partner.test` } });
    } finally {
      lock.release();
    }
  });
  await link.click();
  await expect(page.getByText("Couldn't download agreement-signed.pdf")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText(/no longer in "INBOX" on the mail server/)).toBeVisible();
  await screenshot("imap-07-attachment-gone");
});

test("a message deleted with # comes back with Undo; deleted again, it is in the server's Trash and gone from Aiva", async () => {
  await page.getByRole("link", { name: "Inbox" }).first().click();
  const rows = page.getByRole("list", { name: "Messages" }).getByRole("listitem");
  const newsletter = rows.filter({ hasText: "Quarterly newsletter" });
  await newsletter.getByRole("link").focus();
  await page.keyboard.press("#");
  await expect(newsletter).toHaveCount(0);
  await expect(page.getByText("Message deleted.")).toBeVisible();
  // Still gone once the server has answered (no refresh brings it back during the window).
  await expect(newsletter).toHaveCount(0);
  await screenshot("imap-06a-deleted-with-undo");
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(page.getByText("Message restored.")).toBeVisible();
  await expect(newsletter).toBeVisible();

  await newsletter.getByRole("link").focus();
  await page.keyboard.press("#");
  await expect(newsletter).toHaveCount(0);
  await expect.poll(() => countBySubject(mailbox, "Trash", "Quarterly newsletter"), { timeout: 30_000 }).toBe(1);
  expect(await countBySubject(mailbox, "INBOX", "Quarterly newsletter")).toBe(0);
  await page.reload();
  await expect(rows.filter({ hasText: "Lunch on Friday?" })).toBeVisible();
  await expect(newsletter).toHaveCount(0);

  // The reader offers it as a button too, with its shortcut in the tooltip.
  await rows.filter({ hasText: "Lunch on Friday?" }).getByRole("link").click();
  const remove = page.getByRole("button", { name: "Delete" });
  await expect(remove).toHaveAttribute("aria-keyshortcuts", "# Delete");
  await remove.hover();
  await expect(page.getByRole("tooltip")).toContainText("Delete conversation");
  await screenshot("imap-06b-reader-delete-tooltip");
});
