import AxeBuilder from "@axe-core/playwright";
import { type BrowserContext, type Page, expect, test } from "@playwright/test";
import { screenshot as save, signUp } from "./support";

// Lena plans her week in Aiva's calendar, in New York time while the server runs in UTC:
// she creates an event by clicking a slot, looks at it by week, month and day, edits it,
// deletes it and takes that back, moves around with the keyboard, then sees a meeting Aiva
// found in a message, in dark mode and on her phone. The steps share state and run in order.
test.describe.configure({ mode: "serial" });

const run = `${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
const lena = { name: "Lena Fischer", email: `lena-${run}@example.com`, password: "copper-meadow-42" };
const ZONE = "America/New_York";
const HOUR = 48;

let context: BrowserContext;
let page: Page;
let workspaceId = "";

const calendarUrl = (query = "") => `/w/${workspaceId}/calendar${query}`;
const heading = () => page.getByRole("heading", { level: 1 });
const eventButton = (title: string) => page.getByRole("button", { name: new RegExp(`^${title},`) });
const dialog = () => page.getByRole("dialog");

async function expectNoSeriousViolations(name: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 4).join(" | ")}`);
  expect(report, `${name}: axe found serious or critical violations`).toEqual([]);
}

/** A screenshot once popovers, dialogs and toasts have finished appearing. */
async function screenshot(target: Page, name: string) {
  await target.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  await save(target, name);
}

/** Clicks the slot at `hour` in a day's column of the time grid. */
async function clickSlot(day: string, hour: number) {
  const column = page.getByRole("group", { name: day });
  await column.scrollIntoViewIfNeeded();
  await page.getByTestId("time-grid").evaluate((el, top) => (el.scrollTop = top), (hour - 2) * HOUR);
  await column.click({ position: { x: 24, y: hour * HOUR + 10 } });
}

/** A day in the browser's time zone, `offset` days from today, as yyyy-mm-dd. */
const dayFromToday = (offset: number) =>
  page.evaluate((n) => {
    const d = new Date();
    d.setDate(d.getDate() + n);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  }, offset);

test.beforeAll(async ({ browser }) => {
  context = await browser.newContext({ viewport: { width: 1280, height: 860 }, timezoneId: ZONE });
  page = await context.newPage();
  workspaceId = await signUp(page, lena);
});
test.afterAll(() => context.close());

