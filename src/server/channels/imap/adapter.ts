import type { FetchMessageObject, ImapFlow } from "imapflow";
import { parseMime } from "@/server/mail/parse-mime";
import { ChannelError, MessageGoneError } from "../errors";
import type {
  AdapterContext,
  ChannelAdapter,
  ConnectResult,
  KnownMessage,
  LocalStateChange,
  NormalizedMessage,
  RemoteStateChange,
  StoredConnection,
  StoredMessageLocator,
  SyncSession,
  TrashTarget,
} from "../types";
import { closeImap, describeImapError, openImap, type ImapServer } from "./imap-client";
import { fetchImapSource } from "./fetch-source";
import { detectMailboxRoles, ensureArchive } from "./mailboxes";
import { type ImapMetadata, imapConnectSchema, metadataSchema } from "./settings";
import { sendViaSmtp, verifySmtp } from "./smtp";

// IMAP as a first-class channel. The cursor keeps, per synced folder, UIDVALIDITY, the
// next UID, and (with CONDSTORE) the highest MODSEQ seen. Message identity is the
// Message-ID (or a hash of the source when it has none), never the UID, so a changed
// UIDVALIDITY resyncs without duplicates and a message in both INBOX and Sent is one row.

type FolderCursor = { uidValidity: string; uidNext: number; highestModseq: string | null };
type ImapCursor = { folders: Record<string, FolderCursor> };

const FETCH_CHUNK = 50;
const FLAG_SCAN_WINDOW = 2_000;

export function imapServer(metadata: ImapMetadata, password: string): ImapServer {
  return { ...metadata.imap, password, allowSelfSigned: metadata.allowSelfSigned };
}

function readMetadata(connection: StoredConnection): ImapMetadata {
  const parsed = metadataSchema.safeParse(connection.metadata);
  if (!parsed.success) throw new ChannelError("This mailbox's settings are incomplete. Edit and save them again.", "config");
  return parsed.data;
}

async function password(context: { secrets: AdapterContext["secrets"] }, name: "imapPassword" | "smtpPassword"): Promise<string> {
  const value = (await context.secrets.get(name)) ?? (name === "smtpPassword" ? await context.secrets.get("imapPassword") : null);
  if (!value) throw new ChannelError("The stored password is missing. Enter it again to reconnect.", "auth");
  return value;
}

async function connectWithCredentials(input: unknown, signal: AbortSignal): Promise<ConnectResult> {
  const settings = imapConnectSchema.parse(input);
  const client = await openImap({ ...settings.imap, allowSelfSigned: settings.allowSelfSigned }, signal);
  let metadata: ImapMetadata;
  try {
    const list = await client.list();
    metadata = {
      email: settings.email,
      imap: { host: settings.imap.host, port: settings.imap.port, security: settings.imap.security, username: settings.imap.username },
      smtp: {
        host: settings.smtp.host,
        port: settings.smtp.port,
        security: settings.smtp.security,
        username: settings.smtp.username || settings.imap.username,
      },
      allowSelfSigned: settings.allowSelfSigned,
      mailboxes: detectMailboxRoles(list),
      capabilities: { condstore: client.capabilities.has("CONDSTORE") },
    };
  } catch (error) {
    throw describeImapError(error, settings.imap);
  } finally {
    await closeImap(client);
  }
  await verifySmtp(metadata, settings.smtp.password || settings.imap.password);
  const secrets: Record<string, string> = { imapPassword: settings.imap.password };
  if (settings.smtp.password && settings.smtp.password !== settings.imap.password) secrets.smtpPassword = settings.smtp.password;
  return {
    providerAccountId: settings.email,
    displayName: settings.displayName || settings.email,
    metadata,
    secrets,
  };
}

