import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RawSql } from "@/server/db/raw";
import { asAnon, asUser, createTestDatabase, createUser, runAs, type TestDatabase, type TestUser } from "../helpers/test-database";

// The workspace-content policies look the caller's memberships up once per statement
// (supabase/migrations/20261123100000_rls_membership_once.sql): `workspace_id = any ((select
// app.member_workspace_ids())::uuid[])`. What they let through must be exactly what the
// per-row app.is_workspace_member check let through: every workspace the caller belongs to,
// no other, nothing for a caller without memberships or without a session, and a membership
// removed is gone for the next statement. rls-isolation.test.ts covers each table and verb.

let test: TestDatabase;
let su: RawSql;
let ada: TestUser;
let bob: TestUser;
let loner: TestUser;
let team: string;
const subjects = new Map<string, string>();

async function addMessage(workspaceId: string, ownerId: string, subject: string) {
  const connection = randomUUID();
  await su.query(
    `insert into public.channel_connections (id, workspace_id, user_id, provider, provider_account_id) values ($1, $2, $3, 'imap', $4)`,
    [connection, workspaceId, ownerId, `${randomUUID()}@mail.test`],
  );
  const thread = randomUUID();
  await su.query(
    `insert into public.threads (id, workspace_id, connection_id, provider_thread_id, subject, message_count) values ($1, $2, $3, $4, $5, 1)`,
    [thread, workspaceId, connection, `t-${subject}`, subject],
  );
  await su.query(
    `insert into public.messages (workspace_id, connection_id, thread_id, provider_message_id, subject, body_text, sent_at)
     values ($1, $2, $3, $4, $5, 'The quarterly budget.', now())`,
    [workspaceId, connection, thread, `m-${subject}`, subject],
  );
  subjects.set(subject, workspaceId);
}

beforeAll(async () => {
  test = await createTestDatabase();
  su = test.database.raw;
  ada = await createUser(test.database, "ada@example.com");
  bob = await createUser(test.database, "bob@example.com");
  loner = await createUser(test.database, "loner@example.com");
  // A team workspace of Bob's that Ada is a member of.
  team = randomUUID();
  await su.query("insert into public.workspaces (id, name, created_by) values ($1, 'Team', $2)", [team, bob.id]);
  await su.query("insert into public.workspace_members (workspace_id, user_id, role) values ($1, $2, 'member')", [team, ada.id]);
  await addMessage(ada.personalWorkspaceId, ada.id, "Ada personal");
  await addMessage(team, bob.id, "Team");
  await addMessage(bob.personalWorkspaceId, bob.id, "Bob personal");
  // The loner belongs nowhere: their personal workspace is gone.
  await su.query("delete from public.workspaces where id = $1", [loner.personalWorkspaceId]);
});
afterAll(() => test?.cleanup());

const visible = async (userId: string, table: "messages" | "threads") =>
  ((await asUser<{ subject: string }>(userId, `select subject from public.${table} order by subject`)).rows ?? []).map((r) => r.subject);

