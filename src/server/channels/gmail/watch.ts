import { ChannelError } from "../errors";
import { liveConnectionsForAccount, liveConnectionsOf, mergeConnectionMetadata } from "@/server/sync/push-connections";
import type { StoredConnection } from "../types";
import { connectionSecrets, loadConnection } from "@/server/sync/run-sync";
import { openGmail } from "./gmail-session";
import { httpStatus } from "./google-errors";

// Gmail push: `users.watch` asks Gmail to publish a notification to a Pub/Sub topic when
// the mailbox changes (push.ts receives them). A watch lasts 7 days, so it is started on
// connect and renewed when it has less than 48 hours left; the scheduler and the cron
// route check once a day and more often respectively. Push is optional: with no topic
// configured nothing here calls Google, and the 5-minute sync carries on alone.
//
// Only INBOX and SENT changes notify. They cover what people wait for (new mail, replies
// sent from elsewhere, read / starred / archived on those) and leave out draft autosaves
// and spam, which would wake a sync for nothing; changes elsewhere still arrive with the
// next scheduled sync.

export const WATCH_LABELS = ["INBOX", "SENT"];
/** Renew watches with less than this left (Gmail's last 7 days). */
export const RENEW_WITHIN_MS = 48 * 3_600_000;
/** After a failed watch call, wait this long before trying that connection again. */
const RETRY_AFTER_FAILURE_MS = 6 * 3_600_000;
const WATCH_TIMEOUT_MS = 30_000;
/** users.stop on disconnect waits at most this long: the disconnect never waits on Google for more. */
const STOP_TIMEOUT_MS = 5_000;

/** What a connection's metadata records about its watch. */
export type GmailWatchState = {
  watchExpiresAt: string | null;
  watchHistoryId: string | null;
  watchTopic: string | null;
  /** When Aiva last called users.watch, and what went wrong if it failed. */
  watchCheckedAt: string;
  watchError: string | null;
};

export type GmailWatchResult =
  | { kind: "started"; expiresAt: string; historyId: string | null }
  | { kind: "skipped"; reason: "no-topic" | "not-gmail" };

/** The Pub/Sub topic from GMAIL_PUBSUB_TOPIC, or null when push is off. */
export function gmailPushTopic(env: NodeJS.ProcessEnv = process.env): string | null {
  const topic = env.GMAIL_PUBSUB_TOPIC?.trim();
  if (!topic) return null;
  if (!/^projects\/[^/\s]+\/topics\/[^/\s]+$/.test(topic)) {
    throw new ChannelError("GMAIL_PUBSUB_TOPIC must look like projects/<project>/topics/<topic>.", "config");
  }
  return topic;
}

/**
 * Starts (or restarts: Gmail keeps one watch per user and topic) push notifications for a
 * Gmail connection and records the watch's expiry in its metadata. Throws the mapped
 * ChannelError when Google refuses; the failure is recorded too, and renewal tries again
 * later, so the connect flow can log it and carry on.
 */
export async function startGmailWatch(connectionId: string): Promise<GmailWatchResult> {
  const topic = gmailPushTopic();
  if (!topic) return { kind: "skipped", reason: "no-topic" };
  const connection = await loadConnection(connectionId);
  if (!connection || connection.provider !== "gmail") return { kind: "skipped", reason: "not-gmail" };

  const checkedAt = new Date().toISOString();
  try {
    const api = await openGmail(connection, connectionSecrets(connection), AbortSignal.timeout(WATCH_TIMEOUT_MS));
    try {
      const { data } = await api
        .call(() => api.gmail.users.watch({ userId: "me", requestBody: { topicName: topic, labelIds: WATCH_LABELS, labelFilterBehavior: "include" } }))
        .catch((error: unknown) => {
          throw describeWatchError(error, topic);
        });
      const expiration = Number(data.expiration);
      if (!Number.isFinite(expiration) || expiration <= 0) {
        throw new ChannelError("Gmail accepted the watch but didn't say when it expires.", "transient");
      }
      const state: GmailWatchState = {
        watchExpiresAt: new Date(expiration).toISOString(),
        watchHistoryId: data.historyId ?? null,
        watchTopic: topic,
        watchCheckedAt: checkedAt,
        watchError: null,
      };
      await mergeConnectionMetadata(connection.id, state);
      return { kind: "started", expiresAt: state.watchExpiresAt!, historyId: state.watchHistoryId };
    } finally {
      await api.tokensSaved().catch(() => {});
    }
  } catch (error) {
    const message = error instanceof ChannelError ? error.message : "Gmail push notifications could not be started.";
    await mergeConnectionMetadata(connection.id, { watchCheckedAt: checkedAt, watchError: message } satisfies Partial<GmailWatchState>).catch(
      (saveError) => console.error(`[gmail ${connection.id}] could not record the watch failure`, saveError),
    );
    throw error;
  }
}

