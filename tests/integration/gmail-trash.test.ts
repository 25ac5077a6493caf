import { gmail as gmailApi, type gmail_v1 } from "@googleapis/gmail";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { googleOAuthClient } from "@/server/channels/gmail/client";
import { GOOGLE_SECRETS, googleConfig } from "@/server/channels/gmail/config";
import { startGmailWatch, stopGmailWatch } from "@/server/channels/gmail/watch";
import { disconnect } from "@/server/connections/manage-connections";
import { generateKeyText } from "@/server/crypto/keys";
import { drainTrash, trashMessages, trashStatus, undoTrash } from "@/server/inbox/trash-queue";
import { stopJobQueue } from "@/server/jobs/queue";
import { connectionSecrets, loadConnection, runSync } from "@/server/sync/run-sync";
import { type GoogleEmulator, TEST_CLIENT, startGoogleEmulator } from "../helpers/google-emulator";
import { createTestDatabase, createUser, type TestUser } from "../helpers/test-database";

// Delete mirrored to Gmail (users.messages.trash) and users.stop on disconnect, with the
// real googleapis SDK against the Google emulator: Undo never reaches Gmail, a deletion
// after the window moves the message to Gmail's Trash and the next sync leaves it out, a
// refusal brings it back with the reason, and disconnecting stops push for the mailbox
// unless another workspace still has it connected.

const ALICE = "alice@aiva.test";
const CAROL = "carol@aiva.test";
const TOPIC = "projects/aiva-test/topics/gmail";
const ago = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

const saved = { ...process.env };
let google: GoogleEmulator;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let ada: TestUser;
let connectionId: string;
/** Alice's mailbox as another Gmail client sees it. */
let phone: gmail_v1.Gmail;

const q = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => db.database.raw.query<T>(sql, params);
const messageId = async (gmailId: string) =>
  (await q<{ id: string }>("select id::text from public.messages where connection_id = $1 and provider_message_id = $2", [connectionId, gmailId]))[0]?.id;
const labelsAtGoogle = async (id: string) => (await phone.users.messages.get({ userId: "me", id, format: "minimal" })).data.labelIds ?? [];
const trashCalls = () => google.requests.filter((r) => /^POST \/gmail\/v1\/users\/me\/messages\/[^/]+\/trash/.test(r)).length;
const stopCalls = () => google.requests.filter((r) => /^POST \/gmail\/v1\/users\/me\/stop/.test(r)).length;

async function afterWindow(deleteAt: string) {
  const wait = new Date(deleteAt).getTime() - Date.now() + 400;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  return drainTrash(Date.now() + 60_000);
}

async function connect(user: TestUser, email: string): Promise<string> {
  const [row] = await q<{ id: string }>(
    `insert into public.channel_connections (workspace_id, user_id, provider, provider_account_id, display_name, metadata)
     values ($1, $2, 'gmail', $3, $3, $4::jsonb) returning id::text as id`,
    [user.personalWorkspaceId, user.id, email, JSON.stringify({ email })],
  );
  const { tokens } = await googleOAuthClient(googleConfig()!, TEST_CLIENT.redirectUri).getToken(await google.authorize(email));
  const secrets = connectionSecrets({ id: row!.id, workspaceId: user.personalWorkspaceId });
  await secrets.set(GOOGLE_SECRETS.refreshToken, tokens.refresh_token!);
  await secrets.set(GOOGLE_SECRETS.accessToken, tokens.access_token!);
  await secrets.set(GOOGLE_SECRETS.accessTokenExpiresAt, String(tokens.expiry_date!));
  return row!.id;
}

beforeAll(async () => {
  process.env.TOKEN_ENCRYPTION_KEY = generateKeyText();
  google = await startGoogleEmulator({
    users: [
      { email: ALICE, name: "Alice Example" },
      { email: CAROL, name: "Carol Example" },
    ],
    messages: [
      { id: "g1", thread_id: "gt1", user_email: ALICE, from: "dana@client.test", to: ALICE, subject: "Invoice", body_text: "Pay me", label_ids: ["INBOX", "UNREAD"], date: ago(2) },
      { id: "g2", thread_id: "gt2", user_email: ALICE, from: "lee@partner.test", to: ALICE, subject: "Minutes", body_text: "Notes", label_ids: ["INBOX"], date: ago(1) },
    ],
  });
  process.env.GOOGLE_CLIENT_ID = TEST_CLIENT.clientId;
  process.env.GOOGLE_CLIENT_SECRET = TEST_CLIENT.clientSecret;
  process.env.GOOGLE_API_BASE_URL = google.url;
  db = await createTestDatabase();
  ada = await createUser(db.database, "ada@example.com");
  connectionId = await connect(ada, ALICE);
  const phoneAuth = googleOAuthClient(googleConfig()!);
  phoneAuth.setCredentials((await googleOAuthClient(googleConfig()!, TEST_CLIENT.redirectUri).getToken(await google.authorize(ALICE))).tokens);
  phone = gmailApi({ version: "v1", auth: phoneAuth, rootUrl: `${google.url}/` });
  await runSync({ connectionId });
}, 60_000);

