import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages } from "@/server/db/schema";
import { withUser } from "@/server/db/with-rls";
import { byPriority, byTime } from "@/server/inbox/listing-order";
import { createTestDatabase, createUser, rowsOf, type TestUser } from "../helpers/test-database";

// The inbox lists a page of a workspace's unarchived messages in priority or time order.
// With the indexes matching the queries' NULL placement, the plan reads the index in order
// and stops after the page instead of sorting every row.

let test: Awaited<ReturnType<typeof createTestDatabase>>;
let ada: TestUser;

beforeAll(async () => {
  test = await createTestDatabase();
  ada = await createUser(test.database, "ada@example.com");
  const other = await createUser(test.database, "bob@example.com");
  for (const owner of [ada, other]) {
    const connectionId = crypto.randomUUID();
    await test.database.raw.query(
      `insert into public.channel_connections (id, workspace_id, user_id, provider, provider_account_id)
       values ($1, $2, $3, 'imap', $4)`,
      [connectionId, owner.personalWorkspaceId, owner.id, owner.email],
    );
    await test.database.raw.query(
      `insert into public.messages (workspace_id, connection_id, provider_message_id, subject, priority, sent_at, is_archived)
       select $1, $2, 'm' || g, 'Message ' || g,
              (array['urgent','high','medium','low','noise',null])[1 + g % 6]::public.message_priority,
              case when g % 50 = 0 then null else now() - (g || ' minutes')::interval end,
              g % 7 = 0
       from generate_series(1, 3000) g`,
      [owner.personalWorkspaceId, connectionId],
    );
  }
  await test.database.raw.exec("analyze public.messages");
});
afterAll(() => test.cleanup());

async function planAndRows(order: typeof byPriority) {
  return withUser(ada.id, async (tx) => {
    const query = tx
      .select({ priority: messages.priority, sentAt: messages.sentAt })
      .from(messages)
      .where(and(eq(messages.workspaceId, ada.personalWorkspaceId), eq(messages.isArchived, false)))
      .orderBy(...order)
      .limit(50);
    const { sql: text, params } = query.toSQL();
    const explained = await tx.execute(
      // Parameters inlined for EXPLAIN only; they are our own uuids and booleans.
      `explain ${params.reduce<string>((s, p, i) => s.replace(`$${i + 1}`, typeof p === "string" ? `'${p}'` : String(p)), text)}` as never,
    );
    const plan = rowsOf<Record<string, string>>(explained)
      .map((r) => Object.values(r)[0])
      .join("\n");
    return { plan, rows: await query };
  });
}

describe("inbox listing uses its indexes", () => {
  it("priority order reads messages_inbox_priority_idx without a sort", async () => {
    const { plan, rows } = await planAndRows(byPriority);
    expect(plan).toContain("messages_inbox_priority_idx");
    expect(plan).not.toMatch(/^\s*(->\s*)?Sort\b/m);
    expect(rows).toHaveLength(50);
    expect(rows.every((r) => r.priority === "urgent")).toBe(true);
  });

  it("time order reads messages_inbox_time_idx without a sort, undated messages last", async () => {
    const { plan, rows } = await planAndRows(byTime);
    expect(plan).toContain("messages_inbox_time_idx");
    expect(plan).not.toMatch(/^\s*(->\s*)?Sort\b/m);
    const times = rows.map((r) => r.sentAt!.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("sees only the caller's workspace even without a workspace filter", async () => {
    const [row] = await withUser(ada.id, (tx) => tx.select({ n: count() }).from(messages));
    expect(row?.n).toBe(3000);
  });
});