function toNormalized(parsed: NormalizedMessage, message: FetchMessageObject, folder: string, uidValidity: string): NormalizedMessage {
  const flags = message.flags ?? new Set<string>();
  return {
    ...parsed,
    isRead: flags.has("\\Seen"),
    isStarred: flags.has("\\Flagged"),
    isArchived: false,
    sentAt: parsed.sentAt ?? (message.internalDate ? new Date(message.internalDate) : null),
    providerMeta: { folder, uid: message.uid, uidValidity },
  };
}

async function syncFolder(
  client: ImapFlow,
  session: SyncSession,
  folder: string,
  direction: "inbound" | "outbound",
  previous: FolderCursor | undefined,
  counters: { processed: number; total: number },
): Promise<FolderCursor> {
  const lock = await client.getMailboxLock(folder, { readOnly: true });
  try {
    const box = client.mailbox;
    if (!box) throw new ChannelError(`The folder ${folder} could not be opened.`, "transient");
    const uidValidity = String(box.uidValidity);
    const highestModseq = box.highestModseq ? String(box.highestModseq) : null;
    const fresh = !previous || previous.uidValidity !== uidValidity;

    let uids: number[];
    if (fresh) {
      // Initial (or UIDVALIDITY changed): newest first, bounded by age and count.
      const since = new Date(Date.now() - session.limits.initialDays * 86_400_000);
      const found = (await client.search({ since }, { uid: true })) || [];
      uids = found.sort((a, b) => b - a).slice(0, session.limits.initialMaxMessages);
    } else {
      const found = (await client.search({ uid: `${previous.uidNext}:*` }, { uid: true })) || [];
      // `N:*` matches the last message even when N is past the end.
      uids = found.filter((uid) => uid >= previous.uidNext).sort((a, b) => b - a);
    }
    counters.total += uids.length;
    await session.progress({ processed: counters.processed, total: counters.total });

    for (let i = 0; i < uids.length; i += FETCH_CHUNK) {
      if (session.signal.aborted) throw new ChannelError("The sync was stopped.", "transient");
      const chunk = uids.slice(i, i + FETCH_CHUNK);
      const batch: NormalizedMessage[] = [];
      for await (const message of client.fetch(chunk, { uid: true, flags: true, source: true, internalDate: true }, { uid: true })) {
        if (!message.source) continue;
        const parsed = await parseMime(message.source, { direction });
        batch.push(toNormalized(parsed, message, folder, uidValidity));
      }
      await session.ingest(batch);
      counters.processed += chunk.length;
      await session.progress({ processed: counters.processed, total: counters.total });
    }

    if (!fresh) await syncFlags(client, session, folder, previous, uidValidity, direction === "inbound");

    // Only now, with everything stored, does the cursor move.
    return { uidValidity, uidNext: Number(box.uidNext), highestModseq };
  } finally {
    lock.release();
  }
}

/** Flag changes, and messages that left INBOX (archived or deleted in another client). */
async function syncFlags(
  client: ImapFlow,
  session: SyncSession,
  folder: string,
  previous: FolderCursor,
  uidValidity: string,
  isInbox: boolean,
) {
  const known = new Map<number, KnownMessage>();
  for (const message of await session.knownMessages({ folder })) {
    if (String(message.providerMeta.uidValidity) === uidValidity) known.set(Number(message.providerMeta.uid), message);
  }
  if (known.size === 0) return;
  const changes: RemoteStateChange[] = [];
  const condstore = Boolean(previous.highestModseq) && client.enabled.has("CONDSTORE");
  const range = condstore ? "1:*" : `${Math.max(1, previous.uidNext - FLAG_SCAN_WINDOW)}:*`;
  const options = condstore ? { uid: true, changedSince: BigInt(previous.highestModseq!) } : { uid: true };
  for await (const message of client.fetch(range, { uid: true, flags: true }, options)) {
    const stored = known.get(message.uid);
    if (!stored) continue;
    const isRead = message.flags?.has("\\Seen") ?? false;
    const isStarred = message.flags?.has("\\Flagged") ?? false;
    if (isRead !== stored.isRead || isStarred !== stored.isStarred) {
      changes.push({ providerMessageId: stored.providerMessageId, isRead, isStarred });
    }
  }
  if (isInbox) {
    const present = new Set((await client.search({ all: true }, { uid: true })) || []);
    for (const [uid, stored] of known) {
      if (!present.has(uid) && !stored.isArchived) changes.push({ providerMessageId: stored.providerMessageId, isArchived: true });
    }
  }
  if (changes.length) await session.applyRemoteState(changes);
}

