import { gmail as gmailApi, type gmail_v1 } from "@googleapis/gmail";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/workspaces/[workspaceId]/messages/[messageId]/attachments/[index]/route";
import { getCurrentUser } from "@/server/auth/current-user";
import { googleOAuthClient } from "@/server/channels/gmail/client";
import { GOOGLE_SECRETS, googleConfig } from "@/server/channels/gmail/config";
import { generateKeyText } from "@/server/crypto/keys";
import { ensureImportConnection } from "@/server/import/import-connection";
import { getThread } from "@/server/inbox/get-thread";
import { stopJobQueue } from "@/server/jobs/queue";
import { parseMime } from "@/server/mail/parse-mime";
import { ingestMessages } from "@/server/sync/ingest";
import { connectionSecrets, runSync } from "@/server/sync/run-sync";
import { type GoogleEmulator, TEST_CLIENT, faults, startGoogleEmulator } from "../helpers/google-emulator";
import { binaryBytes, mimeWithAttachments } from "../helpers/mime-attachments";
import { createTestDatabase, createUser, type TestUser } from "../helpers/test-database";

// Downloading attachments through the route, against the Google emulator (the real Gmail
// SDK fetching format "raw"): the bytes of the right part, headers that keep the browser
// from rendering a stranger's file, and every refusal: signed out, another workspace's
// message, an index past the end, an imported message, a message deleted at Gmail, one
// that no longer matches what was stored, and a provider that refuses.

vi.mock("@/server/auth/current-user", () => ({ getCurrentUser: vi.fn() }));

const ALICE = "alice@aiva.test";
const saved = { ...process.env };
let google: GoogleEmulator;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let ada: TestUser;
let eve: TestUser;
let connectionId: string;
let phone: gmail_v1.Gmail;

const pdf = binaryBytes(40_000);
const logo = binaryBytes(500, 11);
const html = Buffer.from("<script>alert(document.cookie)</script>", "utf8");
const unicodeName = "Rapport d’été ✓.pdf";
const raw = mimeWithAttachments(
  { From: "Dana Ortiz <dana@client.test>", To: ALICE, Subject: "Signed contract", "Message-ID": "<contract-signed@client.test>" },
  "Here is the signed contract.",
  [
    { filename: "logo.png", mimeType: "image/png", bytes: logo, disposition: "inline", contentId: "logo@client.test" },
    { filename: "contract.pdf", mimeType: "application/pdf", bytes: pdf },
    { filename: "page.html", mimeType: "text/html", bytes: html },
    { filename: unicodeName, mimeType: "application/pdf", bytes: pdf.subarray(0, 1000) },
  ],
);

const signIn = (user: TestUser | null) => vi.mocked(getCurrentUser).mockResolvedValue(user ? { id: user.id, email: user.email } : null);

function download(workspaceId: string, messageId: string, index: string | number) {
  const url = `http://localhost/api/workspaces/${workspaceId}/messages/${messageId}/attachments/${index}`;
  return GET(new Request(url), { params: Promise.resolve({ workspaceId, messageId, index: String(index) }) });
}

async function messageId(providerMessageId: string): Promise<string> {
  const [row] = await db.database.raw.query<{ id: string }>("select id::text as id from public.messages where provider_message_id = $1", [providerMessageId]);
  if (!row) throw new Error(`no stored message ${providerMessageId}`);
  return row.id;
}

