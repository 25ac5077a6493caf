import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RawSql } from "@/server/db/raw";
import { channelConnections, workspaceMembers, workspaces } from "@/server/db/schema";
import { pgErrorCode, withUser } from "@/server/db/with-rls";
import { createTestDatabase, createUser, rowsOf, type TestDatabase, type TestUser } from "../helpers/test-database";

// The workspace rules the database enforces whoever writes (policies and triggers), driven
// through withUser exactly as product code does.

let test: TestDatabase;
let su: RawSql;

beforeAll(async () => {
  test = await createTestDatabase();
  su = test.database.raw;
});
afterAll(() => test?.cleanup());

type Role = "owner" | "admin" | "member";

/** The SQLSTATE a promise rejects with, or "ok". */
async function outcomeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    return pgErrorCode(error) ?? `non-database error: ${String(error)}`;
  }
}

async function roleIn(ws: string, userId: string): Promise<Role | null> {
  const [row] = await su.query<{ role: Role }>(
    "select role::text as role from public.workspace_members where workspace_id = $1 and user_id = $2",
    [ws, userId],
  );
  return row?.role ?? null;
}

/** Creates a workspace as `creator` through withUser (no `returning`: see below). */
async function createWorkspace(creator: TestUser, name: string): Promise<string> {
  const id = randomUUID();
  await withUser(creator.id, (tx) => tx.insert(workspaces).values({ id, name, createdBy: creator.id }));
  return id;
}

async function addMemberAsSuperuser(ws: string, user: TestUser, role: Role) {
  await su.query("insert into public.workspace_members (workspace_id, user_id, role) values ($1, $2, $3)", [ws, user.id, role]);
}

function setRole(actor: TestUser, ws: string, target: TestUser, role: Role) {
  return withUser(actor.id, (tx) =>
    tx
      .update(workspaceMembers)
      .set({ role })
      .where(and(eq(workspaceMembers.workspaceId, ws), eq(workspaceMembers.userId, target.id)))
      .returning({ userId: workspaceMembers.userId }),
  );
}

function removeMember(actor: TestUser, ws: string, target: TestUser) {
  return withUser(actor.id, (tx) =>
    tx
      .delete(workspaceMembers)
      .where(and(eq(workspaceMembers.workspaceId, ws), eq(workspaceMembers.userId, target.id)))
      .returning({ userId: workspaceMembers.userId }),
  );
}

function insertMember(actor: TestUser, ws: string, target: TestUser, role: Role) {
  return withUser(actor.id, (tx) => tx.insert(workspaceMembers).values({ workspaceId: ws, userId: target.id, role }));
}

function addByEmail(actor: TestUser, ws: string, email: string, role: Role) {
  return withUser(actor.id, async (tx) => {
    const result = await tx.execute(
      sql`select app.add_workspace_member(${ws}::uuid, ${email}, ${role}::public.workspace_role) as result`,
    );
    return rowsOf<{ result: string }>(result)[0]?.result;
  });
}

function search(actor: TestUser, ws: string, query: string) {
  return withUser(actor.id, async (tx) => {
    const result = await tx.execute(sql`select id::text as id from app.search_messages(${ws}::uuid, ${query}, 50)`);
    return rowsOf<{ id: string }>(result).map((r) => r.id);
  });
}

let n = 0;
const newUser = (label: string) => createUser(test.database, `${label}-${++n}@rules.test`);

describe("creating a workspace", () => {
  it("makes the creator its owner (insert with created_by = self, no returning)", async () => {
    const ada = await newUser("ada");
    const ws = await createWorkspace(ada, "Ada & Co");
    expect(await roleIn(ws, ada.id)).toBe("owner");
    // ...and the creator, now a member, can read it back through RLS.
    const seen = await withUser(ada.id, (tx) => tx.select({ id: workspaces.id, name: workspaces.name }).from(workspaces).where(eq(workspaces.id, ws)));
    expect(seen).toEqual([{ id: ws, name: "Ada & Co" }]);
  });

  it("refuses a workspace created in someone else's name", async () => {
    const [ada, eve] = [await newUser("ada"), await newUser("eve")];
    const id = randomUUID();
    const code = await outcomeOf(withUser(eve.id, (tx) => tx.insert(workspaces).values({ id, name: "Fake", createdBy: ada.id })));
    expect(code).toBe("42501");
    expect(await su.query("select 1 from public.workspaces where id = $1", [id])).toEqual([]);
  });
});

