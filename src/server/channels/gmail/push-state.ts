import type { AdapterContext, LocalStateChange, RemoteStateChange } from "../types";
import { type GmailSession, openGmail } from "./gmail-session";
import { httpStatus } from "./google-errors";
import { stateFromLabels } from "./mappers";
import { mapLimit } from "@/lib/map-limit";
import { CONCURRENCY } from "./sync";

// Read / starred / archived back to Gmail as label changes. The write-back job sends each
// message's whole current state, so the labels are read first (format "minimal") and only
// real differences are sent, grouped into one batchModify per identical change. Reading
// first also keeps Aiva from adding INBOX to a sent message that was never in it.

const BATCH_MODIFY_MAX = 1000;

export type LabelDelta = { add: string[]; remove: string[] };

/** What to change on a message with `labels` so it matches `change`. */
export function labelDelta(labels: readonly string[], change: Pick<LocalStateChange, "isRead" | "isStarred" | "isArchived">): LabelDelta {
  const add: string[] = [];
  const remove: string[] = [];
  const state = stateFromLabels(labels);
  if (change.isRead !== undefined && change.isRead !== state.isRead) (change.isRead ? remove : add).push("UNREAD");
  if (change.isStarred !== undefined && change.isStarred !== state.isStarred) (change.isStarred ? add : remove).push("STARRED");
  if (change.isArchived === true && labels.includes("INBOX")) remove.push("INBOX");
  if (change.isArchived === false && state.isArchived) add.push("INBOX");
  return { add, remove };
}

async function currentLabels(api: GmailSession, id: string): Promise<string[] | null> {
  try {
    const response = await api.call(() => api.gmail.users.messages.get({ userId: "me", id, format: "minimal" }));
    return response.data.labelIds ?? [];
  } catch (error) {
    if (httpStatus(error) === 404) return null; // deleted at Gmail meanwhile: nothing to change
    throw error;
  }
}

export async function pushGmailState(context: AdapterContext, changes: LocalStateChange[]): Promise<RemoteStateChange[]> {
  if (changes.length === 0) return [];
  const api = await openGmail(context.connection, context.secrets, context.signal);
  try {
    const gmailId = (change: LocalStateChange) =>
      typeof change.providerMeta.gmailId === "string" ? change.providerMeta.gmailId : change.providerMessageId;
    const labels = await mapLimit(changes, CONCURRENCY, (change) => currentLabels(api, gmailId(change)));
    const groups = new Map<string, { delta: LabelDelta; ids: string[] }>();
    changes.forEach((change, i) => {
      const current = labels[i];
      if (!current) return;
      const delta = labelDelta(current, change);
      if (delta.add.length === 0 && delta.remove.length === 0) return;
      const key = JSON.stringify([delta.add.sort(), delta.remove.sort()]);
      const group = groups.get(key) ?? { delta, ids: [] };
      group.ids.push(gmailId(change));
      groups.set(key, group);
    });
    for (const { delta, ids } of groups.values()) {
      for (let i = 0; i < ids.length; i += BATCH_MODIFY_MAX) {
        const chunk = ids.slice(i, i + BATCH_MODIFY_MAX);
        await api.call(() =>
          api.gmail.users.messages.batchModify({
            userId: "me",
            requestBody: { ids: chunk, addLabelIds: delta.add, removeLabelIds: delta.remove },
          }),
        );
      }
    }
    // Gmail ids never change when labels do: nothing moved.
    return [];
  } finally {
    await api.tokensSaved().catch(() => {});
  }
}