describe("row-level security with the memberships read once per statement", () => {
  it("shows every workspace the caller belongs to and no other", async () => {
    expect(await visible(ada.id, "messages")).toEqual(["Ada personal", "Team"]);
    expect(await visible(ada.id, "threads")).toEqual(["Ada personal", "Team"]);
    expect(await visible(bob.id, "messages")).toEqual(["Bob personal", "Team"]);
  });

  it("shows nothing to a caller without memberships or without a session", async () => {
    const [{ n } = { n: -1 }] = await su.query<{ n: number }>("select count(*)::int as n from public.workspace_members where user_id = $1", [loner.id]);
    expect(n).toBe(0);
    expect(await visible(loner.id, "messages")).toEqual([]);
    const anon = await asAnon("select subject from public.messages");
    // anon has no grant at all.
    expect(anon.code).toBe("42501");
  });

  it("a membership removed is gone for the next statement of the same transaction", async () => {
    const outcome = await runAs(
      { role: "authenticated", userId: ada.id },
      async (tx) => {
        const before = (await tx.query<{ subject: string }>("select subject from public.messages order by subject")).map((r) => r.subject);
        // Ada leaves the team (anyone may leave: workspace_members_delete).
        await tx.query("delete from public.workspace_members where workspace_id = $1 and user_id = $2", [team, ada.id]);
        const after = (await tx.query<{ subject: string }>("select subject from public.messages order by subject")).map((r) => r.subject);
        return { before, after };
      },
      { rollback: true },
    );
    expect(outcome.error).toBeNull();
    expect(outcome.value).toEqual({ before: ["Ada personal", "Team"], after: ["Ada personal"] });
  });

  it("refuses writes into a workspace the caller does not belong to", async () => {
    const [row] = await su.query<{ connection_id: string; thread_id: string }>(
      "select connection_id::text, thread_id::text from public.messages where subject = 'Bob personal'",
    );
    const insert = await asUser(
      ada.id,
      `insert into public.messages (workspace_id, connection_id, thread_id, provider_message_id, subject) values ($1, $2, $3, 'sneaky', 'Sneaky')`,
      [bob.personalWorkspaceId, row!.connection_id, row!.thread_id],
    );
    expect(insert.code).toBe("42501");
    const update = await asUser<{ id: string }>(ada.id, "update public.messages set subject = 'Changed' where subject = 'Bob personal' returning id");
    expect(update.rows).toEqual([]);
  });

  it("every workspace-content policy reads the memberships once, none calls is_workspace_member per row", async () => {
    const policies = await su.query<{ table: string; name: string; qual: string | null; check: string | null }>(
      `select tablename as table, policyname as name, qual, with_check as check from pg_policies
       where schemaname = 'public'
         and tablename in ('threads', 'messages', 'message_drafts', 'events', 'tasks', 'contacts',
                           'channel_connections', 'calendar_connections', 'ai_action_logs', 'sync_runs')`,
    );
    expect(policies.length).toBeGreaterThanOrEqual(34);
    for (const p of policies) {
      const text = `${p.qual ?? ""} ${p.check ?? ""}`;
      expect(text, p.name).not.toMatch(/is_workspace_member/);
      expect(text, p.name).toMatch(/SELECT app\.member_workspace_ids\(\)/);
    }
    // And the plan shows it: one InitPlan, no function call in the per-row filter.
    const plan = await asUser<{ "QUERY PLAN": string }>(ada.id, "explain select id from public.messages");
    const text = (plan.rows ?? []).map((r) => r["QUERY PLAN"]).join("\n");
    expect(text).toMatch(/InitPlan/);
    expect(text).not.toMatch(/is_workspace_member/);
  });

  it("app.member_workspace_ids is for signed-in callers only", async () => {
    const [row] = await su.query<{ anon: boolean; authenticated: boolean }>(
      `select has_function_privilege('anon', 'app.member_workspace_ids()', 'EXECUTE') as anon,
              has_function_privilege('authenticated', 'app.member_workspace_ids()', 'EXECUTE') as authenticated`,
    );
    expect(row).toEqual({ anon: false, authenticated: true });
    const mine = await asUser<{ ids: string[] }>(ada.id, "select app.member_workspace_ids()::text[] as ids");
    expect([...(mine.rows?.[0]?.ids ?? [])].sort()).toEqual([ada.personalWorkspaceId, team].sort());
  });
});

describe("messages.search", () => {
  it("keeps a message's tsvector in the row (storage main, rows up to half a page) where it used to go to TOAST", async () => {
    const [col] = await su.query<{ storage: string }>(
      "select attstorage::text as storage from pg_attribute where attrelid = 'public.messages'::regclass and attname = 'search'",
    );
    expect(col?.storage).toBe("m");
    const [table] = await su.query<{ options: string[] | null }>("select reloptions as options from pg_class where oid = 'public.messages'::regclass");
    expect(table?.options).toContain("toast_tuple_target=4080");
    // Where a value is stored can be asked from Postgres 17 on (PGlite is 18; the Postgres
    // of the integration runs may be older: there the storage setting above is the check).
    const [version] = await su.query<{ n: number }>("select current_setting('server_version_num')::int as n");
    if (version!.n < 170000) return;
    // A message like the bench's: ~160 different words, the body three times over.
    let seed = 7;
    const letter = () => String.fromCharCode(97 + ((seed = (seed * 1103515245 + 12345) % 2147483648) % 26));
    const words = Array.from({ length: 160 }, () => Array.from({ length: 6 + (seed % 4) }, letter).join("")).join(" ");
    const [ada1] = await su.query<{ connection_id: string }>("select connection_id::text from public.messages where subject = 'Ada personal'");
    const insert = (id: string) =>
      su.query(
        `insert into public.messages (workspace_id, connection_id, provider_message_id, subject, body_text, full_text, body_html)
         values ($1, $2, $3, 'Long', $4, $4 || ' On Monday, Dana wrote: ' || $4, '<p>' || $4 || '</p>')`,
        [ada.personalWorkspaceId, ada1!.connection_id, id, words],
      );
    // This test file's own database: the same message stored the old way, then the new.
    await su.exec("alter table public.messages alter column search set storage extended");
    await insert("long-extended");
    await su.exec("alter table public.messages alter column search set storage main");
    await insert("long-main");
    const stored = await su.query<{ id: string; out_of_line: boolean }>(
      `select provider_message_id as id, pg_column_toast_chunk_id(search) is not null as out_of_line
       from public.messages where provider_message_id like 'long-%' order by 1`,
    );
    expect(stored).toEqual([
      { id: "long-extended", out_of_line: true },
      { id: "long-main", out_of_line: false },
    ]);
  });
});
