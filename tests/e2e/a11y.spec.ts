import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type BrowserContext, type Page, expect, test } from "@playwright/test";
import { hoursAgo, postmarkDate, signUp } from "./support";

// axe-core over every page a signed-in person sees, with mail and AI results in them, in
// light and dark: no serious or critical violations (WCAG 2 A/AA rules).
test.describe.configure({ mode: "serial" });

const run = `${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
const sam = { name: "Sam Okafor", email: `sam-${run}@example.com`, password: "lantern-harbor-77" };
let context: BrowserContext;
let page: Page;
let workspaceId = "";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aiva-e2e-a11y-"));

function mbox(): string {
  const at = hoursAgo(3);
  return [
    `From priya@orchard.test ${postmarkDate(at)}`,
    "From: Priya Shah <priya@orchard.test>",
    `To: ${sam.name} <${sam.email}>`,
    "Subject: Design review on Thursday",
    "Message-ID: <review-1@orchard.test>",
    `Date: ${at.toUTCString().replace("GMT", "+0000")}`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Hi Sam, can we meet Thursday at 2pm in Room 7 for the design review? Please bring the mockups.",
    "",
  ].join("\n");
}

async function expectNoSeriousViolations(name: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary?.split("\n").slice(1, 2).join("")}`).slice(0, 4).join(" | ")}`);
  expect(report, `${name}: axe found serious or critical violations`).toEqual([]);
}

test.beforeAll(async ({ browser }) => {
  fs.writeFileSync(path.join(dir, "a11y.mbox"), mbox());
  context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  page = await context.newPage();
});
test.afterAll(async () => {
  await context?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test("sign-up and sign-in pages", async () => {
  await page.goto("/sign-in");
  await expectNoSeriousViolations("sign-in");
  await page.goto("/sign-up");
  await expectNoSeriousViolations("sign-up");
});

test("every page of a workspace with mail in it, light and dark", async () => {
  test.setTimeout(120_000);
  workspaceId = await signUp(page, sam);
  await expectNoSeriousViolations("empty inbox");

  await page.goto(`/w/${workspaceId}/settings#import`);
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: /Drop \.mbox or \.eml files here/ }).click();
  await (await chooser).setFiles(path.join(dir, "a11y.mbox"));
  await expect(page.getByRole("list", { name: "Uploads" }).getByRole("listitem").last().getByRole("status")).toHaveText(/Imported 1 message/, {
    timeout: 30_000,
  });

  for (const theme of ["light", "dark"] as const) {
    await page.evaluate((t) => localStorage.setItem("theme", t), theme);
    await page.goto(`/w/${workspaceId}/inbox`);
    const rows = page.getByRole("list", { name: "Messages" }).getByRole("listitem");
    await expect(rows).toHaveCount(1);
    await expect(async () => {
      await page.reload();
      await expect(rows.first()).toContainText(/Meeting|Work/, { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await expectNoSeriousViolations(`inbox (${theme})`);

    await rows.first().getByRole("link").click();
    await expect(page.getByRole("region", { name: "AI summary" })).toBeVisible();
    await expectNoSeriousViolations(`reader (${theme})`);

    for (const section of ["tasks", "calendar", "calendar?view=month", "calendar?view=day", "contacts", "settings"]) {
      await page.goto(`/w/${workspaceId}/${section}`);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectNoSeriousViolations(`${section} (${theme})`);
    }
    await page.goto(`/w/${workspaceId}/inbox?q=design`);
    await expectNoSeriousViolations(`search (${theme})`);
  }
});
