import type { ImapFlow } from "imapflow";
import { cleanId } from "@/server/mail/message-ids";
import { MAX_PARSE_BYTES } from "@/server/mail/parse-mime";
import { ChannelError, MessageGoneError } from "../errors";
import type { StoredMessageLocator } from "../types";
import type { MailboxRoles } from "./settings";

// A stored message's source, read back from the server for an attachment download. The
// locator is the folder + UID (+ UIDVALIDITY) recorded at sync. A UID is only meaningful
// under the same UIDVALIDITY; when it changed, or the message left that UID (moved by
// another client, or sent from Aiva before the sync saw its Sent copy), the message is
// looked up by Message-ID in the folders Aiva knows (never Trash or Junk). Nothing found:
// MessageGoneError, with the folder named.

type Found = { folder: string; uid: number };

/** The source's bytes, or MessageGoneError. */
export async function fetchImapSource(client: ImapFlow, roles: MailboxRoles, message: StoredMessageLocator): Promise<Buffer> {
  const meta = message.providerMeta;
  const folder = typeof meta.folder === "string" && meta.folder ? meta.folder : null;
  const uid = Number(meta.uid);
  const uidValidity = meta.uidValidity === undefined || meta.uidValidity === null ? null : String(meta.uidValidity);

  if (folder && Number.isInteger(uid) && uid > 0 && uidValidity) {
    const source = await withFolder(client, folder, async () => {
      if (String(client.mailbox && client.mailbox.uidValidity) !== uidValidity) return null;
      return readSource(client, uid, message.internetMessageId);
    });
    if (source) return source;
  }

  const wanted = message.internetMessageId ? cleanId(message.internetMessageId) : null;
  if (wanted) {
    const folders = [...new Set([folder, roles.inbox, roles.archive, roles.sent].filter((f): f is string => Boolean(f)))];
    for (const candidate of folders) {
      const source = await withFolder(client, candidate, async () => {
        const found = await findByMessageId(client, candidate, wanted);
        return found ? readSource(client, found.uid, wanted) : null;
      });
      if (source) return source;
    }
  }

  throw new MessageGoneError(
    folder
      ? `This message is no longer in "${folder}" on the mail server: it was deleted or moved there. Aiva can only fetch attachments of messages still in your mailbox.`
      : "Aiva doesn't know where this message is on the mail server, so it can't fetch the attachment.",
  );
}

/** Runs `work` with `folder` open read-only; null when the folder doesn't exist (any more). */
async function withFolder<T>(client: ImapFlow, folder: string, work: () => Promise<T | null>): Promise<T | null> {
  let lock: Awaited<ReturnType<ImapFlow["getMailboxLock"]>>;
  try {
    lock = await client.getMailboxLock(folder, { readOnly: true });
  } catch (error) {
    if (isMissingMailbox(error)) return null;
    throw error;
  }
  try {
    return await work();
  } finally {
    lock.release();
  }
}

function isMissingMailbox(error: unknown): boolean {
  const e = (error ?? {}) as { serverResponseCode?: string; responseText?: string; message?: string };
  return e.serverResponseCode === "NONEXISTENT" || /doesn't exist|does not exist|no such mailbox|mailbox not found/i.test(`${e.responseText ?? ""} ${e.message ?? ""}`);
}

async function findByMessageId(client: ImapFlow, folder: string, messageId: string): Promise<Found | null> {
  // SEARCH HEADER is a substring match: confirm the exact id on the envelope.
  const uids = (await client.search({ header: { "message-id": messageId } }, { uid: true })) || [];
  for (const uid of uids.sort((a, b) => b - a)) {
    const envelope = await client.fetchOne(String(uid), { uid: true, envelope: true }, { uid: true });
    const id = envelope && envelope.envelope?.messageId ? cleanId(envelope.envelope.messageId) : null;
    if (id === messageId) return { folder, uid };
  }
  return null;
}

/**
 * The source at `uid` in the open folder, or null when no message has that UID. When the
 * stored message has a Message-ID, the one at the UID must carry it too.
 */
async function readSource(client: ImapFlow, uid: number, internetMessageId: string | null): Promise<Buffer | null> {
  const head = await client.fetchOne(String(uid), { uid: true, size: true, envelope: true }, { uid: true });
  if (!head) return null;
  const expected = internetMessageId ? cleanId(internetMessageId) : null;
  const actual = head.envelope?.messageId ? cleanId(head.envelope.messageId) : null;
  if (expected && actual !== expected) return null;
  if (typeof head.size === "number" && head.size > MAX_PARSE_BYTES) {
    // Aiva never parsed it either (its attachments aren't listed); this guards the server's memory.
    throw new ChannelError(`This message is too large for Aiva to open (${Math.round(head.size / 1024 / 1024)} MB). Open it in your mail app.`, "config");
  }
  const full = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
  return full && full.source ? full.source : null;
}
