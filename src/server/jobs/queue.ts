import { PgBoss, fromPglite } from "pg-boss";
import { getDatabase } from "@/server/db/client";

// Durable jobs in Postgres (pg-boss), on the same database as the data: the embedded PGlite
// through pg-boss's PGlite adapter, or DATABASE_URL with pg-boss's own small pool.

export const QUEUES = {
  /** Sync one connection. One queued and one running per connection (policy "stately"). */
  sync: "sync",
  /** Import one uploaded mailbox file into a workspace. */
  import: "import",
  /** Write read / starred / archived changes made in Aiva back to a provider. */
  pushState: "push-state",
  /** Classify a workspace's waiting messages and extract suggestions (policy "stately"). */
  analyze: "analyze",
  /** A message the user sent, held for the undo-send window (src/server/outbox). */
  send: "send",
  /** Messages deleted in Aiva, held for the undo window, then trashed at the provider (src/server/inbox/trash-queue.ts). */
  trash: "trash",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

const RETRY = { retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 60 * 60 } as const;

const GLOBAL_KEY = Symbol.for("aiva.jobQueue");
type Holder = { [GLOBAL_KEY]?: Promise<PgBoss> };

async function startQueue(): Promise<PgBoss> {
  const database = await getDatabase();
  const boss =
    database.kind === "pglite"
      ? new PgBoss({ db: fromPglite(database.pglite!), backend: "pglite", schedule: false, supervise: true })
      : new PgBoss({
          connectionString: database.url,
          max: Number(process.env.AIVA_JOB_POOL_SIZE) || 3,
          schedule: false,
          supervise: true,
        });
  boss.on("error", (error) => console.error("[jobs]", error));
  await boss.start();
  // A sync that outlives 30 minutes is presumed dead (its process stopped) and retried.
  await boss.createQueue(QUEUES.sync, { policy: "stately", ...RETRY, expireInSeconds: 30 * 60 });
  await boss.createQueue(QUEUES.import, { policy: "standard", ...RETRY, retryLimit: 2 });
  // Rate-limited model calls come back later; the messages wait in the database meanwhile.
  await boss.createQueue(QUEUES.analyze, { policy: "stately", ...RETRY, retryLimit: 10, retryDelay: 60, expireInSeconds: 10 * 60 });
  // Never retried by itself: a failure after SMTP DATA may have delivered the message.
  await boss.createQueue(QUEUES.send, { policy: "standard", retryLimit: 0, expireInSeconds: 5 * 60 });
  // Not retried by itself either: a refused delete brings the message back and says why.
  await boss.createQueue(QUEUES.trash, { policy: "standard", retryLimit: 0, expireInSeconds: 5 * 60 });
  await boss.createQueue(QUEUES.pushState, { policy: "standard", ...RETRY, retryLimit: 8, expireInSeconds: 5 * 60 });
  return boss;
}

/** The process's job queue, started on first use. */
export function getJobQueue(): Promise<PgBoss> {
  const holder = globalThis as Holder;
  if (!holder[GLOBAL_KEY]) {
    holder[GLOBAL_KEY] = startQueue().catch((error) => {
      delete holder[GLOBAL_KEY];
      throw error;
    });
  }
  return holder[GLOBAL_KEY];
}

export async function stopJobQueue(): Promise<void> {
  const holder = globalThis as Holder;
  const pending = holder[GLOBAL_KEY];
  delete holder[GLOBAL_KEY];
  if (pending) await (await pending).stop({ graceful: true, timeout: 10_000 });
}
