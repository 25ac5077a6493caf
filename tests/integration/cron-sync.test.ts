import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyText } from "@/server/crypto/keys";
import { stopJobQueue } from "@/server/jobs/queue";
import { runCronSync } from "@/server/sync/cron-sync";
import { connectionSecrets } from "@/server/sync/run-sync";
import { queueStateWriteBack } from "@/server/sync/write-back";
import { createTestDatabase, createUser, type TestUser } from "../helpers/test-database";

// The cron route on serverless (AIVA_WORKERS=false): it queues a sync per connection and
// works through the queues itself. Here the mailbox's server is unreachable, so the run
// must end with a readable error on the connection instead of crashing the route.

const saved = { workers: process.env.AIVA_WORKERS, key: process.env.TOKEN_ENCRYPTION_KEY };
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let ada: TestUser;
const connectionId = crypto.randomUUID();
let closedPort = 0;

beforeAll(async () => {
  process.env.AIVA_WORKERS = "false";
  process.env.TOKEN_ENCRYPTION_KEY = generateKeyText();
  closedPort = await new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
  db = await createTestDatabase();
  ada = await createUser(db.database, "ada@example.com");
  const metadata = {
    email: "ada@mail.test",
    imap: { host: "127.0.0.1", port: closedPort, security: "none", username: "ada@mail.test" },
    smtp: { host: "127.0.0.1", port: closedPort, security: "none", username: "ada@mail.test" },
    allowSelfSigned: false,
    mailboxes: { inbox: "INBOX", sent: "Sent", archive: "Archive", trash: null, junk: null },
    capabilities: { condstore: false },
  };
  await db.database.raw.query(
    `insert into public.channel_connections (id, workspace_id, user_id, provider, provider_account_id, metadata)
     values ($1, $2, $3, 'imap', 'ada@mail.test', $4::jsonb)`,
    [connectionId, ada.personalWorkspaceId, ada.id, JSON.stringify(metadata)],
  );
  await connectionSecrets({ id: connectionId, workspaceId: ada.personalWorkspaceId }).set("imapPassword", "secret");
});

afterAll(async () => {
  await stopJobQueue();
  await db.cleanup();
  process.env.AIVA_WORKERS = saved.workers;
  process.env.TOKEN_ENCRYPTION_KEY = saved.key;
});

describe("cron sync on serverless", () => {
  it("queues and runs a sync per connection, recording a readable failure", async () => {
    const result = await runCronSync();
    expect(result).toMatchObject({ queued: 1, absorbed: 0, ran: 1, failed: 0 });
    const [connection] = await db.database.raw.query<{ status: string; last_error: string }>(
      "select status, last_error from public.channel_connections where id = $1",
      [connectionId],
    );
    expect(connection?.status).toBe("error");
    expect(connection?.last_error).toMatch(/refused the connection/);
    const [run] = await db.database.raw.query<{ trigger: string; status: string; error: string }>(
      "select trigger, status, error from public.sync_runs where connection_id = $1",
      [connectionId],
    );
    expect(run).toMatchObject({ trigger: "cron", status: "failed", error: expect.stringMatching(/refused/) });
  });

  it("works through queued write-backs too", async () => {
    const [message] = await db.database.raw.query<{ id: string }>(
      `insert into public.messages (workspace_id, connection_id, provider_message_id, subject, is_read, provider_meta)
       values ($1, $2, 'm1@mail.test', 'Hello', true, '{"folder":"INBOX","uid":1,"uidValidity":"1"}'::jsonb) returning id`,
      [ada.personalWorkspaceId, connectionId],
    );
    await queueStateWriteBack([message!.id]);
    const [queued] = await db.database.raw.query<{ n: number }>(
      "select count(*)::int as n from pgboss.job where name = 'push-state' and state = 'created'",
    );
    expect(queued?.n).toBe(1);
    await runCronSync();
    const [left] = await db.database.raw.query<{ n: number }>(
      "select count(*)::int as n from pgboss.job where name = 'push-state' and state in ('created', 'active')",
    );
    expect(left?.n).toBe(0);
  });
});