/**
 * Gmail answers a topic it can't publish to with 400/403/404 naming the topic; the
 * generic mapping would read that 403 as lost access to the mailbox. Anything unexplained
 * becomes a ChannelError too, so no raw HTTP error (request headers included) is logged.
 */
function describeWatchError(error: unknown, topic: string): ChannelError {
  const cause = error instanceof ChannelError && error.cause ? error.cause : error;
  const status = httpStatus(cause);
  const text = cause instanceof Error ? cause.message : String(cause);
  if (status && [400, 403, 404].includes(status) && /topic|pub\/?sub/i.test(text)) {
    return new ChannelError(
      `Gmail can't publish to ${topic}. Check that the topic exists and that gmail-api-push@system.gserviceaccount.com may publish to it.`,
      "config",
      { cause },
    );
  }
  if (error instanceof ChannelError) return error;
  return new ChannelError(`Gmail refused to start push notifications${status ? ` (HTTP ${status})` : ""}.`, "transient", { cause });
}

/** Whether a connection's watch needs (re)starting now. */
export function watchIsDue(metadata: Record<string, unknown>, topic: string, now = Date.now()): boolean {
  const checkedAt = typeof metadata.watchCheckedAt === "string" ? Date.parse(metadata.watchCheckedAt) : Number.NaN;
  if (metadata.watchError && now - checkedAt < RETRY_AFTER_FAILURE_MS) return false;
  if (metadata.watchTopic !== topic) return true;
  const expiresAt = typeof metadata.watchExpiresAt === "string" ? Date.parse(metadata.watchExpiresAt) : Number.NaN;
  return !Number.isFinite(expiresAt) || expiresAt - now < RENEW_WITHIN_MS;
}

/**
 * Renews the watch of every live Gmail connection that expires within 48 hours, has none
 * yet (connected before push was set up) or watches another topic. Failures are logged
 * and recorded per connection; they never stop the others or the caller's sync work.
 */
export async function renewGmailWatches(): Promise<{ renewed: number; failed: number }> {
  let topic: string | null;
  try {
    topic = gmailPushTopic();
  } catch (error) {
    console.error("[gmail watch]", error instanceof Error ? error.message : error);
    return { renewed: 0, failed: 0 };
  }
  if (!topic) return { renewed: 0, failed: 0 };
  let renewed = 0;
  let failed = 0;
  const now = Date.now();
  for (const connection of await liveConnectionsOf("gmail")) {
    if (!watchIsDue(connection.metadata, topic, now)) continue;
    try {
      const result = await startGmailWatch(connection.id);
      if (result.kind === "started") renewed++;
    } catch (error) {
      failed++;
      console.error(`[gmail watch ${connection.id}]`, error instanceof ChannelError ? error.message : error);
    }
  }
  return { renewed, failed };
}

export type GmailStopResult = "stopped" | "no-watch" | "shared" | "failed";

/**
 * Disconnecting: `users.stop`, so Gmail stops publishing this mailbox's changes. Best
 * effort: called with the connection's credentials before they are deleted, bounded by
 * STOP_TIMEOUT_MS, and a failure is logged, never thrown (the watch then lapses within 7
 * days; the webhook acknowledges pushes for mailboxes no connection has). Gmail keeps one
 * watch per mailbox and topic, so while another workspace still has this mailbox
 * connected, its watch is left alone.
 */
export async function stopGmailWatch(connection: StoredConnection): Promise<GmailStopResult> {
  if (connection.provider !== "gmail" || !connection.metadata.watchTopic) return "no-watch";
  try {
    const others = await liveConnectionsForAccount("gmail", connection.providerAccountId);
    if (others.some((other) => other.id !== connection.id)) return "shared";
    const api = await openGmail(connection, connectionSecrets(connection), AbortSignal.timeout(STOP_TIMEOUT_MS));
    try {
      // No backoff on server errors: it would outlast the timeout anyway.
      await api.call(() => api.gmail.users.stop({ userId: "me" }), { idempotent: false });
    } finally {
      await api.tokensSaved().catch(() => {});
    }
    return "stopped";
  } catch (error) {
    const cause = error instanceof ChannelError ? error.message : error instanceof Error ? error.message : String(error);
    console.warn(`[gmail watch ${connection.id}] users.stop failed on disconnect; the watch lapses by itself:`, cause);
    return "failed";
  }
}
