import { ChannelError, MessageGoneError } from "../errors";
import type { AdapterContext, StoredMessageLocator } from "../types";
import { openGmail } from "./gmail-session";
import { httpStatus } from "./google-errors";

// A stored message's source from Gmail (messages.get, format "raw"), for an attachment
// download. Gmail ids never change when labels do, so the id is the whole locator; a 404
// means the message was deleted at Gmail (emptied from Trash, or deleted for good).

const isNotFound = (error: unknown) => httpStatus(error) === 404 || (error instanceof ChannelError && httpStatus(error.cause) === 404);

export async function fetchGmailRaw(context: AdapterContext, message: StoredMessageLocator): Promise<Buffer> {
  const id = typeof message.providerMeta.gmailId === "string" ? message.providerMeta.gmailId : message.providerMessageId;
  const api = await openGmail(context.connection, context.secrets, context.signal);
  try {
    const response = await api.call(() => api.gmail.users.messages.get({ userId: "me", id, format: "raw" }));
    if (!response.data.raw) throw new ChannelError("Gmail returned this message without its content. Try again in a moment.", "transient");
    return Buffer.from(response.data.raw, "base64url");
  } catch (error) {
    if (isNotFound(error)) throw new MessageGoneError("This message is no longer in the Gmail account: it was deleted there.");
    throw error;
  } finally {
    await api.tokensSaved().catch(() => {});
  }
}