describe("members: who may change whom", () => {
  let owner: TestUser;
  let admin: TestUser;
  let member: TestUser;
  let ws: string;

  beforeAll(async () => {
    owner = await newUser("owner");
    admin = await newUser("admin");
    member = await newUser("member");
    ws = await createWorkspace(owner, "Team");
    await addMemberAsSuperuser(ws, admin, "admin");
    await addMemberAsSuperuser(ws, member, "member");
  });

  it("an admin adds and removes members", async () => {
    const newcomer = await newUser("newcomer");
    expect(await outcomeOf(insertMember(admin, ws, newcomer, "member"))).toBe("ok");
    expect(await roleIn(ws, newcomer.id)).toBe("member");
    expect(await setRole(admin, ws, newcomer, "admin")).toEqual([{ userId: newcomer.id }]);
    expect(await roleIn(ws, newcomer.id)).toBe("admin");
    expect(await removeMember(admin, ws, newcomer)).toEqual([{ userId: newcomer.id }]);
    expect(await roleIn(ws, newcomer.id)).toBeNull();
  });

  it("an admin cannot grant ownership, by insert or by update", async () => {
    const newcomer = await newUser("newcomer");
    expect(await outcomeOf(insertMember(admin, ws, newcomer, "owner"))).toBe("42501");
    expect(await roleIn(ws, newcomer.id)).toBeNull();
    expect(await outcomeOf(setRole(admin, ws, member, "owner"))).toBe("42501");
    expect(await roleIn(ws, member.id)).toBe("member");
  });

  it("an admin cannot touch an owner's row", async () => {
    expect(await setRole(admin, ws, owner, "member")).toEqual([]);
    expect(await removeMember(admin, ws, owner)).toEqual([]);
    expect(await roleIn(ws, owner.id)).toBe("owner");
  });

  it("a member cannot add, change or remove others, but can leave", async () => {
    const newcomer = await newUser("newcomer");
    expect(await outcomeOf(insertMember(member, ws, newcomer, "member"))).toBe("42501");
    expect(await roleIn(ws, newcomer.id)).toBeNull();
    expect(await setRole(member, ws, admin, "member")).toEqual([]);
    expect(await setRole(member, ws, member, "admin")).toEqual([]);
    expect(await removeMember(member, ws, admin)).toEqual([]);
    expect(await roleIn(ws, admin.id)).toBe("admin");

    expect(await removeMember(member, ws, member)).toEqual([{ userId: member.id }]);
    expect(await roleIn(ws, member.id)).toBeNull();
  });
});

describe("the last owner", () => {
  it("cannot leave or be demoted (AV001), but can once another owner exists", async () => {
    const [owner, second] = [await newUser("owner"), await newUser("second")];
    const ws = await createWorkspace(owner, "Solo");
    await addMemberAsSuperuser(ws, second, "admin");

    expect(await outcomeOf(removeMember(owner, ws, owner))).toBe("AV001");
    expect(await outcomeOf(setRole(owner, ws, owner, "admin"))).toBe("AV001");
    expect(await roleIn(ws, owner.id)).toBe("owner");
    // The rule holds for the service path too (a trigger, not a policy).
    await expect(su.query("delete from public.workspace_members where workspace_id = $1 and user_id = $2", [ws, owner.id])).rejects.toMatchObject({
      code: "AV001",
    });

    // An owner may make another owner; then the first can step down and leave.
    expect(await setRole(owner, ws, second, "owner")).toEqual([{ userId: second.id }]);
    expect(await setRole(owner, ws, owner, "admin")).toEqual([{ userId: owner.id }]);
    expect(await roleIn(ws, owner.id)).toBe("admin");
    expect(await removeMember(owner, ws, owner)).toEqual([{ userId: owner.id }]);
    expect(await roleIn(ws, owner.id)).toBeNull();
    // ...and now `second` is the last owner.
    expect(await outcomeOf(removeMember(second, ws, second))).toBe("AV001");
  });

  it("does not block deleting the whole workspace", async () => {
    const owner = await newUser("owner");
    const ws = await createWorkspace(owner, "Short-lived");
    const deleted = await withUser(owner.id, (tx) => tx.delete(workspaces).where(eq(workspaces.id, ws)).returning({ id: workspaces.id }));
    expect(deleted).toEqual([{ id: ws }]);
    expect(await su.query("select 1 from public.workspace_members where workspace_id = $1", [ws])).toEqual([]);
  });
});

