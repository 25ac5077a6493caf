import path from "node:path";
import { type Page, expect, test } from "@playwright/test";

// What several browser journeys share: signing up, saving a screenshot for people to
// look at, and writing mbox dates.

export type Person = { name: string; email: string; password: string };

/** Signs up through the form and returns the new personal workspace's id. */
export async function signUp(page: Page, person: Person): Promise<string> {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/w\/[0-9a-f-]{36}\/inbox$/);
  return /\/w\/([0-9a-f-]{36})\//.exec(page.url())![1]!;
}

/** A full-page screenshot in test-results/screens/<name>.png. */
export async function screenshot(page: Page, name: string) {
  const dir = path.join(test.info().project.outputDir, "screens");
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

export const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000);

/** The date of an mbox "From " line: "Sun Nov 22 04:16:00 2026" (UTC). */
export const postmarkDate = (d: Date) =>
  `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