beforeEach(() => google.clearFaults());

afterAll(async () => {
  await stopJobQueue();
  await db?.cleanup();
  await google?.close();
  process.env = saved;
});

describe("deleting Gmail messages", () => {
  it("Undo never reaches Gmail; after the window the message is in Gmail's Trash, gone from Aiva, and stays gone after a sync", async () => {
    process.env.AIVA_UNDO_DELETE_SECONDS = "30";
    const id = (await messageId("g1"))!;
    const undone = await trashMessages(ada.id, ada.personalWorkspaceId, [id]);
    await undoTrash(ada.id, ada.personalWorkspaceId, undone.trashId);
    expect(await drainTrash(Date.now() + 30_000)).toBe(0);
    expect(trashCalls()).toBe(0);
    expect(await labelsAtGoogle("g1")).toContain("INBOX");

    process.env.AIVA_UNDO_DELETE_SECONDS = "1";
    const queued = await trashMessages(ada.id, ada.personalWorkspaceId, [id]);
    expect(await afterWindow(queued.deleteAt)).toBe(1);
    expect(await trashStatus(ada.id, ada.personalWorkspaceId, queued.trashId)).toEqual({ state: "deleted" });
    expect(trashCalls()).toBe(1);
    expect(await labelsAtGoogle("g1")).toContain("TRASH");
    expect(await messageId("g1")).toBeUndefined();

    await runSync({ connectionId });
    expect(await messageId("g1")).toBeUndefined();
    expect(await messageId("g2")).toBeDefined();
  });

  it("a refusal from Gmail brings the message back with the reason, and marks the account for reconnecting", async () => {
    process.env.AIVA_UNDO_DELETE_SECONDS = "1";
    const id = (await messageId("g2"))!;
    google.fail({
      method: "POST",
      match: (path) => path.startsWith("/gmail/v1/users/me/messages/g2/trash"),
      times: Number.POSITIVE_INFINITY,
      status: 403,
      body: { error: { code: 403, message: "Insufficient Permission", errors: [{ reason: "insufficientPermissions", message: "Insufficient Permission" }] } },
    });
    const queued = await trashMessages(ada.id, ada.personalWorkspaceId, [id]);
    expect(await afterWindow(queued.deleteAt)).toBe(1);
    const status = await trashStatus(ada.id, ada.personalWorkspaceId, queued.trashId);
    expect(status).toEqual({ state: "failed", error: expect.stringMatching(/^Couldn't delete it, so it's back: .*Reconnect/), restored: [id] });
    const [row] = await q<{ trashed_at: Date | null }>("select trashed_at from public.messages where id = $1", [id]);
    expect(row).toEqual({ trashed_at: null });
    expect(await labelsAtGoogle("g2")).not.toContain("TRASH");
    const [connection] = await q<{ status: string }>("select status from public.channel_connections where id = $1", [connectionId]);
    expect(connection?.status).toBe("reauth_required");
    await q("update public.channel_connections set status = 'active', last_error = null where id = $1", [connectionId]);
  });
});

describe("disconnecting a Gmail account", () => {
  beforeEach(() => {
    process.env.GMAIL_PUBSUB_TOPIC = TOPIC;
  });

  it("calls users.stop with the account's credentials before they are deleted", async () => {
    const id = await connect(ada, CAROL);
    await startGmailWatch(id);
    const before = stopCalls();
    await disconnect(ada.id, ada.personalWorkspaceId, id);
    expect(stopCalls()).toBe(before + 1);
    expect(await loadConnection(id)).toBeNull();
  });

  it("leaves the watch alone while another workspace still has the mailbox, and never calls stop without a watch", async () => {
    const bea = await createUser(db.database, "bea@example.com");
    const mine = await connect(ada, CAROL);
    const theirs = await connect(bea, CAROL);
    await startGmailWatch(mine);
    const before = stopCalls();
    expect(await stopGmailWatch((await loadConnection(mine))!)).toBe("shared");
    await disconnect(ada.id, ada.personalWorkspaceId, mine);
    expect(stopCalls()).toBe(before);
    // Bea's connection never started a watch of its own: nothing to stop.
    expect(await stopGmailWatch((await loadConnection(theirs))!)).toBe("no-watch");
    await disconnect(bea.id, bea.personalWorkspaceId, theirs);
    expect(stopCalls()).toBe(before);
  });

  it("disconnects even when users.stop fails, logging it", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const id = await connect(ada, CAROL);
    await startGmailWatch(id);
    google.fail({ method: "POST", match: (path) => path.startsWith("/gmail/v1/users/me/stop"), times: 1, status: 400, body: { error: { code: 400, message: "Bad Request" } } });
    await disconnect(ada.id, ada.personalWorkspaceId, id);
    expect(await loadConnection(id)).toBeNull();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("users.stop failed"), expect.anything());
    warn.mockRestore();
  });
});
