import { describe, expect, it } from "vitest";
import { compareHistoryIds, digestHistory, isSkipped, stateFromLabels, toNormalized } from "./mappers";
import { labelDelta } from "./push-state";

const raw = (headers: string, body = "Hello") => Buffer.from(`${headers}\r\n\r\n${body}\r\n`).toString("base64url");

describe("Gmail labels as state", () => {
  it("maps UNREAD, STARRED, INBOX and SENT", () => {
    expect(stateFromLabels(["INBOX", "UNREAD"])).toEqual({ direction: "inbound", isRead: false, isStarred: false, isArchived: false });
    expect(stateFromLabels(["STARRED", "CATEGORY_UPDATES"])).toEqual({ direction: "inbound", isRead: true, isStarred: true, isArchived: true });
    expect(stateFromLabels(["SENT"])).toMatchObject({ direction: "outbound", isArchived: false });
  });

  it("skips drafts, chats, trash and spam but keeps sent drafts", () => {
    expect(isSkipped(["DRAFT"])).toBe(true);
    expect(isSkipped(["DRAFT", "SENT"])).toBe(false);
    expect(isSkipped(["TRASH", "INBOX"])).toBe(true);
    expect(isSkipped(["SPAM"])).toBe(true);
    expect(isSkipped(["CHAT"])).toBe(true);
    expect(isSkipped(["CATEGORY_FORUMS"])).toBe(false);
  });

  it("maps a raw message with Gmail's ids, labels and internal date", async () => {
    const message = await toNormalized({
      id: "18c1",
      threadId: "18c0",
      labelIds: ["INBOX", "CATEGORY_PROMOTIONS"],
      internalDate: "1700000000000",
      raw: raw("From: Shop <deals@shop.test>\r\nTo: a@b.test\r\nSubject: Sale\r\nMessage-ID: <sale@shop.test>"),
    });
    expect(message).toMatchObject({
      providerMessageId: "18c1",
      providerThreadId: "18c0",
      internetMessageId: "sale@shop.test",
      direction: "inbound",
      isRead: true,
      isArchived: false,
      labels: ["INBOX", "CATEGORY_PROMOTIONS"],
      subject: "Sale",
      providerMeta: { gmailId: "18c1", threadId: "18c0" },
    });
    expect(message.sentAt?.getTime()).toBe(1_700_000_000_000);
  });
});

describe("Gmail history", () => {
  it("compares history ids numerically, past Number's precision", () => {
    expect(compareHistoryIds("9", "10")).toBe(-1);
    expect(compareHistoryIds("17000000000000000001", "17000000000000000000")).toBe(1);
    expect(compareHistoryIds("42", "42")).toBe(0);
  });

  it("folds label deltas in order into one change per message", () => {
    const digest = digestHistory([
      { id: "1", messagesAdded: [{ message: { id: "new", labelIds: ["INBOX"] } }] },
      { id: "2", labelsRemoved: [{ message: { id: "a" }, labelIds: ["UNREAD", "INBOX"] }] },
      { id: "3", labelsAdded: [{ message: { id: "a" }, labelIds: ["UNREAD", "STARRED"] }] },
      { id: "4", labelsAdded: [{ message: { id: "b" }, labelIds: ["TRASH"] }], labelsRemoved: [{ message: { id: "b" }, labelIds: ["INBOX"] }] },
      { id: "5", messagesDeleted: [{ message: { id: "c" } }] },
      { id: "6", labelsRemoved: [{ message: { id: "sent", labelIds: ["SENT"] }, labelIds: ["INBOX"] }] },
      { id: "7", labelsAdded: [{ message: { id: "d" }, labelIds: ["Label_42"] }] },
      { id: "8", messagesAdded: [{ message: { id: "new" } }] },
    ]);
    expect(digest.added).toEqual(["new"]);
    expect(digest.changes).toEqual([
      { providerMessageId: "a", isRead: false, isArchived: true, isStarred: true },
      { providerMessageId: "b", deleted: true, isArchived: true },
      { providerMessageId: "c", deleted: true },
    ]);
  });

  it("un-trashing clears the deletion", () => {
    const digest = digestHistory([
      { id: "1", labelsAdded: [{ message: { id: "a" }, labelIds: ["TRASH"] }] },
      { id: "2", labelsRemoved: [{ message: { id: "a" }, labelIds: ["TRASH"] }], labelsAdded: [{ message: { id: "a" }, labelIds: ["INBOX"] }] },
    ]);
    expect(digest.changes).toEqual([{ providerMessageId: "a", isArchived: false }]);
  });
});

describe("state → label changes", () => {
  it("sends only real differences", () => {
    expect(labelDelta(["INBOX", "UNREAD"], { isRead: true, isStarred: false, isArchived: false })).toEqual({ add: [], remove: ["UNREAD"] });
    expect(labelDelta(["INBOX"], { isRead: false, isStarred: true, isArchived: true })).toEqual({ add: ["UNREAD", "STARRED"], remove: ["INBOX"] });
    expect(labelDelta([], { isArchived: false })).toEqual({ add: ["INBOX"], remove: [] });
  });

  it("never moves a sent message into the inbox", () => {
    expect(labelDelta(["SENT"], { isRead: true, isStarred: false, isArchived: false })).toEqual({ add: [], remove: [] });
  });
});
