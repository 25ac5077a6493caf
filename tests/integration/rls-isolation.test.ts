import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RawSql } from "@/server/db/raw";
import {
  asAnon,
  asUser,
  createTestDatabase,
  createUser,
  runAs,
  type SqlOutcome,
  type TestUser,
} from "../helpers/test-database";

// THE tenant-isolation matrix. Every workspace-scoped table (found in the database itself:
// each table in `public` with a workspace_id column, plus `workspaces` keyed by id) gets a
// realistic row in workspace A; then another tenant (user B, who owns a workspace of their
// own) and an anonymous visitor try select / insert / update / delete on A's rows. Every
// cell is its own test, and after each one A's (and B's) data must be byte-for-byte what
// it was. A positive control shows members of A really can work with their rows, so the
// matrix cannot pass because RLS denies everything.

const testDatabase = await createTestDatabase();
afterAll(() => testDatabase.cleanup());
const su: RawSql = testDatabase.database.raw; // the superuser connection: bypasses RLS

type WorkspaceTable = { table: string; key: "id" | "workspace_id" };

async function discoverWorkspaceTables(raw: RawSql): Promise<WorkspaceTable[]> {
  const rows = await raw.query<{ name: string }>(`
    select c.relname as name
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public'
      and c.relkind in ('r', 'p')
      and exists (
        select 1 from pg_attribute a
        where a.attrelid = c.oid and a.attname = 'workspace_id' and a.attnum > 0 and not a.attisdropped
      )
    order by c.relname`);
  return [{ table: "workspaces", key: "id" }, ...rows.map((r) => ({ table: r.name, key: "workspace_id" as const }))];
}

const TABLES = await discoverWorkspaceTables(su);

const MUST_COVER = [
  "workspaces",
  "workspace_members",
  "channel_connections",
  "threads",
  "messages",
  "message_drafts",
  "calendar_connections",
  "events",
  "tasks",
  "ai_action_logs",
  "contacts",
  "sync_runs",
];

// ---------------------------------------------------------------------------------------
// Fixtures: one realistic row per table in a workspace.

type Seeded = {
  ws: string;
  owner: string;
  channel: string;
  calendar: string;
  thread: string;
  message: string;
  log: string;
  draft: string;
  event: string;
  task: string;
  contact: string;
  syncRun: string;
};