describe("attachment downloads through the route", () => {
  beforeAll(async () => {
    process.env.TOKEN_ENCRYPTION_KEY = generateKeyText();
    google = await startGoogleEmulator({
      users: [{ email: ALICE, name: "Alice Example" }],
      messages: [
        { id: "c1", thread_id: "tc", user_email: ALICE, raw: raw.toString("base64url"), label_ids: ["INBOX", "UNREAD"], date: new Date(Date.now() - 86_400_000).toISOString() },
        {
          id: "c2",
          user_email: ALICE,
          raw: mimeWithAttachments({ From: "dana@client.test", To: ALICE, Subject: "Old invoice", "Message-ID": "<invoice@client.test>" }, "Invoice.", [
            { filename: "invoice.pdf", mimeType: "application/pdf", bytes: pdf.subarray(0, 2000) },
          ]).toString("base64url"),
          label_ids: ["INBOX"],
          date: new Date(Date.now() - 2 * 86_400_000).toISOString(),
        },
      ],
    });
    process.env.GOOGLE_CLIENT_ID = TEST_CLIENT.clientId;
    process.env.GOOGLE_CLIENT_SECRET = TEST_CLIENT.clientSecret;
    process.env.GOOGLE_API_BASE_URL = google.url;
    process.env.AIVA_SYNC_INITIAL_DAYS = "30";
    db = await createTestDatabase();
    ada = await createUser(db.database, "ada@example.com");
    eve = await createUser(db.database, "eve@example.com");

    const { tokens } = await googleOAuthClient(googleConfig()!, TEST_CLIENT.redirectUri).getToken(await google.authorize(ALICE));
    const [created] = await db.database.raw.query<{ id: string }>(
      `insert into public.channel_connections (workspace_id, user_id, provider, provider_account_id, display_name, metadata)
       values ($1, $2, 'gmail', $3, $3, $4::jsonb) returning id::text as id`,
      [ada.personalWorkspaceId, ada.id, ALICE, JSON.stringify({ email: ALICE, scopes: ["https://www.googleapis.com/auth/gmail.modify"] })],
    );
    connectionId = created!.id;
    const secrets = connectionSecrets({ id: connectionId, workspaceId: ada.personalWorkspaceId });
    await secrets.set(GOOGLE_SECRETS.refreshToken, tokens.refresh_token!);
    await secrets.set(GOOGLE_SECRETS.accessToken, tokens.access_token!);
    await secrets.set(GOOGLE_SECRETS.accessTokenExpiresAt, String(tokens.expiry_date!));
    expect((await runSync({ connectionId })).imported).toBe(2);

    const phoneAuth = googleOAuthClient(googleConfig()!);
    phoneAuth.setCredentials((await googleOAuthClient(googleConfig()!, TEST_CLIENT.redirectUri).getToken(await google.authorize(ALICE))).tokens);
    phone = gmailApi({ version: "v1", auth: phoneAuth, rootUrl: `${google.url}/` });
  }, 60_000);

  afterAll(async () => {
    await stopJobQueue();
    await db?.cleanup();
    await google?.close();
    process.env = saved;
  });

  beforeEach(() => {
    signIn(ada);
    google.clearFaults();
  });

  it("lists the attachments with their stored positions, downloadable for a Gmail thread", async () => {
    const [row] = await db.database.raw.query<{ thread_id: string }>("select thread_id::text from public.messages where provider_message_id = 'c1'");
    const thread = await getThread(ada.id, ada.personalWorkspaceId, row!.thread_id);
    const message = thread!.messages[0]!;
    // The inline logo (index 0) is shown in the HTML, not listed; the others keep their index.
    expect(message.attachments).toEqual([
      { index: 1, filename: "contract.pdf", mimeType: "application/pdf", size: pdf.length },
      { index: 2, filename: "page.html", mimeType: "text/html", size: html.length },
      { index: 3, filename: unicodeName, mimeType: "application/pdf", size: 1000 },
    ]);
    expect(message.attachmentsDownloadable).toBe(true);
  });

  it("serves the attachment's exact bytes from Gmail as a private download", async () => {
    const response = await download(ada.personalWorkspaceId, await messageId("c1"), 1);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(pdf)).toBe(true);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="contract.pdf"; filename*=UTF-8''contract.pdf`);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(google.requests.some((r) => /^GET \/gmail\/v1\/users\/me\/messages\/c1\?.*format=raw/.test(r))).toBe(true);
  });

  it("never serves HTML as HTML, and keeps a Unicode name (RFC 5987)", async () => {
    const page = await download(ada.personalWorkspaceId, await messageId("c1"), 2);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("application/octet-stream");
    expect(page.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(Buffer.from(await page.arrayBuffer()).equals(html)).toBe(true);
    const named = await download(ada.personalWorkspaceId, await messageId("c1"), 3);
    expect(named.status).toBe(200);
    expect(named.headers.get("content-disposition")).toContain(`filename*=UTF-8''${encodeURIComponent(unicodeName)}`);
    expect((await named.arrayBuffer()).byteLength).toBe(1000);
  });

  it("answers 401 when signed out", async () => {
    signIn(null);
    const response = await download(ada.personalWorkspaceId, await messageId("c1"), 1);
    expect(response.status).toBe(401);
    expect((await response.json()).error).toMatch(/Sign in/);
  });

  it("answers 404 for another workspace's message, whichever workspace is asked", async () => {
    signIn(eve);
    const id = await messageId("c1");
    const before = google.requests.length;
    const theirs = await download(ada.personalWorkspaceId, id, 1);
    expect(theirs.status).toBe(404);
    const own = await download(eve.personalWorkspaceId, id, 1);
    expect(own.status).toBe(404);
    expect((await own.json()).error).toBe("This message doesn't exist in this workspace.");
    expect(google.requests.length).toBe(before);
  });

  it("answers 404 for an index past the end and for malformed ids, without asking Gmail", async () => {
    const id = await messageId("c1");
    const before = google.requests.length;
    for (const [message, index] of [
      [id, 4],
      [id, -1],
      [id, "1.5"],
      [id, "abc"],
      ["not-a-uuid", 1],
      ["00000000-0000-4000-8000-000000000000", 0],
    ] as const) {
      const response = await download(ada.personalWorkspaceId, message, index);
      expect(response.status, `${message}/${index}`).toBe(404);
      expect((await response.json()).error).toMatch(/no such attachment|not valid|doesn't exist/);
    }
    expect(google.requests.length).toBe(before);
    expect((await download("not-a-workspace", id, 1)).status).toBe(400);
  });

  it("refuses an imported message clearly: its content was never kept", async () => {
    const importId = await ensureImportConnection(ada.personalWorkspaceId, ada.id);
    const parsed = await parseMime(
      mimeWithAttachments({ From: "old@archive.test", To: "ada@example.com", Subject: "From the archive", "Message-ID": "<archived@archive.test>" }, "Old.", [
        { filename: "scan.pdf", mimeType: "application/pdf", bytes: pdf.subarray(0, 100) },
      ]),
    );
    await ingestMessages({ workspaceId: ada.personalWorkspaceId, connectionId: importId }, [parsed]);
    const id = await messageId("archived@archive.test");
    const response = await download(ada.personalWorkspaceId, id, 0);
    expect(response.status).toBe(404);
    const body = await response.json();
    expect(body.error).toMatch(/didn't keep the content of attachments from imported files/);
    expect(body.reason).toBe("not_kept");

    const [row] = await db.database.raw.query<{ thread_id: string }>("select thread_id::text from public.messages where id = $1", [id]);
    const thread = await getThread(ada.id, ada.personalWorkspaceId, row!.thread_id);
    expect(thread!.messages[0]!.attachments).toHaveLength(1);
    expect(thread!.messages[0]!.attachmentsDownloadable).toBe(false);
  });

  it("answers 409 when the stored attachment no longer matches the message at Gmail", async () => {
    const id = await messageId("c1");
    await db.database.raw.query(
      `update public.messages set attachments = jsonb_set(attachments, '{1,size}', to_jsonb(123)) where id = $1`,
      [id],
    );
    try {
      const response = await download(ada.personalWorkspaceId, id, 1);
      expect(response.status).toBe(409);
      expect((await response.json()).error).toMatch(/no longer matches what Aiva stored/);
    } finally {
      await db.database.raw.query(`update public.messages set attachments = jsonb_set(attachments, '{1,size}', to_jsonb($2::int)) where id = $1`, [id, pdf.length]);
    }
  });

  it("answers 502 in plain words when Gmail refuses, and 409 once the message is deleted there", async () => {
    const id = await messageId("c2");
    google.fail(faults.unauthorized((path) => path.includes("/messages/c2"), Infinity));
    const refused = await download(ada.personalWorkspaceId, id, 0);
    expect(refused.status).toBe(502);
    expect((await refused.json()).error).toBe("Couldn't get the attachment from Gmail. Google access was revoked. Reconnect the account.");
    google.clearFaults();

    expect((await download(ada.personalWorkspaceId, id, 0)).status).toBe(200);
    await phone.users.messages.delete({ userId: "me", id: "c2" });
    const gone = await download(ada.personalWorkspaceId, id, 0);
    expect(gone.status).toBe(409);
    expect((await gone.json()).error).toBe("This message is no longer in the Gmail account: it was deleted there.");
  });
});
