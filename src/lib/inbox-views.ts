// The inbox's views, shared by the server (what each shows) and the tabs above the list.

export const INBOX_VIEWS = ["priority", "newest", "needs_reply", "unread", "starred", "sent", "archived"] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

export const INBOX_VIEW_LABELS: Record<InboxView, string> = {
  priority: "Priority",
  newest: "Newest",
  needs_reply: "Needs reply",
  unread: "Unread",
  starred: "Starred",
  sent: "Sent",
  archived: "Archived",
};

export const INBOX_VIEW_DESCRIPTIONS: Record<InboxView, string> = {
  priority: "What matters most first, then newest.",
  newest: "Everything in the inbox, newest first.",
  needs_reply: "Messages waiting for your answer.",
  unread: "What you haven't read yet.",
  starred: "Messages you starred, archived or not.",
  sent: "What you sent, from every account.",
  archived: "Out of the inbox, still here.",
};

/** Narrowing of any view: one account, one category, one priority. */
export type InboxFilters = { account?: string; category?: string; priority?: string };