/** Seeds a team workspace created by `owner` (the trigger makes them owner), as superuser. */
async function seedWorkspace(raw: RawSql, owner: TestUser, name: string, teammate?: TestUser): Promise<Seeded> {
  const s: Seeded = {
    ws: randomUUID(),
    owner: owner.id,
    channel: randomUUID(),
    calendar: randomUUID(),
    thread: randomUUID(),
    message: randomUUID(),
    log: randomUUID(),
    draft: randomUUID(),
    event: randomUUID(),
    task: randomUUID(),
    contact: randomUUID(),
    syncRun: randomUUID(),
  };
  await raw.transaction(async (tx) => {
    await tx.query("insert into public.workspaces (id, name, created_by) values ($1, $2, $3)", [s.ws, name, owner.id]);
    if (teammate) {
      await tx.query("insert into public.workspace_members (workspace_id, user_id, role) values ($1, $2, 'member')", [
        s.ws,
        teammate.id,
      ]);
    }
    await tx.query(
      `insert into public.channel_connections
         (id, workspace_id, user_id, provider, provider_account_id, display_name, status, last_sync_at, sync_cursor, metadata)
       values ($1, $2, $3, 'gmail', $4, $5, 'active', now(), '{"historyId":"48213"}'::jsonb,
               '{"scopes":["gmail.readonly","gmail.send"]}'::jsonb)`,
      [s.channel, s.ws, owner.id, owner.email, `${name} Gmail`],
    );
    await tx.query(
      `insert into public.calendar_connections (id, workspace_id, user_id, provider, provider_account_id, display_name)
       values ($1, $2, $3, 'google', $4, 'Work calendar')`,
      [s.calendar, s.ws, owner.id, owner.email],
    );
    await tx.query(
      `insert into public.threads (id, workspace_id, connection_id, provider_thread_id, subject, participants, message_count, last_message_at)
       values ($1, $2, $3, 'thread-18c2f', 'Q3 budget review',
               '[{"name":"Dana Ortiz","email":"dana@client.test"}]'::jsonb, 1, '2026-03-02T09:15:00Z')`,
      [s.thread, s.ws, s.channel],
    );
    await tx.query(
      `insert into public.messages
         (id, workspace_id, connection_id, thread_id, provider_message_id, provider_thread_id, internet_message_id,
          "references", subject, snippet, body_text, sender_name, sender_email, recipients, sent_at, labels,
          priority, category, sentiment, actionability, ai_summary, ai_key_points, ai_confidence, classified_at)
       values ($1, $2, $3, $4, 'msg-18c2f-1', 'thread-18c2f', '<q3-budget@client.test>',
               array['<kickoff@client.test>'], 'Q3 budget review',
               'Can you confirm the revised numbers by Friday?',
               'Hi, can you confirm the revised Q3 numbers by Friday? The board meets Monday.',
               'Dana Ortiz', 'dana@client.test', $5::jsonb, '2026-03-02T09:15:00Z', array['INBOX', 'IMPORTANT'],
               'high', 'customer', 'neutral', 'reply_needed', 'Client asks to confirm Q3 numbers by Friday.',
               '["confirm Q3 numbers","deadline Friday"]'::jsonb, 0.92, now())`,
      [s.message, s.ws, s.channel, s.thread, JSON.stringify({ to: [{ email: owner.email }], cc: [], bcc: [] })],
    );
    await tx.query(
      `insert into public.ai_action_logs
         (id, workspace_id, user_id, message_id, action_type, engine, model_used, prompt_tokens, completion_tokens,
          cost_usd, latency_ms, confidence_score, result)
       values ($1, $2, $3, $4, 'draft_reply', 'openai', 'gpt-4.1-mini', 812, 164, 0.000421, 1380, 0.88,
               '{"tone":"professional"}'::jsonb)`,
      [s.log, s.ws, owner.id, s.message],
    );
    await tx.query(
      `insert into public.message_drafts (id, workspace_id, message_id, user_id, subject, draft_body, tone, ai_action_log_id)
       values ($1, $2, $3, $4, 'Re: Q3 budget review', 'Hi Dana, confirmed: the revised numbers stand.', 'professional', $5)`,
      [s.draft, s.ws, s.message, owner.id, s.log],
    );
    await tx.query(
      `insert into public.events
         (id, workspace_id, calendar_connection_id, provider_event_id, title, start_time, end_time, timezone,
          organizer, attendees, location, status, created_from_message_id, created_by)
       values ($1, $2, $3, 'evt-77a1', 'Board meeting', '2026-03-09T15:00:00Z', '2026-03-09T16:00:00Z', 'Europe/Berlin',
               '{"name":"Dana Ortiz","email":"dana@client.test"}'::jsonb, '[{"email":"board@client.test"}]'::jsonb,
               'Room 4', 'confirmed', $4, $5)`,
      [s.event, s.ws, s.calendar, s.message, owner.id],
    );
    await tx.query(
      `insert into public.tasks
         (id, workspace_id, user_id, source_message_id, extracted_by_ai, title, description, due_at, priority, status, assigned_to)
       values ($1, $2, $3, $4, true, 'Confirm Q3 numbers', 'Reply to Dana before the board meeting.',
               '2026-03-06T17:00:00Z', 'high', 'open', $3)`,
      [s.task, s.ws, owner.id, s.message],
    );
    await tx.query(
      `insert into public.contacts (id, workspace_id, email, name, messages_received, first_seen_at, last_message_at)
       values ($1, $2, 'dana@client.test', 'Dana Ortiz', 1, '2026-03-02T09:15:00Z', '2026-03-02T09:15:00Z')`,
      [s.contact, s.ws],
    );
    await tx.query(
      `insert into public.sync_runs (id, workspace_id, connection_id, trigger, status, label, processed, total, imported, started_at, finished_at)
       values ($1, $2, $3, 'manual', 'succeeded', 'INBOX', 1, 1, 1, now() - interval '1 minute', now())`,
      [s.syncRun, s.ws, s.channel],
    );
  });
  return s;
}