async function sync(session: SyncSession): Promise<void> {
  const metadata = readMetadata(session.connection);
  const client = await openImap(imapServer(metadata, await password(session, "imapPassword")), session.signal);
  try {
    const cursor = (session.connection.syncCursor as ImapCursor | null) ?? { folders: {} };
    const next: ImapCursor = { folders: { ...cursor.folders } };
    const counters = { processed: 0, total: 0 };
    const folders: [string, "inbound" | "outbound"][] = [[metadata.mailboxes.inbox, "inbound"]];
    if (metadata.mailboxes.sent) folders.push([metadata.mailboxes.sent, "outbound"]);
    for (const [folder, direction] of folders) {
      next.folders[folder] = await syncFolder(client, session, folder, direction, cursor.folders[folder], counters);
      await session.saveCursor(next);
    }
  } catch (error) {
    throw describeImapError(error, metadata.imap);
  } finally {
    await closeImap(client);
  }
}

async function pushState(context: AdapterContext, changes: LocalStateChange[]): Promise<RemoteStateChange[]> {
  if (changes.length === 0) return [];
  const moved: RemoteStateChange[] = [];
  const metadata = readMetadata(context.connection);
  const client = await openImap(imapServer(metadata, await password(context, "imapPassword")), context.signal);
  try {
    const byFolder = new Map<string, LocalStateChange[]>();
    for (const change of changes) {
      const folder = String(change.providerMeta.folder ?? metadata.mailboxes.inbox);
      byFolder.set(folder, [...(byFolder.get(folder) ?? []), change]);
    }
    for (const [folder, list] of byFolder) {
      const lock = await client.getMailboxLock(folder);
      try {
        for (const change of list) {
          const uid = Number(change.providerMeta.uid);
          if (!Number.isInteger(uid) || String(client.mailbox && client.mailbox.uidValidity) !== String(change.providerMeta.uidValidity)) continue;
          const range = String(uid);
          if (change.isRead !== undefined) {
            if (change.isRead) await client.messageFlagsAdd(range, ["\\Seen"], { uid: true });
            else await client.messageFlagsRemove(range, ["\\Seen"], { uid: true });
          }
          if (change.isStarred !== undefined) {
            if (change.isStarred) await client.messageFlagsAdd(range, ["\\Flagged"], { uid: true });
            else await client.messageFlagsRemove(range, ["\\Flagged"], { uid: true });
          }
          const destination =
            change.isArchived === true && folder === metadata.mailboxes.inbox
              ? await ensureArchive(client, metadata.mailboxes)
              : change.isArchived === false && folder === (metadata.mailboxes.archive ?? "Archive")
                ? metadata.mailboxes.inbox
                : null;
          if (destination) {
            const result = await client.messageMove(range, destination, { uid: true });
            // imapflow answers false (it does not throw) when the server refuses the move.
            if (!result) throw new ChannelError(`The mail server refused to move the message to ${destination}.`, "config");
            const newUid = result && result.uidMap ? result.uidMap.get(uid) : undefined;
            moved.push({
              providerMessageId: change.providerMessageId,
              providerMeta: { folder: destination, uid: newUid ?? null, uidValidity: result ? String(result.uidValidity ?? "") : "" },
            });
          }
        }
      } finally {
        lock.release();
      }
    }
    return moved;
  } catch (error) {
    throw describeImapError(error, metadata.imap);
  } finally {
    await closeImap(client);
  }
}

