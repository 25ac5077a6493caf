import { mapLimit } from "@/lib/map-limit";
import type { AdapterContext, TrashTarget } from "../types";
import { openGmail } from "./gmail-session";
import { httpStatus } from "./google-errors";
import { CONCURRENCY } from "./sync";

// Delete in Aiva → users.messages.trash: the message moves to Gmail's Trash (Gmail empties
// it after 30 days), where the person can still find it. A message Gmail no longer has
// (404) is already gone: nothing to do.

export async function trashGmail(context: AdapterContext, targets: TrashTarget[]): Promise<void> {
  if (targets.length === 0) return;
  const api = await openGmail(context.connection, context.secrets, context.signal);
  try {
    await mapLimit(targets, CONCURRENCY, async (target) => {
      const id = typeof target.providerMeta.gmailId === "string" ? target.providerMeta.gmailId : target.providerMessageId;
      try {
        await api.call(() => api.gmail.users.messages.trash({ userId: "me", id }));
      } catch (error) {
        if (httpStatus(error) !== 404) throw error;
      }
    });
  } finally {
    await api.tokensSaved().catch(() => {});
  }
}
