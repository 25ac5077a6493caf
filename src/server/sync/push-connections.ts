import { and, eq, inArray, sql } from "drizzle-orm";
import type { StoredConnection } from "@/server/channels/types";
import { channelConnections } from "@/server/db/schema";
import { withService } from "@/server/db/with-rls";

// The database side of provider push notifications (Gmail watch + Pub/Sub today): which
// connections a notification is for, and the watch's bookkeeping in their metadata.

/** Statuses whose connections are synced; the same set the scheduler uses. */
const LIVE = ["active", "syncing", "error"] as const;

export type PushTarget = { id: string; workspaceId: string; syncCursor: Record<string, unknown> | null };

/** Live connections of one provider account, in every workspace that connected it. */
export async function liveConnectionsForAccount(provider: StoredConnection["provider"], providerAccountId: string): Promise<PushTarget[]> {
  return withService({ userId: "push", reason: `${provider} push notification for ${providerAccountId}` }, (tx) =>
    tx
      .select({ id: channelConnections.id, workspaceId: channelConnections.workspaceId, syncCursor: channelConnections.syncCursor })
      .from(channelConnections)
      .where(
        and(
          eq(channelConnections.provider, provider),
          eq(channelConnections.providerAccountId, providerAccountId),
          inArray(channelConnections.status, [...LIVE]),
        ),
      ),
  );
}

/** Live connections of a provider with their metadata (watch renewal reads its dates there). */
export async function liveConnectionsOf(provider: StoredConnection["provider"]): Promise<{ id: string; metadata: Record<string, unknown> }[]> {
  return withService({ userId: "scheduler", reason: `list live ${provider} connections` }, (tx) =>
    tx
      .select({ id: channelConnections.id, metadata: channelConnections.metadata })
      .from(channelConnections)
      .where(and(eq(channelConnections.provider, provider), inArray(channelConnections.status, [...LIVE]))),
  );
}

/** Merges `patch` into a connection's metadata (top-level keys), leaving the rest as it is. */
export async function mergeConnectionMetadata(connectionId: string, patch: Record<string, unknown>): Promise<void> {
  await withService({ connectionId, reason: "record push watch" }, (tx) =>
    tx
      .update(channelConnections)
      .set({ metadata: sql`${channelConnections.metadata} || ${JSON.stringify(patch)}::jsonb` })
      .where(eq(channelConnections.id, connectionId)),
  );
}
