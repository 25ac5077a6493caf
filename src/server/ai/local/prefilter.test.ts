import { describe, expect, test } from "vitest";
import { prefilter } from "./prefilter";
import { aiMessage, inputOf } from "./test-helpers";

const newsletter = aiMessage({
  subject: "Acme Weekly: five stories for you",
  from: { name: "Acme News", email: "news@acme.example" },
  headers: {
    "list-unsubscribe": "<https://acme.example/unsubscribe?u=123>, <mailto:unsubscribe@acme.example>",
    "list-id": "Acme Weekly <weekly.acme.example>",
  },
  bodyText: "In this issue:\n- Five ways to cut costs\n- Our new office\n\nRead more on our site.\n\nUnsubscribe | Manage preferences",
});

describe("prefilter: decides without a model", () => {
  test("a newsletter with List-Unsubscribe", () => {
    const decided = prefilter(inputOf(newsletter));
    expect(decided).not.toBeNull();
    const c = decided!.classification;
    expect(c.category).toBe("newsletter");
    expect(c.bulk).toBe(true);
    expect(c.spam).toBe(false);
    expect(c.priority).toBe("low");
    expect(c.actionability).toBe("none");
    expect(c.reason).toBe("low: newsletter from Acme News (List-Unsubscribe)");
    expect(c.shortSummary).toBe("Acme Weekly: five stories for you");
    expect(decided!.tasks).toEqual([]);
    expect(decided!.meeting).toBeNull();
  });

  test("an automated notification from a no-reply sender", () => {
    const decided = prefilter(
      inputOf(
        aiMessage({
          subject: "[aiva/main] Build failed: 3 tests",
          from: { name: "GitHub", email: "noreply@github.com" },
          bodyText: "The build for commit 1a2b3c has failed. View the logs to see what went wrong.",
        }),
      ),
    );
    expect(decided?.classification.category).toBe("notification");
    expect(decided?.classification.priority).toBe("low");
    expect(decided?.classification.bulk).toBe(true);
    expect(decided?.classification.reason).toMatch(/^low: automated notice from GitHub \(no-reply sender\)/);
  });

  test("a sign-in code", () => {
    const decided = prefilter(
      inputOf(
        aiMessage({
          subject: "Your verification code",
          from: { name: "Example Accounts", email: "no-reply@accounts.example.com" },
          bodyText: "Your verification code is 482913. It expires in 10 minutes. If you didn't ask for it, ignore this email.",
        }),
      ),
    );
    expect(decided?.classification.category).toBe("security");
    expect(decided?.classification.actionability).toBe("fyi");
    expect(decided?.classification.bulk).toBe(false);
    expect(decided?.classification.reason).toContain("verification code");
  });

  test("a security alert is high priority", () => {
    const decided = prefilter(
      inputOf(
        aiMessage({
          subject: "Security alert: new sign-in on Windows",
          from: { name: "Google", email: "no-reply@accounts.google.com" },
          bodyText: "We noticed a new sign-in to your Google Account on a Windows device. If this was you, you don't need to do anything.",
        }),
      ),
    );
    expect(decided?.classification.category).toBe("security");
    expect(decided?.classification.priority).toBe("high");
  });

  test("a receipt", () => {
    const decided = prefilter(
      inputOf(
        aiMessage({
          subject: "Your order #112-4455 receipt",
          from: { name: "Example Shop", email: "orders@shop.example.com" },
          bodyText: "Thank you for your order. Total charged: $45.00 to your Visa ending 1234. It will ship in 2 days.",
        }),
      ),
    );
    expect(decided?.classification.category).toBe("finance");
    expect(decided?.classification.priority).toBe("low");
    expect(decided?.classification.reason).toBe("low: receipt or order update from Example Shop");
  });

  test("a bill with a due date yields a payment task", () => {
    const decided = prefilter(
      inputOf(
        aiMessage({
          subject: "Your Power Co bill is ready",
          from: { name: "Power Co", email: "billing@power.example.com" },
          bodyText: "Your statement is available. Amount due: $82.10. Payment due by June 1.",
        }),
      ),
    );
    expect(decided?.classification.category).toBe("finance");
    expect(decided?.tasks).toHaveLength(1);
    expect(decided?.tasks[0]?.title).toBe("Pay the Power Co bill");
    expect(decided?.tasks[0]?.dueAllDay).toBe(true);
    expect(decided?.tasks[0]?.due?.toISOString()).toBe("2001-06-01T19:00:00.000Z");
  });

  test("the provider's category label (Gmail API and Takeout spellings)", () => {
    const promo = prefilter(inputOf(aiMessage({ subject: "Hello", from: { name: "Dana", email: "dana@shop.example" }, labels: ["INBOX", "CATEGORY_PROMOTIONS"], bodyText: "New arrivals are in." })));
    expect(promo?.classification.category).toBe("marketing");
    expect(promo?.classification.priority).toBe("noise");
    const social = prefilter(inputOf(aiMessage({ subject: "Hi", labels: ["Category Social"], bodyText: "Someone commented." })));
    expect(social?.classification.category).toBe("social");
    const updates = prefilter(inputOf(aiMessage({ subject: "Hi", labels: ["CATEGORY_UPDATES"], bodyText: "Status changed." })));
    expect(updates?.classification.category).toBe("notification");
  });

  test("what the workspace knows about the sender", () => {
    const usual = prefilter(inputOf(aiMessage({ subject: "Deals", bodyText: "A short note." }), { received: 12, repliedTo: 0, usualCategory: "marketing" }));
    expect(usual?.classification.category).toBe("marketing");
    expect(usual?.classification.reason).toContain("as earlier mail from this sender");
  });

  test("a correspondent the user has written to is never auto-decided", () => {
    expect(prefilter(inputOf(newsletter, { received: 20, repliedTo: 3, usualCategory: "newsletter" }))).toBeNull();
  });

  test("a person's message, a discussion-list post and an invitation go to the engine", () => {
    expect(prefilter(inputOf(aiMessage({ subject: "Q3 budget", bodyText: "Could you send me the Q3 budget by Friday?" })))).toBeNull();
    const listPost = aiMessage({
      subject: "Re: [ILUG] kernel 2.4 on an old Dell",
      from: { name: "Niall O Broin", email: "niall@linux.example" },
      headers: { "list-id": "Irish Linux Users' Group <ilug.linux.example>", "list-post": "<mailto:ilug@linux.example>", precedence: "bulk" },
      bodyText: "I had the same problem; try booting with noapic.",
    });
    expect(prefilter(inputOf(listPost))).toBeNull();
    const invite = aiMessage({ subject: "Invitation: Sync", from: { name: "Calendar", email: "calendar-notification@google.com" }, calendar: [{ method: "REQUEST", ics: "BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VEVENT\nEND:VCALENDAR\n" }] });
    expect(prefilter(inputOf(invite))).toBeNull();
  });

  test("spam with bulk headers is decided as spam", () => {
    const decided = prefilter(
      inputOf(
        aiMessage({
          subject: "GET RICH NOW!!! Guaranteed $$$ xqzvt",
          from: { name: null, email: "win9823@hotmail.example" },
          to: [],
          headers: { precedence: "bulk", date: "Tue, 28 May 0102 20:37:24 -1600" },
          bodyText: "Dear Friend, make money fast! 100% guaranteed, risk-free. Click here to claim your prize. To be removed reply with REMOVE in the subject.",
        }),
      ),
    );
    expect(decided?.classification.spam).toBe(true);
    expect(decided?.classification.category).toBe("spam");
    expect(decided?.classification.priority).toBe("noise");
    expect(decided?.classification.reason).toMatch(/^noise: spam from /);
  });
});