// ---------------------------------------------------------------------------------------
// How each table is probed. A table added later must get an entry here (a test says so).

type ProbeContext = {
  /** The workspace the row is written into. */
  target: Seeded;
  /** The caller's own user id (connections require user_id = auth.uid()). */
  actor: string;
  /** `workspaces.created_by` of the probe: the target's owner for attacks, the caller for controls. */
  creator: string;
  /** A user to add in workspace_members. */
  newcomer: string;
  id: string;
};

type Probe = { text: string; params: unknown[]; where: string; whereParams: unknown[] };

type TableSpec = {
  insert(ctx: ProbeContext): Probe;
  /** SET clause of the update attempts. */
  set: string;
  /** Positive control only: extra filter for update/delete (e.g. never the owner row). */
  memberTarget?: string;
};

const byId = (text: string, params: unknown[], id: string): Probe => ({ text, params, where: "id = $1", whereParams: [id] });

const SPECS: Record<string, TableSpec> = {
  workspaces: {
    insert: (c) =>
      byId("insert into public.workspaces (id, name, created_by) values ($1, 'Probe workspace', $2)", [c.id, c.creator], c.id),
    set: "name = 'Renamed by caller'",
  },
  workspace_members: {
    insert: (c) => ({
      text: "insert into public.workspace_members (workspace_id, user_id, role) values ($1, $2, 'member')",
      params: [c.target.ws, c.newcomer],
      where: "workspace_id = $1 and user_id = $2",
      whereParams: [c.target.ws, c.newcomer],
    }),
    set: "role = 'admin'",
    memberTarget: "role <> 'owner'",
  },
  channel_connections: {
    insert: (c) =>
      byId(
        `insert into public.channel_connections (id, workspace_id, user_id, provider, provider_account_id, display_name)
         values ($1, $2, $3, 'slack', $4, 'Probe Slack')`,
        [c.id, c.target.ws, c.actor, `T-${c.id}`],
        c.id,
      ),
    set: "display_name = 'Renamed by caller'",
  },
  calendar_connections: {
    insert: (c) =>
      byId(
        `insert into public.calendar_connections (id, workspace_id, user_id, provider, provider_account_id)
         values ($1, $2, $3, 'caldav', $4)`,
        [c.id, c.target.ws, c.actor, `probe-${c.id}`],
        c.id,
      ),
    set: "display_name = 'Renamed by caller'",
  },
  threads: {
    insert: (c) =>
      byId(
        `insert into public.threads (id, workspace_id, connection_id, provider_thread_id, subject)
         values ($1, $2, $3, $4, 'Probe thread')`,
        [c.id, c.target.ws, c.target.channel, `probe-${c.id}`],
        c.id,
      ),
    set: "subject = 'Changed by caller'",
  },
  messages: {
    insert: (c) =>
      byId(
        `insert into public.messages (id, workspace_id, connection_id, thread_id, provider_message_id, subject, body_text, sender_email)
         values ($1, $2, $3, $4, $5, 'Probe', 'Injected body', 'probe@attacker.test')`,
        [c.id, c.target.ws, c.target.channel, c.target.thread, `probe-${c.id}`],
        c.id,
      ),
    set: "subject = 'Changed by caller'",
  },
  message_drafts: {
    insert: (c) =>
      byId(
        `insert into public.message_drafts (id, workspace_id, message_id, user_id, draft_body)
         values ($1, $2, $3, $4, 'Injected draft')`,
        [c.id, c.target.ws, c.target.message, c.actor],
        c.id,
      ),
    set: "draft_body = 'Changed by caller'",
  },
  events: {
    insert: (c) =>
      byId(
        `insert into public.events (id, workspace_id, calendar_connection_id, title, start_time, end_time, created_by)
         values ($1, $2, $3, 'Probe event', now(), now() + interval '1 hour', $4)`,
        [c.id, c.target.ws, c.target.calendar, c.actor],
        c.id,
      ),
    set: "title = 'Changed by caller'",
  },
  tasks: {
    insert: (c) =>
      byId(
        "insert into public.tasks (id, workspace_id, user_id, title) values ($1, $2, $3, 'Probe task')",
        [c.id, c.target.ws, c.actor],
        c.id,
      ),
    set: "title = 'Changed by caller'",
  },
  ai_action_logs: {
    insert: (c) =>
      byId(
        "insert into public.ai_action_logs (id, workspace_id, user_id, action_type, engine) values ($1, $2, $3, 'classify', 'probe')",
        [c.id, c.target.ws, c.actor],
        c.id,
      ),
    set: "error = 'Changed by caller'",
  },
};