describe("app.add_workspace_member", () => {
  let owner: TestUser;
  let admin: TestUser;
  let member: TestUser;
  let outsider: TestUser;
  let ws: string;

  beforeAll(async () => {
    [owner, admin, member, outsider] = [await newUser("owner"), await newUser("admin"), await newUser("member"), await newUser("outsider")];
    ws = await createWorkspace(owner, "Invites");
    await addMemberAsSuperuser(ws, admin, "admin");
    await addMemberAsSuperuser(ws, member, "member");
  });

  it("returns 'added', then 'already_member' (whatever the email's case), or 'not_found'", async () => {
    const invitee = await newUser("invitee");
    expect(await addByEmail(owner, ws, invitee.email, "member")).toBe("added");
    expect(await roleIn(ws, invitee.id)).toBe("member");
    expect(await addByEmail(admin, ws, `  ${invitee.email.toUpperCase()} `, "admin")).toBe("already_member");
    expect(await roleIn(ws, invitee.id)).toBe("member");
    expect(await addByEmail(owner, ws, "nobody@nowhere.test", "member")).toBe("not_found");
  });

  it("lets an admin add members but only an owner add an owner", async () => {
    const [a, b] = [await newUser("by-admin"), await newUser("co-owner")];
    expect(await addByEmail(admin, ws, a.email, "member")).toBe("added");
    expect(await outcomeOf(addByEmail(admin, ws, b.email, "owner"))).toBe("42501");
    expect(await roleIn(ws, b.id)).toBeNull();
    expect(await addByEmail(owner, ws, b.email, "owner")).toBe("added");
    expect(await roleIn(ws, b.id)).toBe("owner");
  });

  it("refuses members and non-members (42501), and tells them nothing", async () => {
    const target = await newUser("target");
    expect(await outcomeOf(addByEmail(member, ws, target.email, "member"))).toBe("42501");
    expect(await outcomeOf(addByEmail(outsider, ws, target.email, "member"))).toBe("42501");
    // A non-member cannot use it as an oracle for which emails exist.
    expect(await outcomeOf(addByEmail(outsider, ws, "nobody@nowhere.test", "member"))).toBe("42501");
    expect(await outcomeOf(addByEmail(outsider, ws, outsider.email, "member"))).toBe("42501");
    expect(await roleIn(ws, target.id)).toBeNull();
    expect(await roleIn(ws, outsider.id)).toBeNull();
  });
});

describe("signing up", () => {
  it("creates exactly one profile and one personal workspace, owned by the new user", async () => {
    const user = await createUser(test.database, "Grace@Signup.test", "Grace Hopper");
    const counts = async () =>
      (
        await su.query<{ profiles: number; personal: number; memberships: number; workspaces: number }>(
          `select (select count(*)::int from public.profiles where id = $1) as profiles,
                  (select count(*)::int from public.workspaces where created_by = $1 and is_personal) as personal,
                  (select count(*)::int from public.workspaces where created_by = $1) as workspaces,
                  (select count(*)::int from public.workspace_members where user_id = $1) as memberships`,
          [user.id],
        )
      )[0];
    expect(await counts()).toEqual({ profiles: 1, personal: 1, memberships: 1, workspaces: 1 });
    const [ws] = await su.query<{ id: string; name: string }>(
      "select id::text as id, name from public.workspaces where created_by = $1",
      [user.id],
    );
    expect(ws).toEqual({ id: user.personalWorkspaceId, name: "Grace Hopper's workspace" });
    expect(await roleIn(user.personalWorkspaceId, user.id)).toBe("owner");

    // Initialising again (a second auth path, a retried callback) creates nothing new.
    for (let i = 0; i < 2; i++) {
      const [again] = await su.query<{ ws: string | null }>("select private.initialize_user($1, $2, $3)::text as ws", [
        user.id,
        user.email,
        "Grace Hopper",
      ]);
      expect(again?.ws).toBeNull();
    }
    expect(await counts()).toEqual({ profiles: 1, personal: 1, memberships: 1, workspaces: 1 });
  });

  it("names the personal workspace after the email when no name is given", async () => {
    const user = await createUser(test.database, "lin.wu@signup.test");
    const [ws] = await su.query<{ name: string }>("select name from public.workspaces where id = $1", [user.personalWorkspaceId]);
    expect(ws?.name).toBe("lin.wu's workspace");
  });
});

