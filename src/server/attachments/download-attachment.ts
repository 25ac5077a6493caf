import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { ChannelError, MessageGoneError } from "@/server/channels/errors";
import { loadAdapter } from "@/server/channels/registry";
import type { ChannelAdapter, StoredMessageLocator } from "@/server/channels/types";
import { channelConnections, messages } from "@/server/db/schema";
import { withUser } from "@/server/db/with-rls";
import { connectionSecrets, loadConnection } from "@/server/sync/run-sync";
import { AttachmentError } from "./attachment-error";
import { canDownloadAttachments } from "./can-download";
import { type ExtractedAttachment, extractAttachment } from "./extract-attachment";

// Downloading an attachment: Aiva stores attachment metadata only, so the message's source
// is fetched from its provider when someone asks (adapter.fetchRawMessage) and the part is
// cut out of it (extract-attachment.ts). Who may ask is decided by row-level security: the
// message is read as the user, so another workspace's message simply doesn't exist. No
// transaction is held open across the provider call.

export const attachmentParamsSchema = z.object({
  messageId: z.uuid({ message: "That attachment link is not valid." }),
  index: z.coerce
    .number({ message: "That attachment link is not valid." })
    .int({ message: "That attachment link is not valid." })
    .min(0, { message: "That attachment link is not valid." })
    .max(9_999, { message: "That attachment link is not valid." }),
});

const PROVIDER_TIMEOUT_MS = 60_000;

type Fetcher = ChannelAdapter & Required<Pick<ChannelAdapter, "fetchRawMessage">>;

async function fetchSource(adapter: Fetcher, connectionId: string, locator: StoredMessageLocator): Promise<Buffer> {
  const connection = await loadConnection(connectionId);
  if (!connection) throw new AttachmentError("This message's account is no longer connected.", "not_kept");
  try {
    return await adapter.fetchRawMessage(
      { connection, secrets: connectionSecrets(connection), signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS) },
      locator,
    );
  } catch (error) {
    if (error instanceof MessageGoneError) throw new AttachmentError(error.message, "changed");
    if (error instanceof ChannelError) throw new AttachmentError(`Couldn't get the attachment from ${adapter.label}. ${error.message}`, "unreachable");
    console.error(`[attachments] fetching message source from ${connection.provider} failed`, error);
    throw new AttachmentError(`Couldn't get the attachment from ${adapter.label}. Try again in a moment.`, "unreachable");
  }
}

/**
 * Attachment `index` (its position in the stored list) of message `messageId`, fetched from
 * the provider now. Throws AttachmentError with a reason the route maps to a status.
 */
export async function downloadAttachment(userId: string, workspaceId: string, params: { messageId: unknown; index: unknown }): Promise<ExtractedAttachment> {
  const parsed = attachmentParamsSchema.safeParse(params);
  if (!parsed.success) throw new AttachmentError("That attachment link is not valid.", "not_found");
  const { messageId, index } = parsed.data;

  const [row] = await withUser(userId, (tx) =>
    tx
      .select({
        connectionId: messages.connectionId,
        providerMessageId: messages.providerMessageId,
        internetMessageId: messages.internetMessageId,
        providerMeta: messages.providerMeta,
        attachments: messages.attachments,
        provider: channelConnections.provider,
      })
      .from(messages)
      .innerJoin(channelConnections, eq(channelConnections.id, messages.connectionId))
      .where(and(eq(messages.id, messageId), eq(messages.workspaceId, workspaceId))),
  );
  if (!row) throw new AttachmentError("This message doesn't exist in this workspace.", "not_found");
  const stored = (row.attachments ?? [])[index];
  if (!stored) throw new AttachmentError("This message has no such attachment.", "not_found");

  if (!(await canDownloadAttachments(row.provider))) {
    throw new AttachmentError(
      row.provider === "import"
        ? "Aiva didn't keep the content of attachments from imported files, only their names and sizes. Open the original file to get it."
        : "Attachments can't be downloaded from this kind of account yet.",
      "not_kept",
    );
  }
  const adapter = await loadAdapter(row.provider);
  if (!adapter.fetchRawMessage) throw new AttachmentError("Attachments can't be downloaded from this kind of account yet.", "not_kept");
  const source = await fetchSource(adapter as Fetcher, row.connectionId, {
    providerMessageId: row.providerMessageId,
    internetMessageId: row.internetMessageId,
    providerMeta: row.providerMeta ?? {},
  });
  return extractAttachment(source, index, stored);
}