Object.assign(SPECS, {
  contacts: {
    insert: (c: ProbeContext) =>
      byId(
        "insert into public.contacts (id, workspace_id, email, name) values ($1, $2, $3, 'Probe contact')",
        [c.id, c.target.ws, `probe-${c.id}@attacker.test`],
        c.id,
      ),
    set: "name = 'Changed by caller'",
  },
  sync_runs: {
    insert: (c: ProbeContext) =>
      byId(
        "insert into public.sync_runs (id, workspace_id, connection_id, trigger, status) values ($1, $2, $3, 'manual', 'succeeded')",
        [c.id, c.target.ws, c.target.channel],
        c.id,
      ),
    set: "error = 'Changed by caller'",
  },
} satisfies Record<string, TableSpec>);

function specFor(table: string): TableSpec {
  const spec = SPECS[table];
  if (!spec) throw new Error(`No isolation spec for public.${table}: add a seed row and an entry in SPECS`);
  return spec;
}

// ---------------------------------------------------------------------------------------
// State shared by the cells (filled in beforeAll).

let userA: TestUser; // owner of workspace A
let userB: TestUser; // the other tenant: owns workspace B, not a member of A
let userM: TestUser; // a plain member of A (positive control)
let userC: TestUser; // nobody's teammate yet: positive-control inserts add them
let A: Seeded;
let B: Seeded;
let baseline: Record<string, string>;
/** Workspace tables seedWorkspace() left empty (a table added without extending it). */
const unseeded = new Set<string>();

/** Every workspace table's rows of A and of B as canonical JSON text, read as superuser. */
async function snapshot(): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const { table, key } of TABLES) {
    for (const [label, ws] of [
      ["A", A.ws],
      ["B", B.ws],
    ] as const) {
      const [row] = await su.query<{ snap: string }>(
        `select coalesce(jsonb_agg(j order by j::text), '[]'::jsonb)::text as snap
         from (select to_jsonb(t) as j from public.${table} t where t.${key} = $1) s`,
        [ws],
      );
      result[`${table}@${label}`] = row!.snap;
    }
  }
  return result;
}

/**
 * Fails the current test (softly, so it also runs after a failed assertion) when any
 * snapshot differs from the last one. Re-baselines, so a leak fails the cell that caused
 * it and not every later one.
 */
async function expectNothingChanged() {
  const before = baseline;
  const now = await snapshot();
  baseline = now;
  const changed = Object.keys(before).filter((k) => before[k] !== now[k]);
  const details = changed.map((k) => `${k}\n  before: ${before[k]}\n  after:  ${now[k]}`).join("\n");
  expect.soft(changed, `rows changed:\n${details}`).toEqual([]);
}

/** Runs a cell's own assertions, then always the unchanged-data check. */
async function cell(body: () => Promise<void>) {
  try {
    await body();
  } finally {
    await expectNothingChanged();
  }
}