describe("app.search_messages", () => {
  let alice: TestUser;
  let bob: TestUser;
  let ws: string;
  let bobWs: string;
  let wanted: string;

  async function connection(workspace: string, owner: TestUser): Promise<string> {
    const id = randomUUID();
    await withUser(owner.id, (tx) =>
      tx.insert(channelConnections).values({ id, workspaceId: workspace, userId: owner.id, provider: "imap", providerAccountId: owner.email }),
    );
    return id;
  }

  beforeAll(async () => {
    alice = await newUser("alice");
    bob = await newUser("bob");
    ws = await createWorkspace(alice, "Search A");
    bobWs = await createWorkspace(bob, "Search B");
    const aliceConnection = await connection(ws, alice);
    const bobConnection = await connection(bobWs, bob);
    wanted = randomUUID();
    await su.query(
      `insert into public.messages (id, workspace_id, connection_id, provider_message_id, subject, body_text, sender_email)
       values ($1, $2, $3, 'm-1', 'Travel plans', 'The platypus exhibit opens on Tuesday.', 'zoo@example.test'),
              (gen_random_uuid(), $2, $3, 'm-2', 'Lunch', 'Sandwiches at noon.', 'cafe@example.test'),
              (gen_random_uuid(), $4, $5, 'm-3', 'Also travel', 'A platypus in the other workspace.', 'zoo@example.test')`,
      [wanted, ws, aliceConnection, bobWs, bobConnection],
    );
  });

  it("finds a message by a word of its body for a member, and only in that workspace", async () => {
    expect(await search(alice, ws, "platypus")).toEqual([wanted]);
    // English stemming: the plural finds it too.
    expect(await search(alice, ws, "exhibits")).toEqual([wanted]);
    expect(await search(alice, ws, "kangaroo")).toEqual([]);
  });

  it("raises 42501 for a non-member", async () => {
    expect(await outcomeOf(search(bob, ws, "platypus"))).toBe("42501");
  });

  it("answers from messages_search_idx at a realistic size (EXPLAIN of its inner query, as superuser)", async () => {
    const [conn] = await su.query<{ id: string }>("select id::text as id from public.channel_connections where workspace_id = $1", [ws]);
    await su.query(
      `insert into public.messages (workspace_id, connection_id, provider_message_id, subject, body_text, sender_email, sent_at)
       select $1, $2, 'bulk-' || g, 'Weekly status ' || g,
              'Status report number ' || g || ': budget, hiring and roadmap updates for the team. '
                || repeat('Shipping went well this week; support volume is steady and two customers renewed. ', 6)
                || case when g % 500 = 0 then ' The quokka project is on track.' else '' end,
              'reports@example.test', now() - g * interval '1 hour'
       from generate_series(1, 2000) g`,
      [ws, conn!.id],
    );
    // VACUUM moves GIN's pending-list entries into the index proper, as autovacuum would.
    await su.exec("vacuum analyze public.messages");
    // The function's query, with its parameter inlined as a literal (ws is a validated uuid).
    const plan = await su.query<Record<string, unknown>>(
      `explain (format json)
       select m.* from public.messages m
       where m.workspace_id = '${ws}'::uuid
         and m.search @@ websearch_to_tsquery('english'::regconfig, 'quokka')`,
    );
    const text = JSON.stringify(plan);
    expect(text, text).toContain('"Index Name":"messages_search_idx"');
    // ...and the function itself returns the four matching messages.
    expect(await search(alice, ws, "quokka")).toHaveLength(4);
  });
});