/**
 * Delete: into the folder flagged \Trash (RFC 6154, or named like one). Already in Trash,
 * or on a server without one, the message is flagged \Deleted and expunged (UID EXPUNGE
 * where the server has UIDPLUS). A locator from before a UIDVALIDITY change is looked up
 * again by Message-ID; a message the folder no longer holds is already gone.
 */
async function trash(context: AdapterContext, targets: TrashTarget[]): Promise<void> {
  if (targets.length === 0) return;
  const metadata = readMetadata(context.connection);
  const client = await openImap(imapServer(metadata, await password(context, "imapPassword")), context.signal);
  try {
    const byFolder = new Map<string, TrashTarget[]>();
    for (const target of targets) {
      const folder = String(target.providerMeta.folder ?? metadata.mailboxes.inbox);
      byFolder.set(folder, [...(byFolder.get(folder) ?? []), target]);
    }
    for (const [folder, list] of byFolder) {
      const lock = await client.getMailboxLock(folder);
      try {
        const uidValidity = String(client.mailbox && client.mailbox.uidValidity);
        const uids = new Set<number>();
        for (const target of list) {
          const uid = Number(target.providerMeta.uid);
          if (Number.isInteger(uid) && uid > 0 && String(target.providerMeta.uidValidity) === uidValidity) {
            uids.add(uid);
          } else if (target.providerMessageId.includes("@")) {
            const found = (await client.search({ header: { "message-id": target.providerMessageId } }, { uid: true })) || [];
            for (const match of found) uids.add(match);
          }
        }
        if (uids.size === 0) continue;
        const range = [...uids].join(",");
        const trashFolder = metadata.mailboxes.trash;
        const done =
          trashFolder && trashFolder !== folder
            ? await client.messageMove(range, trashFolder, { uid: true })
            : await client.messageDelete(range, { uid: true });
        if (!done) throw new ChannelError(`The mail server refused to ${trashFolder && trashFolder !== folder ? `move the message to ${trashFolder}` : "delete the message"}.`, "config");
      } finally {
        lock.release();
      }
    }
  } catch (error) {
    throw describeImapError(error, metadata.imap);
  } finally {
    await closeImap(client);
  }
}

async function send(context: AdapterContext, message: Parameters<NonNullable<ChannelAdapter["send"]>>[1]): Promise<NormalizedMessage> {
  const metadata = readMetadata(context.connection);
  const raw = await sendViaSmtp(metadata, await password(context, "smtpPassword"), message);
  // A copy in Sent, as every mail client does, so other clients see the reply too.
  if (metadata.mailboxes.sent) {
    const client = await openImap(imapServer(metadata, await password(context, "imapPassword")), context.signal);
    try {
      await client.append(metadata.mailboxes.sent, raw, ["\\Seen"]);
    } catch (error) {
      throw describeImapError(error, metadata.imap);
    } finally {
      await closeImap(client);
    }
  }
  const parsed = await parseMime(raw, { direction: "outbound" });
  return { ...parsed, isRead: true, providerMeta: { folder: metadata.mailboxes.sent } };
}

async function fetchRawMessage(context: AdapterContext, message: StoredMessageLocator): Promise<Buffer> {
  const metadata = readMetadata(context.connection);
  const client = await openImap(imapServer(metadata, await password(context, "imapPassword")), context.signal);
  try {
    return await fetchImapSource(client, metadata.mailboxes, message);
  } catch (error) {
    if (error instanceof MessageGoneError) throw error;
    throw describeImapError(error, metadata.imap);
  } finally {
    await closeImap(client);
  }
}

export const adapter: ChannelAdapter = {
  provider: "imap",
  label: "IMAP mailbox",
  sync,
  connectWithCredentials,
  pushState,
  send,
  trash,
  fetchRawMessage,
};