beforeAll(async () => {
  userA = await createUser(testDatabase.database, "alice@acme.test", "Alice");
  userB = await createUser(testDatabase.database, "bob@globex.test", "Bob");
  userM = await createUser(testDatabase.database, "mia@acme.test", "Mia");
  userC = await createUser(testDatabase.database, "carl@acme.test", "Carl");
  A = await seedWorkspace(su, userA, "Acme", userM);
  B = await seedWorkspace(su, userB, "Globex");
  for (const { table, key } of TABLES) {
    for (const s of [A, B]) {
      const [row] = await su.query<{ n: number }>(`select count(*)::int as n from public.${table} where ${key} = $1`, [s.ws]);
      if (!row || row.n < 1) unseeded.add(table);
    }
  }
  baseline = await snapshot();
});

// ---------------------------------------------------------------------------------------

describe("the matrix covers every workspace table", () => {
  it("discovers at least the known workspace tables", () => {
    const found = TABLES.map((t) => t.table);
    for (const name of MUST_COVER) expect(found).toContain(name);
  });

  it("has a probe spec for every discovered table (extend SPECS)", () => {
    expect(TABLES.filter((t) => !SPECS[t.table]).map((t) => t.table)).toEqual([]);
  });

  it("has a seed row in every discovered table, in both workspaces (extend seedWorkspace)", () => {
    expect([...unseeded]).toEqual([]);
  });
});

type Op = "select" | "insert" | "update" | "delete";
const OPS: Op[] = ["select", "insert", "update", "delete"];

type Attacker = "non-member" | "anon";
const ATTACKERS: Attacker[] = ["non-member", "anon"];

const PHRASE: Record<Op, string> = {
  select: "sees none of A's rows",
  insert: "cannot add a row to A",
  update: "changes nothing",
  delete: "deletes nothing",
};

/** What each attack actually ran into, printed at the end ("record which"). */
const observed: string[] = [];

function run(attacker: Attacker, text: string, params: unknown[]): Promise<SqlOutcome<Record<string, unknown>>> {
  return attacker === "anon" ? asAnon(text, params) : asUser(userB.id, text, params);
}

/** Refused: privilege or RLS error (42501) or zero rows. Any other error could hide a leak. */
function expectRefused(outcome: SqlOutcome<Record<string, unknown>>): string {
  if (outcome.error) {
    expect(outcome.code, `unexpected error: ${outcome.error.message}`).toBe("42501");
    return `error 42501 (${outcome.error.message})`;
  }
  expect(outcome.rows).toHaveLength(0);
  return "0 rows";
}

