import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEEP_RUNS_PER_CONNECTION, createSyncRun, finishSyncRun } from "@/server/sync/sync-runs";
import { createTestDatabase, createUser } from "../helpers/test-database";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
const connectionId = crypto.randomUUID();
let workspaceId = "";

beforeAll(async () => {
  db = await createTestDatabase();
  const ada = await createUser(db.database, "ada@example.com");
  workspaceId = ada.personalWorkspaceId;
  await db.database.raw.query(
    `insert into public.channel_connections (id, workspace_id, user_id, provider, provider_account_id)
     values ($1, $2, $3, 'imap', 'ada@mail.test')`,
    [connectionId, workspaceId, ada.id],
  );
});
afterAll(() => db.cleanup());

describe("sync run history", () => {
  it("keeps the most recent finished runs per connection and never touches unfinished ones", async () => {
    await db.database.raw.query(
      `insert into public.sync_runs (workspace_id, connection_id, trigger, status, created_at, finished_at)
       select $1, $2, 'scheduler', 'succeeded', now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval
       from generate_series(1, 120) g`,
      [workspaceId, connectionId],
    );
    const queued = await createSyncRun({ workspaceId, connectionId, trigger: "cron" });
    const running = await createSyncRun({ workspaceId, connectionId, trigger: "manual" });
    await finishSyncRun(running, connectionId, { processed: 3, imported: 3 });

    const rows = await db.database.raw.query<{ id: string; status: string }>(
      "select id, status from public.sync_runs where connection_id = $1",
      [connectionId],
    );
    expect(rows.filter((r) => r.status !== "queued")).toHaveLength(KEEP_RUNS_PER_CONNECTION - 1);
    expect(rows.find((r) => r.id === queued)?.status).toBe("queued");
    expect(rows.find((r) => r.id === running)?.status).toBe("succeeded");
  });
});

describe("after a restart of the embedded database's owner", () => {
  it("nothing is left syncing or running", async () => {
    const { recoverInterruptedWork } = await import("@/server/sync/recover-interrupted");
    const run = await createSyncRun({ workspaceId, connectionId, trigger: "manual" });
    await db.database.raw.query("update public.sync_runs set status = 'running' where id = $1", [run]);
    await db.database.raw.query("update public.channel_connections set status = 'syncing' where id = $1", [connectionId]);
    expect(await recoverInterruptedWork()).toEqual({ connections: 1, runs: 1 });
    const [state] = await db.database.raw.query<{ status: string; run_status: string; error: string }>(
      `select c.status, r.status as run_status, r.error from public.channel_connections c, public.sync_runs r
       where c.id = $1 and r.id = $2`,
      [connectionId, run],
    );
    expect(state).toEqual({ status: "active", run_status: "failed", error: "Interrupted by a restart. It will be retried." });
  });
});
