import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyText, parseKey } from "@/server/crypto/keys";
import { channelConnections } from "@/server/db/schema";
import { withService } from "@/server/db/with-rls";
import { getSecret, putSecret, rotateSecrets } from "@/server/secrets/secret-store";
import { createTestDatabase, createUser } from "../helpers/test-database";

// Credentials must be unreadable from a dump of the database: encrypted, and in a schema
// the `authenticated` role cannot use.

const PLAINTEXT = "imap-password-7f3a9c-DO-NOT-LEAK";
const savedEnv = { ...process.env };
let test: Awaited<ReturnType<typeof createTestDatabase>>;
let owner: { workspaceId: string; ownerKind: "channel_connection"; ownerId: string };

beforeAll(async () => {
  process.env.TOKEN_ENCRYPTION_KEY = generateKeyText();
  test = await createTestDatabase();
  const user = await createUser(test.database, "secrets@example.com");
  const connectionId = crypto.randomUUID();
  owner = { workspaceId: user.personalWorkspaceId, ownerKind: "channel_connection", ownerId: connectionId };
  await withService({ workspaceId: user.personalWorkspaceId, reason: "test connect" }, async (tx) => {
    await tx.insert(channelConnections).values({
      id: connectionId,
      workspaceId: user.personalWorkspaceId,
      userId: user.id,
      provider: "imap",
      providerAccountId: "secrets@example.com",
    });
    await putSecret(tx, owner, "password", PLAINTEXT);
  });
});
afterAll(async () => {
  await test.cleanup();
  process.env = { ...savedEnv };
});

describe("secrets at rest", () => {
  it("round-trips through the service path", async () => {
    const value = await withService({ workspaceId: owner.workspaceId, reason: "test read" }, (tx) => getSecret(tx, owner, "password"));
    expect(value).toBe(PLAINTEXT);
  });

  it("appears nowhere in any table of any schema as plaintext", async () => {
    const tables = await test.database.raw.query<{ name: string }>(`
      select format('%I.%I', schemaname, tablename) as name from pg_tables
      where schemaname not in ('pg_catalog', 'information_schema')`);
    expect(tables.length).toBeGreaterThan(10);
    for (const { name } of tables) {
      const rows = await test.database.raw.query<{ line: string }>(`select t::text as line from ${name} t`);
      for (const { line } of rows) expect(line, `plaintext found in ${name}`).not.toContain(PLAINTEXT);
    }
  });

  it("appears nowhere in pg_dump output (real Postgres only)", async (ctx) => {
    const url = process.env.AIVA_TEST_DATABASE_URL;
    const pgDump = "/usr/lib/postgresql/15/bin/pg_dump";
    if (test.database.kind !== "postgres" || !url || !fs.existsSync(pgDump)) return ctx.skip();
    const [{ db } = { db: "" }] = await test.database.raw.query<{ db: string }>("select current_database() as db");
    const target = new URL(url);
    target.pathname = `/${db}`;
    const dump = spawnSync(pgDump, ["--data-only", target.toString()], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    expect(dump.status, dump.stderr).toBe(0);
    expect(dump.stdout).toContain("secrets");
    expect(dump.stdout).not.toContain(PLAINTEXT);
  });

  it("re-encrypts under a new key and still decrypts", async () => {
    const oldKey = process.env.TOKEN_ENCRYPTION_KEY!;
    const newKey = generateKeyText();
    process.env.TOKEN_ENCRYPTION_KEY = newKey;
    process.env.TOKEN_ENCRYPTION_PREVIOUS_KEYS = oldKey;
    const result = await rotateSecrets();
    expect(result).toEqual({ rotated: 1, current: parseKey(newKey).id });
    const [row] = await test.database.raw.query<{ key_id: string }>("select key_id from private.secrets");
    expect(row?.key_id).toBe(parseKey(newKey).id);
    delete process.env.TOKEN_ENCRYPTION_PREVIOUS_KEYS;
    const value = await withService({ workspaceId: owner.workspaceId, reason: "test read" }, (tx) => getSecret(tx, owner, "password"));
    expect(value).toBe(PLAINTEXT);
    expect((await rotateSecrets()).rotated).toBe(0);
  });
});