describe("isolation: another tenant and anon cannot reach workspace A", () => {
  afterAll(() => {
    if (observed.length) console.info(`RLS isolation matrix, what each refused attempt ran into:\n${observed.join("\n")}`);
  });

  describe.each(TABLES.map((t) => [t.table, t] as [string, WorkspaceTable]))("%s", (table, { key }) => {
    const cells = OPS.flatMap((op) =>
      ATTACKERS.map((attacker) => [`${table} · ${op} · ${attacker} ${PHRASE[op]}`, { op, attacker }] as [string, { op: Op; attacker: Attacker }]),
    );

    it.each(cells)("%s", (_name, { op, attacker }) => cell(async () => {
      const spec = specFor(table);
      let result: string;
      if (op === "select") {
        const outcome = await run(attacker, `select ${key}::text as ws from public.${table}`, []);
        if (outcome.error) {
          result = expectRefused(outcome);
        } else {
          const seen = outcome.rows.map((r) => String(r.ws));
          expect(seen).not.toContain(A.ws);
          if (attacker === "anon") {
            expect(seen).toEqual([]);
          } else {
            // B sees their own rows, and only rows of workspaces B belongs to.
            const mine = (
              await su.query<{ ws: string }>("select workspace_id::text as ws from public.workspace_members where user_id = $1", [userB.id])
            ).map((r) => r.ws);
            expect(seen).toContain(B.ws);
            expect(seen.filter((ws) => !mine.includes(ws))).toEqual([]);
          }
          result = `${seen.length} rows, none of A's`;
        }
      } else if (op === "insert") {
        // Each attacker adds a different newcomer, so one leaked row cannot fail the next cell.
        const newcomer = attacker === "anon" ? userC.id : userB.id;
        const probe = spec.insert({ target: A, actor: userB.id, creator: userA.id, newcomer, id: randomUUID() });
        result = expectRefused(await run(attacker, probe.text, probe.params));
        const [left] = await su.query<{ n: number }>(`select count(*)::int as n from public.${table} where ${probe.where}`, probe.whereParams);
        expect(left?.n).toBe(0);
      } else if (op === "update") {
        result = expectRefused(await run(attacker, `update public.${table} set ${spec.set} where ${key} = $1 returning 1 as x`, [A.ws]));
      } else {
        result = expectRefused(await run(attacker, `delete from public.${table} where ${key} = $1 returning 1 as x`, [A.ws]));
      }
      observed.push(`  ${table} · ${op} · ${attacker}: ${result}`);
    }));
  });

  // B may write their own rows: they still cannot re-home one into A (WITH CHECK).
  describe.each(TABLES.filter((t) => t.key === "workspace_id").map((t) => [t.table] as [string]))("%s", (table) => {
    it(`${table} · update · non-member cannot move own rows into A`, () => cell(async () => {
      const outcome = await asUser(userB.id, `update public.${table} set workspace_id = $1 where workspace_id = $2 returning 1 as x`, [
        A.ws,
        B.ws,
      ]);
      observed.push(`  ${table} · move into A · non-member: ${expectRefused(outcome)}`);
    }));
  });
});

// ---------------------------------------------------------------------------------------
// Positive control: members of A can work with A's rows where the policies say so. Each
// cell runs in a transaction that is rolled back, so cells do not depend on each other.

type Expect = "rows" | "none" | "denied";
type Member = "owner" | "member";
const ALL_ROWS: Record<Op, Expect> = { select: "rows", insert: "rows", update: "rows", delete: "rows" };
const READ_ONLY: Record<Op, Expect> = { select: "rows", insert: "denied", update: "denied", delete: "denied" };

/** What a member may do; tables not listed are ordinary workspace content: everything. */
const MEMBER_RULES: Record<string, Partial<Record<Member, Record<Op, Expect>>>> = {
  // Only the service path writes the audit log.
  ai_action_logs: { owner: READ_ONLY, member: READ_ONLY },
  // The sync engine writes sync runs; members watch them.
  sync_runs: { owner: READ_ONLY, member: READ_ONLY },
  // Anyone may create a workspace; only admins rename it, only owners delete it.
  workspaces: { member: { select: "rows", insert: "rows", update: "none", delete: "none" } },
  // Admins manage members; a plain member can only leave (delete their own row).
  workspace_members: { member: { select: "rows", insert: "denied", update: "none", delete: "rows" } },
  // Connections: whoever connected the account, or an admin, changes it (A connected these).
  channel_connections: { member: { select: "rows", insert: "rows", update: "none", delete: "none" } },
  calendar_connections: { member: { select: "rows", insert: "rows", update: "none", delete: "none" } },
};

const EXPECT_PHRASE: Record<Expect, string> = {
  rows: "succeeds",
  none: "affects no rows",
  denied: "is refused (42501)",
};

function classify(outcome: { error: Error | null; code: string | null }, count: number): Expect {
  if (outcome.error) {
    expect(outcome.code, `unexpected error: ${outcome.error.message}`).toBe("42501");
    return "denied";
  }
  return count > 0 ? "rows" : "none";
}

