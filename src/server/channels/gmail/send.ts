import { composeMessage } from "../compose-message";
import { ChannelError } from "../errors";
import type { AdapterContext, NormalizedMessage, OutgoingMessage } from "../types";
import { openGmail } from "./gmail-session";
import { toNormalized } from "./mappers";

// Sending through Gmail: the message is built here (RFC 822 with Message-ID, In-Reply-To
// and References), handed to messages.send with the conversation's threadId, and the copy
// Gmail filed under SENT is read back so it is stored exactly as the next sync would see it.

/** The message as RFC 822 bytes, Bcc kept (Gmail reads recipients from the headers and strips Bcc). */
export const composeRaw = (message: OutgoingMessage, now = new Date()): Promise<Buffer> => composeMessage(message, { keepBcc: true, now });

export async function sendGmail(context: AdapterContext, message: OutgoingMessage): Promise<NormalizedMessage> {
  if (message.to.length + message.cc.length + message.bcc.length === 0) throw new ChannelError("Add at least one recipient.", "config");
  const api = await openGmail(context.connection, context.secrets, context.signal);
  try {
    const raw = (await composeRaw(message)).toString("base64url");
    const threadId = message.inReplyTo?.providerThreadId ?? undefined;
    // Not idempotent: after an unclear failure (5xx, dropped connection) a retry could send twice.
    const sent = await api.call(() => api.gmail.users.messages.send({ userId: "me", requestBody: { raw, threadId } }), { idempotent: false });
    const id = sent.data.id;
    if (!id) throw new ChannelError("Gmail accepted the message but didn't say where it is. It was sent; refresh to see it.", "transient");
    const copy = await api.call(() => api.gmail.users.messages.get({ userId: "me", id, format: "raw" }));
    const normalized = await toNormalized(copy.data);
    return { ...normalized, direction: "outbound", isRead: true };
  } finally {
    await api.tokensSaved().catch(() => {});
  }
}
