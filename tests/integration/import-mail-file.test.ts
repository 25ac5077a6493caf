import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureImportConnection, resolveImportTarget } from "@/server/import/import-connection";
import { type ImportProgress, importMailFile, providerMessageIdOf } from "@/server/import/import-mail-file";
import { parseMime } from "@/server/mail/parse-mime";
import { ingestMessages } from "@/server/sync/ingest";
import { createSyncRun } from "@/server/sync/sync-runs";
import { aMessage } from "../fixtures/normalized-message";
import { createTestDatabase, createUser, type TestUser } from "../helpers/test-database";

// Imports real mail (the ../shared/corpus dev folders when present, generated messages
// otherwise) through the whole path: mbox reader → parseMime → ingestMessages.

let test: Awaited<ReturnType<typeof createTestDatabase>>;
let ada: TestUser;
let dir: string;

const CORPUS = path.resolve(process.cwd(), "..", "shared", "corpus");
const POSTMARK = "From MAILER-DAEMON Thu Jan  1 00:00:00 2026";

beforeAll(async () => {
  test = await createTestDatabase();
  ada = await createUser(test.database, "ada@example.com", "Ada");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "aiva-import-"));
});
afterAll(async () => {
  await test.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

const q = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) => test.database.raw.query<T>(text, params);

/** Up to `count` raw messages: bc3 mailing-list threads first (they thread), then Enron mail. */
function corpusMessages(count: number): Buffer[] {
  const files: string[] = [];
  const bc3 = path.join(CORPUS, "bc3", "dev");
  if (fs.existsSync(bc3)) {
    for (const thread of fs.readdirSync(bc3).sort()) {
      const folder = path.join(bc3, thread);
      if (!fs.statSync(folder).isDirectory()) continue;
      for (const file of fs.readdirSync(folder).sort()) if (file.endsWith(".eml")) files.push(path.join(folder, file));
    }
  }
  const enron = path.join(CORPUS, "enron-berkeley", "dev");
  if (fs.existsSync(enron)) {
    for (const file of fs.readdirSync(enron).sort()) if (file.endsWith(".eml")) files.push(path.join(enron, file));
  }
  return files.slice(0, count).map((file) => fs.readFileSync(file));
}

/** Stand-in mail when the corpus is not there: a few threads between a few people. */
function generatedMessages(count: number): Buffer[] {
  return Array.from({ length: count }, (_, i) => {
    const thread = i % 12;
    const parent = i >= 12 ? `<gen-${i - 12}@mail.test>` : null;
    const from = i % 5 === 0 ? "Ada <ada@example.com>" : `Person ${i % 7} <person${i % 7}@corp.test>`;
    return Buffer.from(
      [
        `From: ${from}`,
        `To: ${i % 5 === 0 ? "team@corp.test" : "ada@example.com"}`,
        `Subject: ${parent ? "Re: " : ""}Topic ${thread}`,
        `Date: ${new Date(Date.UTC(2026, 0, 1, 8, i)).toUTCString()}`,
        `Message-ID: <gen-${i}@mail.test>`,
        ...(parent ? [`In-Reply-To: ${parent}`, `References: ${parent}`] : []),
        "Content-Type: text/plain; charset=utf-8",
        "",
        `Message ${i} about topic ${thread}.`,
        "From the desk of the sender: a body line that starts with From.",
        "",
      ].join("\r\n"),
    );
  });
}

/** mboxrd: a postmark before each message, body "From " lines escaped, a blank line after. */
function writeMbox(file: string, raws: Buffer[]): void {
  const parts: Buffer[] = [];
  for (const raw of raws) {
    let text = raw.toString("latin1").replace(/^(>*From )/gm, ">$1");
    if (!text.endsWith("\n")) text += "\n";
    parts.push(Buffer.from(`${POSTMARK}\n${text}\n`, "latin1"));
  }
  fs.writeFileSync(file, Buffer.concat(parts));
}

describe("importMailFile", () => {
  let raws: Buffer[];
  let mboxPath: string;
  let distinct: number;
  let connectionId: string;
  const garbage = Buffer.concat([Buffer.from("\u0000\u0001\u0002".repeat(40), "latin1"), Buffer.from("not a mail at all\n")]);
  const truncated = Buffer.from("Subject: cut short\r\nFrom: Trunc <trunc@mail.test>\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Ty");

  beforeAll(async () => {
    raws = corpusMessages(100);
    if (raws.length < 100) raws = [...raws, ...generatedMessages(100).slice(raws.length)];
    // The corpus messages carry no threading headers (no Message-ID / In-Reply-To in BC3's
    // rebuilt headers): add a few conversations that do.
    raws.push(...generatedMessages(124).slice(100));
    mboxPath = path.join(dir, "export.mbox");
    writeMbox(mboxPath, [...raws, garbage, truncated]);
    const ids = new Set<string>();
    for (const raw of [...raws, garbage, truncated]) ids.add((await parseMime(raw)).providerMessageId);
    distinct = ids.size;
  });

  it("imports every distinct message of an mbox, with threads and contacts", async () => {
    const progress: ImportProgress[] = [];
    const result = await importMailFile({
      workspaceId: ada.personalWorkspaceId,
      userId: ada.id,
      userEmail: ada.email,
      filePath: mboxPath,
      fileName: "export.mbox",
      onProgress: (p) => {
        progress.push(p);
      },
    });
    expect(result.total).toBe(raws.length + 2);
    expect(result.failed).toBe(0);
    expect(result.imported).toBe(distinct);
    expect(result.imported + result.duplicates).toBe(result.total);

    connectionId = await ensureImportConnection(ada.personalWorkspaceId, ada.id);
    const [stored] = await q<{ n: number; unthreaded: number }>(
      "select count(*)::int as n, count(*) filter (where thread_id is null)::int as unthreaded from public.messages where connection_id = $1",
      [connectionId],
    );
    expect(stored).toEqual({ n: distinct, unthreaded: 0 });
    const [threads] = await q<{ n: number; counted: number }>(
      "select count(*)::int as n, sum(message_count)::int as counted from public.threads where connection_id = $1",
      [connectionId],
    );
    expect(threads!.n).toBeGreaterThan(0);
    expect(threads!.n).toBeLessThan(distinct); // replies joined their conversations
    expect(threads!.counted).toBe(distinct);
    const [contacts] = await q<{ n: number }>("select count(*)::int as n from public.contacts where workspace_id = $1", [ada.personalWorkspaceId]);
    expect(contacts!.n).toBeGreaterThan(5);

    // Progress only goes up and ends at the total.
    expect(progress.length).toBeGreaterThan(0);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.processed).toBeGreaterThanOrEqual(progress[i - 1]!.processed);
    expect(progress.at(-1)).toMatchObject({ processed: result.total, total: result.total, imported: distinct });
  });

  it("recognizes stored messages before parsing them, with the id parseMime would give", async () => {
    for (const raw of [...raws, garbage, truncated]) {
      expect(providerMessageIdOf(raw)).toBe((await parseMime(raw)).providerMessageId);
    }
    const folded = Buffer.from("Subject: x\r\nMessage-ID:\r\n <Folded.Id@EXAMPLE.com>\r\nFrom: a@b.test\r\n\r\nbody\r\n");
    expect(providerMessageIdOf(folded)).toBe("Folded.Id@example.com");
    expect(providerMessageIdOf(Buffer.from("Subject: no id\n\nMessage-ID: <in-body@x.test>\n"))).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("keeps an undecodable or truncated message, flagged with its raw source", async () => {
    const rows = await q<{ parse_error: string | null; raw_source: string | null; subject: string | null }>(
      "select parse_error, raw_source, subject from public.messages where connection_id = $1 and parse_error is not null",
      [connectionId],
    );
    const binary = rows.find((r) => r.raw_source?.includes("not a mail at all"));
    expect(binary?.parse_error).toBeTruthy();
    // The truncated multipart is stored either way: decoded as far as it goes, or flagged.
    const [cut] = await q<{ n: number }>(
      "select count(*)::int as n from public.messages where connection_id = $1 and (subject = 'cut short' or raw_source like '%cut short%')",
      [connectionId],
    );
    expect(cut!.n).toBe(1);
  });

  it("imports nothing new when the same file comes again", async () => {
    const again = await importMailFile({
      workspaceId: ada.personalWorkspaceId,
      userId: ada.id,
      userEmail: ada.email,
      filePath: mboxPath,
      fileName: "export.mbox",
    });
    expect(again).toMatchObject({ imported: 0, duplicates: raws.length + 2, failed: 0, total: raws.length + 2 });
    const [stored] = await q<{ n: number }>("select count(*)::int as n from public.messages where connection_id = $1", [connectionId]);
    expect(stored!.n).toBe(distinct);
  });

  it("imports a single .eml, and mail from the user's own address as outbound", async () => {
    const file = path.join(dir, "mine.eml");
    fs.writeFileSync(
      file,
      [
        "From: Ada <Ada@Example.com>",
        "To: Lee <lee@vendor.test>",
        "Subject: Quote request",
        "Date: Mon, 2 Mar 2026 10:00:00 +0000",
        "Message-ID: <mine-1@example.com>",
        "",
        "Could you send a quote?",
        "",
      ].join("\r\n"),
    );
    const first = await importMailFile({ workspaceId: ada.personalWorkspaceId, userId: ada.id, userEmail: ada.email, filePath: file, fileName: "mine.eml" });
    expect(first).toMatchObject({ imported: 1, duplicates: 0, failed: 0, total: 1 });
    const [row] = await q<{ direction: string; subject: string }>(
      "select direction, subject from public.messages where connection_id = $1 and internet_message_id = 'mine-1@example.com'",
      [connectionId],
    );
    expect(row).toEqual({ direction: "outbound", subject: "Quote request" });
    const [lee] = await q<{ messages_sent: number }>("select messages_sent from public.contacts where workspace_id = $1 and email = 'lee@vendor.test'", [
      ada.personalWorkspaceId,
    ]);
    expect(lee?.messages_sent).toBe(1);
    const again = await importMailFile({ workspaceId: ada.personalWorkspaceId, userId: ada.id, userEmail: ada.email, filePath: file, fileName: "mine.eml" });
    expect(again).toMatchObject({ imported: 0, duplicates: 1, total: 1 });
  });

  it("reads Gmail Takeout labels: Sent is outbound, Unread stays unread, no Inbox means archived", async () => {
    const file = path.join(dir, "takeout.mbox");
    const message = (id: string, labels: string, from = "Kim <kim@corp.test>") =>
      Buffer.from(`From: ${from}\nTo: ada@example.com\nSubject: ${id}\nMessage-ID: <${id}@takeout.test>\nX-GM-THRID: 1234567890\nX-Gmail-Labels: ${labels}\n\nbody ${id}\n`);
    writeMbox(file, [message("t1", "Inbox,Unread,Starred"), message("t2", "Sent", "Ada Alias <ada.alias@example.com>"), message("t3", "Archived,Opened")]);
    const result = await importMailFile({ workspaceId: ada.personalWorkspaceId, userId: ada.id, userEmail: ada.email, filePath: file, fileName: "takeout.mbox" });
    expect(result).toMatchObject({ imported: 3, failed: 0 });
    const rows = await q<{ subject: string; direction: string; is_read: boolean; is_starred: boolean; is_archived: boolean; thread_id: string }>(
      "select subject, direction, is_read, is_starred, is_archived, thread_id from public.messages where connection_id = $1 and subject in ('t1','t2','t3') order by subject",
      [connectionId],
    );
    expect(rows.map(({ thread_id: _, ...r }) => r)).toEqual([
      { subject: "t1", direction: "inbound", is_read: false, is_starred: true, is_archived: false },
      { subject: "t2", direction: "outbound", is_read: true, is_starred: false, is_archived: true },
      { subject: "t3", direction: "inbound", is_read: true, is_starred: false, is_archived: true },
    ]);
    // One Gmail thread id, one conversation.
    expect(new Set(rows.map((r) => r.thread_id)).size).toBe(1);
  });

  it("reports to a sync run, and refuses a folder or a missing file", async () => {
    const file = path.join(dir, "one.eml");
    fs.writeFileSync(file, "From: x@corp.test\nSubject: run\nMessage-ID: <run-1@corp.test>\n\nhi\n");
    const runId = await createSyncRun({ workspaceId: ada.personalWorkspaceId, connectionId, trigger: "import", label: "one.eml" });
    await importMailFile({ workspaceId: ada.personalWorkspaceId, userId: ada.id, userEmail: ada.email, filePath: file, fileName: "one.eml", runId });
    const [run] = await q<Record<string, unknown>>("select status, processed, total, imported, duplicates, failed, error from public.sync_runs where id = $1", [runId]);
    expect(run).toMatchObject({ status: "succeeded", processed: 1, total: 1, imported: 1, duplicates: 0, failed: 0, error: null });

    const input = { workspaceId: ada.personalWorkspaceId, userId: ada.id, userEmail: ada.email };
    await expect(importMailFile({ ...input, filePath: dir, fileName: "folder" })).rejects.toThrow(/not a file/);
    await expect(importMailFile({ ...input, filePath: path.join(dir, "nope.mbox"), fileName: "nope.mbox" })).rejects.toThrow(/No such file/);

    // Nothing to import is no error: an empty .mbox has no messages, an empty .eml is one that failed.
    fs.writeFileSync(path.join(dir, "empty.mbox"), "");
    fs.writeFileSync(path.join(dir, "empty.eml"), "\n");
    expect(await importMailFile({ ...input, filePath: path.join(dir, "empty.mbox"), fileName: "empty.mbox" })).toMatchObject({ total: 0, imported: 0, failed: 0 });
    expect(await importMailFile({ ...input, filePath: path.join(dir, "empty.eml"), fileName: "empty.eml" })).toMatchObject({
      total: 1,
      failed: 1,
      failures: [{ index: 0, reason: "the file is empty" }],
    });
  });

  it("parses on worker threads when asked, with the same result", async () => {
    const file = path.join(dir, "workers.mbox");
    writeMbox(file, generatedMessages(60).map((raw) => Buffer.from(raw.toString("latin1").replaceAll("@mail.test", "@workers.test"), "latin1")));
    const result = await importMailFile({
      workspaceId: ada.personalWorkspaceId,
      userId: ada.id,
      userEmail: ada.email,
      filePath: file,
      fileName: "workers.mbox",
      parseWorkers: 2,
    });
    expect(result).toMatchObject({ imported: 60, duplicates: 0, failed: 0, total: 60 });
  });
});

describe("ensureImportConnection", () => {
  it("makes one 'Imported mail' connection per workspace, even when asked concurrently", async () => {
    const ids = await Promise.all([1, 2, 3].map(() => ensureImportConnection(ada.personalWorkspaceId, ada.id)));
    expect(new Set(ids).size).toBe(1);
    const rows = await q<{ provider: string; provider_account_id: string; display_name: string }>(
      "select provider, provider_account_id, display_name from public.channel_connections where workspace_id = $1 and provider = 'import'",
      [ada.personalWorkspaceId],
    );
    expect(rows).toEqual([{ provider: "import", provider_account_id: "files", display_name: "Imported mail" }]);
  });
});

describe("resolveImportTarget", () => {
  it("finds the personal workspace, a named one, and explains what it cannot find", async () => {
    expect(await resolveImportTarget("ADA@example.com")).toMatchObject({ userId: ada.id, workspaceId: ada.personalWorkspaceId });
    const [team] = await q<{ id: string }>("insert into public.workspaces (name, created_by) values ('Team', $1) returning id::text as id", [ada.id]);
    await q("insert into public.workspace_members (workspace_id, user_id, role) values ($1, $2, 'owner') on conflict do nothing", [team!.id, ada.id]);
    expect(await resolveImportTarget("ada@example.com", "team")).toMatchObject({ workspaceId: team!.id, workspaceName: "Team" });
    await expect(resolveImportTarget("nobody@example.com")).rejects.toThrow(/No account with the email nobody@example.com/);
    await expect(resolveImportTarget("ada@example.com", "Nope")).rejects.toThrow(/not a member of a workspace named "Nope"/);
    const [twin] = await q<{ id: string }>("insert into public.workspaces (name, created_by) values ('Team', $1) returning id::text as id", [ada.id]);
    await q("insert into public.workspace_members (workspace_id, user_id, role) values ($1, $2, 'owner') on conflict do nothing", [twin!.id, ada.id]);
    await expect(resolveImportTarget("ada@example.com", "Team")).rejects.toThrow(/2 workspaces named "Team"/);
    expect(await resolveImportTarget("ada@example.com", twin!.id)).toMatchObject({ workspaceId: twin!.id });
  });
});

describe("ingest of text Postgres cannot store as is", () => {
  it("replaces NUL and unpaired surrogates instead of refusing the message", async () => {
    const connection = await ensureImportConnection(ada.personalWorkspaceId, ada.id);
    const m = aMessage({ bodyText: "a\u0000b \ud800 c", fullText: "x\udc00y", subject: "NUL test" });
    const { inserted } = await ingestMessages({ workspaceId: ada.personalWorkspaceId, connectionId: connection }, [m]);
    const [row] = await q<{ body_text: string; full_text: string }>("select body_text, full_text from public.messages where id = $1", [inserted[0]]);
    expect(row).toEqual({ body_text: "a\uFFFDb \uFFFD c", full_text: "x\uFFFDy" });
  });
});
