import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SafeError } from "@/lib/errors";
import {
  MAX_FAILURES_PER_EMAIL,
  createLocalAccount,
  signUpLocal,
  verifyLocalCredentials,
} from "@/server/auth/local-accounts";
import { createSession, deleteSession, resolveSession } from "@/server/auth/local-sessions";
import { listWorkspaces } from "@/server/workspaces/workspaces";
import { createTestDatabase } from "../helpers/test-database";

let cleanup: () => Promise<void>;
let raw: Awaited<ReturnType<typeof createTestDatabase>>["database"]["raw"];

beforeAll(async () => {
  const test = await createTestDatabase();
  cleanup = test.cleanup;
  raw = test.database.raw;
});
afterAll(() => cleanup());

async function expectSafeError(promise: Promise<unknown>, code: string, message?: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SafeError);
  expect((error as SafeError).code).toBe(code);
  if (message) expect((error as SafeError).message).toMatch(message);
}

describe("local accounts", () => {
  it("signs up with a personal workspace, once, and stores only an argon2id hash", async () => {
    const user = await createLocalAccount({ email: "  Ada@Example.com ", password: "correct horse", name: "Ada" });
    expect(user.email).toBe("ada@example.com");
    const workspaces = await listWorkspaces(user.id);
    expect(workspaces).toEqual([{ id: user.personalWorkspaceId, name: "Ada's workspace", isPersonal: true, role: "owner" }]);
    const [row] = await raw.query<{ encrypted_password: string }>("select encrypted_password from auth.users where id = $1", [user.id]);
    expect(row?.encrypted_password).toMatch(/^\$argon2id\$/);
    expect(row?.encrypted_password).not.toContain("correct horse");
  });

  it("refuses a second account with the same email, whatever its case", async () => {
    await expectSafeError(
      createLocalAccount({ email: "ADA@example.com", password: "another password" }),
      "email_taken",
      /already exists/,
    );
  });

  it("rejects bad input with messages meant for people", async () => {
    await expect(createLocalAccount({ email: "not-an-email", password: "long enough" })).rejects.toThrow(
      /valid email/,
    );
    await expect(createLocalAccount({ email: "b@example.com", password: "short" })).rejects.toThrow(/8 characters/);
  });

  it("honours AIVA_ALLOW_SIGNUP=false for self-service sign-up only", async () => {
    process.env.AIVA_ALLOW_SIGNUP = "false";
    try {
      await expectSafeError(signUpLocal({ email: "closed@example.com", password: "long enough" }), "signup_closed");
      await expect(createLocalAccount({ email: "closed@example.com", password: "long enough" })).resolves.toBeTruthy();
    } finally {
      delete process.env.AIVA_ALLOW_SIGNUP;
    }
  });

  it("signs in with the right password and says the same for a wrong password or unknown email", async () => {
    const ok = await verifyLocalCredentials({ email: "ada@example.com", password: "correct horse" }, "10.0.0.1");
    expect(ok.email).toBe("ada@example.com");
    await expectSafeError(
      verifyLocalCredentials({ email: "ada@example.com", password: "wrong horse" }, "10.0.0.1"),
      "bad_credentials",
      /don't match an account/,
    );
    await expectSafeError(
      verifyLocalCredentials({ email: "nobody@example.com", password: "whatever1" }, "10.0.0.1"),
      "bad_credentials",
      /don't match an account/,
    );
  });

  it("throttles an account after repeated failures, even for the right password, and not others", async () => {
    await createLocalAccount({ email: "grace@example.com", password: "right password" });
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) {
      await expectSafeError(
        verifyLocalCredentials({ email: "grace@example.com", password: `wrong ${i}` }, `10.0.1.${i}`),
        "bad_credentials",
      );
    }
    await expectSafeError(
      verifyLocalCredentials({ email: "grace@example.com", password: "right password" }, "10.0.2.1"),
      "throttled",
      /Too many failed sign-in attempts\. Try again in \d+ minutes?\./,
    );
    await expect(verifyLocalCredentials({ email: "ada@example.com", password: "correct horse" }, "10.0.2.1")).resolves.toBeTruthy();
    // The window passes: failures older than 15 minutes no longer count.
    await raw.exec("update private.login_failures set failed_at = now() - interval '16 minutes'");
    await expect(verifyLocalCredentials({ email: "grace@example.com", password: "right password" }, "10.0.2.1")).resolves.toBeTruthy();
  });
});

describe("local sessions", () => {
  it("resolves a session token to its user, stores only its hash, and ends it on sign-out", async () => {
    const user = await createLocalAccount({ email: "session@example.com", password: "long enough" });
    const token = await createSession(user.id, "vitest");
    expect(await resolveSession(token)).toEqual({ id: user.id, email: "session@example.com" });
    const stored = await raw.query<{ token_hash: string }>("select token_hash from private.local_sessions where user_id = $1", [user.id]);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.token_hash).not.toBe(token);
    await deleteSession(token);
    expect(await resolveSession(token)).toBeNull();
  });

  it("refuses expired, unknown and absurd tokens", async () => {
    const user = await createLocalAccount({ email: "expiry@example.com", password: "long enough" });
    const token = await createSession(user.id);
    await raw.query("update private.local_sessions set expires_at = now() - interval '1 second' where user_id = $1", [user.id]);
    expect(await resolveSession(token)).toBeNull();
    expect(await resolveSession("made-up")).toBeNull();
    expect(await resolveSession(undefined)).toBeNull();
    expect(await resolveSession("x".repeat(5000))).toBeNull();
  });

  it("extends a session that is in use", async () => {
    const user = await createLocalAccount({ email: "sliding@example.com", password: "long enough" });
    const token = await createSession(user.id);
    await raw.query(
      "update private.local_sessions set last_seen_at = now() - interval '2 days', expires_at = now() + interval '1 hour' where user_id = $1",
      [user.id],
    );
    expect(await resolveSession(token)).not.toBeNull();
    const [row] = await raw.query<{ days: number }>(
      "select extract(day from expires_at - now())::int as days from private.local_sessions where user_id = $1",
      [user.id],
    );
    expect(row?.days).toBeGreaterThanOrEqual(29);
  });
});

describe("first sign-in initialisation", () => {
  it("is idempotent whatever path calls it", async () => {
    const user = await createLocalAccount({ email: "once@example.com", password: "long enough" });
    const { ensureUserInitialized } = await import("@/server/workspaces/initialize-user");
    expect(await ensureUserInitialized({ id: user.id, email: user.email })).toBeNull();
    const [counts] = await raw.query<{ profiles: number; workspaces: number }>(
      `select (select count(*)::int from public.profiles where id = $1) as profiles,
              (select count(*)::int from public.workspaces where created_by = $1) as workspaces`,
      [user.id],
    );
    expect(counts).toEqual({ profiles: 1, workspaces: 1 });
  });
});