test("the calendar opens on this week, with today marked and the hours down the side", async () => {
  await page.getByRole("link", { name: "Calendar" }).first().click();
  await expect(page).toHaveURL(calendarUrl());
  await expect(heading()).toHaveText(/Calendar: [A-Z][a-z]{2} \d{1,2} – .*\d{4}/);
  await expect(page.getByRole("button", { name: /, today: show the day$/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Week", exact: true })).toHaveAttribute("aria-pressed", "true");
  await screenshot(page, "calendar-01-week");
  await expectNoSeriousViolations("calendar week (empty)");
});

test("clicking a slot in the week creates an event there", async () => {
  await page.goto(calendarUrl("?view=week&date=2026-12-09"));
  await expect(heading()).toHaveText("Calendar: Dec 7 – 13, 2026");
  await clickSlot("Wednesday, December 9", 10);

  await expect(dialog().getByRole("heading", { name: "New event" })).toBeVisible();
  await expect(dialog().getByLabel("Start date")).toHaveValue("2026-12-09");
  await expect(dialog().getByLabel("Start time")).toHaveValue("10:00");
  await expect(dialog().getByLabel("End time")).toHaveValue("11:00");
  await dialog().getByLabel("Title").fill("Design review");
  await dialog().getByLabel("Location").fill("Room 7");
  await dialog().getByLabel("Guests").fill("priya@orchard.test");
  await dialog().getByLabel("Guests").press("Enter");
  await expect(dialog().getByRole("button", { name: "Remove priya@orchard.test" })).toBeVisible();
  await dialog().getByLabel("Description").fill("Bring the mockups.");
  await expect(dialog().getByLabel("Calendar")).toContainText("Aiva");
  await screenshot(page, "calendar-02-new-event");
  await expectNoSeriousViolations("new event dialog");
  await dialog().getByRole("button", { name: "Save" }).click();

  await expect(dialog()).toBeHidden();
  await expect(page.getByText("Event created.")).toBeVisible();
  const event = eventButton("Design review");
  await expect(event).toBeVisible();
  await expect(event).toHaveAccessibleName("Design review, Wednesday, December 9 · 10 – 11 AM, Room 7");
  await screenshot(page, "calendar-03-week-with-event");
});

test("the form refuses what can't be saved, with sentences", async () => {
  await page.keyboard.press("c");
  await expect(dialog().getByRole("heading", { name: "New event" })).toBeVisible();
  await dialog().getByLabel("End time").fill("08:00");
  await dialog().getByLabel("Guests").fill("bob@");
  await dialog().getByRole("button", { name: "Save" }).click();
  await expect(dialog().getByText("Give the event a title.")).toBeVisible();
  await expect(dialog().getByText("The event must end after it starts.")).toBeVisible();
  await expect(dialog().getByText("“bob@” is not an email address.")).toBeVisible();
  await screenshot(page, "calendar-04-form-errors");
  await page.keyboard.press("Escape");
  await expect(dialog()).toBeHidden();
});

test("the event shows in the month and in its day; the URL keeps the view", async () => {
  await page.keyboard.press("m");
  await expect(page).toHaveURL(calendarUrl("?view=month&date=2026-12-09"));
  await expect(heading()).toHaveText("Calendar: December 2026");
  await expect(page.getByTestId("month-grid")).toBeVisible();
  await expect(eventButton("Design review")).toBeVisible();
  await screenshot(page, "calendar-05-month");
  await expectNoSeriousViolations("calendar month");

  await page.getByRole("button", { name: "Wednesday, December 9: show the day" }).click();
  await expect(page).toHaveURL(calendarUrl("?view=day&date=2026-12-09"));
  await expect(heading()).toHaveText("Calendar: Wednesday, December 9, 2026");
  await expect(eventButton("Design review")).toBeVisible();

  // Reload and history bring the same views back.
  await page.reload();
  await expect(heading()).toHaveText("Calendar: Wednesday, December 9, 2026");
  await page.goBack();
  await expect(heading()).toHaveText("Calendar: December 2026");
  await page.goForward();
  await expect(heading()).toHaveText("Calendar: Wednesday, December 9, 2026");
});

test("clicking the event shows its details; Edit changes it", async () => {
  await eventButton("Design review").click();
  const details = page.getByRole("dialog", { name: "Design review" });
  await expect(details).toContainText("Wednesday, December 9 · 10 – 11 AM");
  await expect(details).toContainText("Room 7");
  await expect(details).toContainText("priya@orchard.test");
  await expect(details).toContainText("Bring the mockups.");
  await screenshot(page, "calendar-06-details");
  await expectNoSeriousViolations("event details");

  await details.getByRole("button", { name: "Edit event" }).click();
  await expect(dialog().getByRole("heading", { name: "Edit event" })).toBeVisible();
  await dialog().getByLabel("Title").fill("Design review, round two");
  await dialog().getByLabel("Start time").fill("14:00");
  // The end moves with the start: still an hour.
  await expect(dialog().getByLabel("End time")).toHaveValue("15:00");
  await dialog().getByRole("button", { name: "Save" }).click();
  await expect(dialog()).toBeHidden();
  await expect(eventButton("Design review, round two")).toHaveAccessibleName(/Wednesday, December 9 · 2 – 3 PM/);
});

test("dragging over free time creates an event of that length; overlapping events sit side by side", async () => {
  await page.goto(calendarUrl("?view=week&date=2026-12-09"));
  const column = page.getByRole("group", { name: "Wednesday, December 9" });
  await page.getByTestId("time-grid").evaluate((el, top) => (el.scrollTop = top), 12 * HOUR);
  const box = (await column.boundingBox())!;
  // From 1:30 PM (free) down into the quarter hour starting at 2:15 PM (over the 2 PM event).
  await page.mouse.move(box.x + 30, box.y + 13.5 * HOUR + 4);
  await page.mouse.down();
  await page.mouse.move(box.x + 30, box.y + 14 * HOUR + 4, { steps: 5 });
  await page.mouse.move(box.x + 30, box.y + 14.25 * HOUR + 4, { steps: 5 });
  await page.mouse.up();
  await expect(dialog().getByLabel("Start time")).toHaveValue("13:30");
  await expect(dialog().getByLabel("End time")).toHaveValue("14:30");
  await dialog().getByLabel("Title").fill("Vendor call");
  await dialog().getByLabel("Title").press("Enter");
  await expect(dialog()).toBeHidden();

  // The earlier one on the left, the other beside it, each half the day's width.
  const earlier = (await eventButton("Vendor call").boundingBox())!;
  const later = (await eventButton("Design review, round two").boundingBox())!;
  expect(earlier.x + earlier.width).toBeLessThanOrEqual(later.x + 1);
  expect(earlier.width).toBeGreaterThan(30);
  expect(Math.abs(earlier.width - later.width)).toBeLessThan(4);
  await screenshot(page, "calendar-07-week-overlap");
  await expectNoSeriousViolations("calendar week with events");
});

test("an all-day event over several days shows as one bar, in the month and the week", async () => {
  await page.keyboard.press("m");
  await expect(heading()).toHaveText("Calendar: December 2026");
  // An empty part of a day makes an all-day event on it.
  await page.getByRole("group", { name: "Monday, December 14" }).click({ position: { x: 8, y: 95 } });
  await expect(dialog().getByRole("switch", { name: "All day" })).toBeChecked();
  await expect(dialog().getByLabel("Start date")).toHaveValue("2026-12-14");
  await expect(dialog().getByLabel("Start time")).toBeHidden();
  await dialog().getByLabel("Title").fill("Offsite in Lisbon");
  await dialog().getByLabel("End date").fill("2026-12-16");
  await dialog().getByRole("button", { name: "Save" }).click();
  await expect(dialog()).toBeHidden();
  const bar = eventButton("Offsite in Lisbon");
  await expect(bar).toHaveAccessibleName("Offsite in Lisbon, December 14 – 16");
  const cell = (await page.getByRole("group", { name: "Monday, December 14" }).boundingBox())!;
  expect((await bar.boundingBox())!.width).toBeGreaterThan(cell.width * 2.5);
  await screenshot(page, "calendar-08-month-all-day");

  await page.getByRole("button", { name: "Next month" }).click();
  await expect(heading()).toHaveText("Calendar: January 2027");
  await page.getByRole("button", { name: "Previous month" }).click();
  await page.keyboard.press("w");
  await page.keyboard.press("j");
  await expect(heading()).toHaveText("Calendar: Dec 14 – 20, 2026");
  await expect(bar).toBeVisible();
  await screenshot(page, "calendar-09-week-all-day");
  await page.keyboard.press("k");
  await expect(heading()).toHaveText("Calendar: Dec 7 – 13, 2026");
  await page.keyboard.press("d");
  await expect(heading()).toHaveText("Calendar: Wednesday, December 9, 2026");
});

test("deleting shows at once and can be undone", async () => {
  await eventButton("Design review, round two").click();
  await page.getByRole("dialog", { name: "Design review, round two" }).getByRole("button", { name: "Delete event" }).click();
  await expect(eventButton("Design review, round two")).toBeHidden();
  const toast = page.locator("[data-sonner-toast]").filter({ hasText: "Event deleted." });
  await expect(toast).toBeVisible();
  await screenshot(page, "calendar-10-deleted-with-undo");
  await toast.getByRole("button", { name: "Undo" }).click();
  await expect(eventButton("Design review, round two")).toBeVisible();
  // Still there after a reload: the undo reached the server.
  await page.reload();
  await expect(eventButton("Design review, round two")).toBeVisible();
});

test("the keyboard moves between ranges and views", async () => {
  await page.keyboard.press("w");
  await expect(heading()).toHaveText("Calendar: Dec 7 – 13, 2026");
  await page.keyboard.press("j");
  await expect(heading()).toHaveText("Calendar: Dec 14 – 20, 2026");
  await expect(page).toHaveURL(calendarUrl("?view=week&date=2026-12-16"));
  await page.keyboard.press("k");
  await page.keyboard.press("p");
  await expect(heading()).toHaveText("Calendar: Nov 30 – Dec 6, 2026");
  await page.keyboard.press("n");
  await expect(heading()).toHaveText("Calendar: Dec 7 – 13, 2026");
  await expect(eventButton("Design review, round two")).toBeVisible();
  await page.keyboard.press("d");
  await expect(heading()).toHaveText("Calendar: Wednesday, December 9, 2026");
  await page.keyboard.press("j");
  await expect(heading()).toHaveText("Calendar: Thursday, December 10, 2026");
  await page.keyboard.press("t");
  await expect(page).toHaveURL(calendarUrl("?view=day"));
  await expect(page.getByRole("group", { name: new RegExp(`^${await page.evaluate(() => new Date().toLocaleDateString("en-US", { weekday: "long", month: "long", day: "numeric" }))}$`) })).toBeVisible();
  await expectNoSeriousViolations("calendar day (today)");
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Calendar shortcuts" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toBeHidden();
});

test("a meeting Aiva found in a message shows dashed, links to the message, and can be added", async () => {
  await page.goto(`/w/${workspaceId}/inbox`);
  await page.getByRole("button", { name: "Try it with sample mail" }).click();
  await expect(page).not.toHaveURL(new RegExp(workspaceId));
  await expect(page).toHaveURL(/\/w\/[0-9a-f-]{36}\/inbox$/);
  const demoId = /\/w\/([0-9a-f-]{36})\//.exec(page.url())![1]!;

  // The sample asks to meet "tomorrow at 3pm" in Room 4.
  await page.goto(`/w/${demoId}/calendar?view=day&date=${await dayFromToday(1)}`);
  const suggestion = page.getByRole("button", { name: /, suggested from a message, Room 4$/ });
  await expect(suggestion).toBeVisible();
  await expect(suggestion).toHaveAccessibleName(/· 3 – 3:30 PM/);
  await suggestion.click();
  const details = page.getByRole("dialog", { name: /.+/ }).filter({ hasText: "It isn't in your calendar until you add it." });
  await expect(details.getByRole("link", { name: "Roadmap sync" })).toHaveAttribute("href", new RegExp(`/w/${demoId}/inbox/`));
  await screenshot(page, "calendar-11-suggestion");
  await details.getByRole("button", { name: "Add to calendar" }).click();
  await expect(dialog().getByRole("heading", { name: "Add to your calendar" })).toBeVisible();
  await dialog().getByRole("button", { name: "Add to calendar" }).click();
  await expect(page.getByText("Added to your calendar.")).toBeVisible();
  await expect(page.getByRole("button", { name: /Room 4$/ })).not.toHaveAccessibleName(/suggested/);

  // The message it came from opens from the event.
  await page.getByRole("button", { name: /Room 4$/ }).click();
  await page.getByRole("link", { name: "Roadmap sync" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Roadmap sync" })).toBeVisible();
});

test("dark mode", async () => {
  await page.evaluate(() => localStorage.setItem("theme", "dark"));
  await page.goto(calendarUrl("?view=week&date=2026-12-09"));
  await expect(eventButton("Design review, round two")).toBeVisible();
  await screenshot(page, "calendar-12-week-dark");
  await expectNoSeriousViolations("calendar week (dark)");
  await page.goto(calendarUrl("?view=month&date=2026-12-09"));
  await expect(eventButton("Design review, round two")).toBeVisible();
  await screenshot(page, "calendar-13-month-dark");
  await expectNoSeriousViolations("calendar month (dark)");
  await page.evaluate(() => localStorage.setItem("theme", "light"));
});

test("on a phone it opens on the day, and events can be made there", async ({ browser }) => {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, timezoneId: ZONE, storageState: await context.storageState() });
  const small = await phone.newPage();
  try {
    await small.goto(calendarUrl());
    await expect(small.getByRole("button", { name: "Day", exact: true })).toHaveAttribute("aria-pressed", "true");
    await expect(small.getByRole("heading", { level: 1 })).toHaveText(/Calendar: [A-Z][a-z]+day, /);
    await small.goto(calendarUrl("?view=day&date=2026-12-09"));
    await expect(small.getByRole("button", { name: /^Design review, round two,/ })).toBeVisible();
    await screenshot(small, "calendar-14-phone-day");
    await small.getByRole("button", { name: "New event" }).click();
    await expect(small.getByRole("dialog").getByLabel("Title")).toBeVisible();
    await screenshot(small, "calendar-15-phone-new-event");
    await small.keyboard.press("Escape");
    await small.goto(calendarUrl("?view=month&date=2026-12-09"));
    await expect(small.getByTestId("month-grid")).toBeVisible();
    await screenshot(small, "calendar-16-phone-month");
  } finally {
    await phone.close();
  }
});