describe("positive control: members of A work with A's rows", () => {
  describe.each(TABLES.map((t) => [t.table, t] as [string, WorkspaceTable]))("%s", (table, { key }) => {
    type Cell = { op: Op; who: Member; expected: Expect };
    const cells = OPS.flatMap((op) =>
      (["owner", "member"] as const).map((who): [string, Cell] => {
        const expected = MEMBER_RULES[table]?.[who]?.[op] ?? ALL_ROWS[op];
        return [`${table} · ${op} · ${who} of A ${EXPECT_PHRASE[expected]}`, { op, who, expected }];
      }),
    );

    it.each(cells)("%s", (_name, { op, who, expected }) => cell(async () => {
      const spec = specFor(table);
      const user = who === "owner" ? userA : userM;
      const filter = spec.memberTarget ? ` and ${spec.memberTarget}` : "";
      let got: Expect;
      if (op === "select") {
        const outcome = await asUser<{ n: number }>(user.id, `select count(*)::int as n from public.${table} where ${key} = $1`, [A.ws]);
        got = classify(outcome, outcome.rows?.[0]?.n ?? 0);
      } else if (op === "insert") {
        const probe = spec.insert({ target: A, actor: user.id, creator: user.id, newcomer: userC.id, id: randomUUID() });
        const outcome = await runAs(
          { role: "authenticated", userId: user.id },
          async (tx) => {
            await tx.query(probe.text, probe.params);
            const [row] = await tx.query<{ n: number }>(`select count(*)::int as n from public.${table} where ${probe.where}`, probe.whereParams);
            return row?.n ?? 0;
          },
          { rollback: true },
        );
        got = classify(outcome, outcome.value ?? 0);
      } else {
        const text =
          op === "update"
            ? `update public.${table} set ${spec.set} where ${key} = $1${filter} returning 1 as x`
            : `delete from public.${table} where ${key} = $1${filter} returning 1 as x`;
        const outcome = await asUser(user.id, text, [A.ws], { rollback: true });
        got = classify(outcome, outcome.rows?.length ?? 0);
      }
      expect(got).toBe(expected);
    }));
  });
});

// ---------------------------------------------------------------------------------------
// Profiles are not workspace-scoped: they are visible to yourself and to co-members.

describe("profiles", () => {
  const readProfile = async (reader: TestUser, target: TestUser) =>
    (await asUser<{ id: string }>(reader.id, "select id::text as id from public.profiles where id = $1", [target.id])).rows;

  it("a user reads their own profile but not another tenant's", async () => {
    expect(await readProfile(userB, userB)).toEqual([{ id: userB.id }]);
    expect(await readProfile(userB, userA)).toEqual([]);
    expect(await readProfile(userA, userB)).toEqual([]);
    // co-members of A see each other
    expect(await readProfile(userM, userA)).toEqual([{ id: userA.id }]);
  });

  it("anon reads no profile", async () => {
    const outcome = await asAnon("select id from public.profiles", []);
    expect(outcome.code).toBe("42501");
  });

  it("another tenant cannot change a profile", async () => {
    const outcome = await asUser(userB.id, "update public.profiles set display_name = 'pwned' where id = $1 returning 1 as x", [userA.id]);
    expect(outcome.error).toBeNull();
    expect(outcome.rows).toEqual([]);
  });

  it("after A adds B to a workspace, each reads the other's profile (and still no one else's)", async () => {
    const shared = randomUUID();
    const added = await runAs({ role: "authenticated", userId: userA.id }, async (tx) => {
      await tx.query("insert into public.workspaces (id, name, created_by) values ($1, 'Acme x Globex', $2)", [shared, userA.id]);
      const [row] = await tx.query<{ result: string }>("select app.add_workspace_member($1, $2, 'member') as result", [
        shared,
        userB.email,
      ]);
      return row?.result;
    });
    expect(added.error).toBeNull();
    expect(added.value).toBe("added");

    expect(await readProfile(userB, userA)).toEqual([{ id: userA.id }]);
    expect(await readProfile(userA, userB)).toEqual([{ id: userB.id }]);
    expect(await readProfile(userB, userM)).toEqual([]);
    // Sharing one workspace opens nothing of the other: B still sees none of Acme.
    const messages = await asUser<{ ws: string }>(userB.id, "select workspace_id::text as ws from public.messages", []);
    expect(messages.rows?.map((r) => r.ws)).not.toContain(A.ws);
    await expectNothingChanged();
  });
});
