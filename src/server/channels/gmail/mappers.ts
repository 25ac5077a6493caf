import type { gmail_v1 } from "@googleapis/gmail";
import { parseMime } from "@/server/mail/parse-mime";
import type { NormalizedMessage, RemoteStateChange } from "../types";

// Gmail's shapes → Aiva's. Gmail states are labels: UNREAD, STARRED, INBOX (archived is
// "not in INBOX"), SENT, TRASH and SPAM; CATEGORY_* labels stay in `labels` for the AI
// pre-filter. Message ids are Gmail's own (stable, and what history reports).

/** Messages Aiva doesn't keep: unsent drafts, chats, and what sits in Trash or Spam. */
export function isSkipped(labels: readonly string[]): boolean {
  if (labels.includes("TRASH") || labels.includes("SPAM") || labels.includes("CHAT")) return true;
  return labels.includes("DRAFT") && !labels.includes("SENT");
}

export function stateFromLabels(labels: readonly string[]) {
  const outbound = labels.includes("SENT");
  return {
    direction: outbound ? ("outbound" as const) : ("inbound" as const),
    isRead: !labels.includes("UNREAD"),
    isStarred: labels.includes("STARRED"),
    // A sent message is never "in the inbox" unless it came back to it; it isn't archived.
    isArchived: !outbound && !labels.includes("INBOX"),
  };
}

/** A Gmail message fetched with format "raw" → NormalizedMessage. */
export async function toNormalized(message: gmail_v1.Schema$Message): Promise<NormalizedMessage> {
  if (!message.id) throw new Error("Gmail returned a message without an id");
  const labels = message.labelIds ?? [];
  const state = stateFromLabels(labels);
  const raw = Buffer.from(message.raw ?? "", "base64url");
  const parsed = await parseMime(raw, { direction: state.direction, providerMessageId: message.id });
  const internalDate = message.internalDate ? new Date(Number(message.internalDate)) : null;
  return {
    ...parsed,
    providerMessageId: message.id,
    providerThreadId: message.threadId ?? null,
    direction: state.direction,
    isRead: state.isRead,
    isStarred: state.isStarred,
    isArchived: state.isArchived,
    labels: [...labels],
    sentAt: parsed.sentAt ?? (internalDate && Number.isFinite(internalDate.getTime()) ? internalDate : null),
    providerMeta: { gmailId: message.id, threadId: message.threadId ?? null },
  };
}

// ---- history ------------------------------------------------------------------------------

/** Gmail history ids are decimal strings that outgrow Number: compare as BigInt. */
export function compareHistoryIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x === y ? 0 : x > y ? 1 : -1;
}

export function isHistoryId(value: unknown): value is string {
  return typeof value === "string" && /^\d{1,40}$/.test(value);
}

export type HistoryDigest = {
  /** New messages to fetch, oldest first. */
  added: string[];
  /** Final state changes per message, in the order Gmail recorded them. */
  changes: RemoteStateChange[];
};

type Change = Omit<RemoteStateChange, "providerMessageId">;

/** Label deltas → state. A delta is exact (unlike a label snapshot, which may be newer or older). */
function applyLabelDelta(change: Change, labels: readonly string[], added: boolean, messageLabels: readonly string[] | null) {
  for (const label of labels) {
    if (label === "UNREAD") change.isRead = !added;
    else if (label === "STARRED") change.isStarred = added;
    else if (label === "INBOX") {
      // A sent message leaving the inbox isn't "archived" in Aiva's sense (see stateFromLabels).
      if (added || !messageLabels?.includes("SENT")) change.isArchived = !added;
    } else if (label === "TRASH" || label === "SPAM") {
      if (added) change.deleted = true;
      else if (change.deleted) delete change.deleted;
    }
  }
}

/** Folds history records (messageAdded/Deleted, labelAdded/Removed) into fetches and state changes. */
export function digestHistory(records: readonly gmail_v1.Schema$History[]): HistoryDigest {
  const added: string[] = [];
  const seenAdded = new Set<string>();
  const changes = new Map<string, Change>();
  const change = (id: string) => {
    let existing = changes.get(id);
    if (!existing) changes.set(id, (existing = {}));
    return existing;
  };
  for (const record of records) {
    for (const item of record.messagesAdded ?? []) {
      const id = item.message?.id;
      if (!id || seenAdded.has(id)) continue;
      seenAdded.add(id);
      added.push(id);
    }
    for (const item of record.labelsAdded ?? []) {
      const id = item.message?.id;
      if (id) applyLabelDelta(change(id), item.labelIds ?? [], true, item.message?.labelIds ?? null);
    }
    for (const item of record.labelsRemoved ?? []) {
      const id = item.message?.id;
      if (id) applyLabelDelta(change(id), item.labelIds ?? [], false, item.message?.labelIds ?? null);
    }
    for (const item of record.messagesDeleted ?? []) {
      const id = item.message?.id;
      if (id) change(id).deleted = true;
    }
  }
  return {
    added,
    changes: [...changes]
      .filter(([, c]) => Object.keys(c).length > 0)
      .map(([providerMessageId, c]) => ({ providerMessageId, ...c })),
  };
}
