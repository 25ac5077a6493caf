import { and, eq } from "drizzle-orm";
import { SafeError } from "@/lib/errors";
import { loadAdapter } from "@/server/channels/registry";
import { channelConnections } from "@/server/db/schema";
import { pgErrorCode, withUser } from "@/server/db/with-rls";
import { connectionSecrets } from "@/server/sync/run-sync";
import { requestSync } from "@/server/sync/request-sync";
import type { ImapConnectInput } from "@/server/channels/imap/settings";

const CONNECT_TIMEOUT_MS = 45_000;

/**
 * Checks the credentials against the real servers, stores the connection (as the user,
 * so RLS checks membership) and its passwords (encrypted, service path), then queues the
 * first sync. Nothing is stored when the check fails.
 */
export async function connectImap(userId: string, workspaceId: string, input: ImapConnectInput): Promise<{ connectionId: string }> {
  const adapter = await loadAdapter("imap");
  const result = await adapter.connectWithCredentials!(input, AbortSignal.timeout(CONNECT_TIMEOUT_MS));
  const connectionId = crypto.randomUUID();
  try {
    await withUser(userId, (tx) =>
      tx.insert(channelConnections).values({
        id: connectionId,
        workspaceId,
        userId,
        provider: "imap",
        providerAccountId: result.providerAccountId,
        displayName: result.displayName,
        metadata: result.metadata,
        status: "active",
      }),
    );
  } catch (error) {
    if (pgErrorCode(error) === "23505") {
      throw new SafeError(`${result.providerAccountId} is already connected in this workspace. Edit it instead.`, "already_connected");
    }
    throw error;
  }
  const secrets = connectionSecrets({ id: connectionId, workspaceId });
  try {
    for (const [name, value] of Object.entries(result.secrets)) await secrets.set(name, value);
  } catch (error) {
    await withUser(userId, (tx) => tx.delete(channelConnections).where(eq(channelConnections.id, connectionId)));
    throw error;
  }
  await requestSync({ id: connectionId, workspaceId }, "connect");
  return { connectionId };
}

/** New credentials or settings for an existing mailbox (fixes "reauth required"). */
export async function updateImapConnection(
  userId: string,
  workspaceId: string,
  connectionId: string,
  input: ImapConnectInput,
): Promise<void> {
  const [existing] = await withUser(userId, (tx) =>
    tx
      .select({ id: channelConnections.id, account: channelConnections.providerAccountId })
      .from(channelConnections)
      .where(and(eq(channelConnections.id, connectionId), eq(channelConnections.workspaceId, workspaceId))),
  );
  if (!existing) throw new SafeError("That connection doesn't exist in this workspace.", "not_found");
  const adapter = await loadAdapter("imap");
  const result = await adapter.connectWithCredentials!(input, AbortSignal.timeout(CONNECT_TIMEOUT_MS));
  if (result.providerAccountId !== existing.account) {
    throw new SafeError(`These settings are for ${result.providerAccountId}, not ${existing.account}. Connect it as a new mailbox instead.`, "account_mismatch");
  }
  const updated = await withUser(userId, (tx) =>
    tx
      .update(channelConnections)
      .set({ metadata: result.metadata, displayName: result.displayName, status: "active", lastError: null })
      .where(eq(channelConnections.id, connectionId))
      .returning({ id: channelConnections.id }),
  );
  if (updated.length === 0) throw new SafeError("Only the person who connected this mailbox, or an admin, can change it.", "forbidden");
  const secrets = connectionSecrets({ id: connectionId, workspaceId });
  for (const [name, value] of Object.entries(result.secrets)) await secrets.set(name, value);
  await requestSync({ id: connectionId, workspaceId }, "manual");
}
