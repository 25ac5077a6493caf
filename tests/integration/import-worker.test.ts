import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { JobWithMetadata } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureImportConnection } from "@/server/import/import-connection";
import { type ImportJobData, runImportJob } from "@/server/jobs/workers";
import { createSyncRun, listSyncRuns } from "@/server/sync/sync-runs";
import { createTestDatabase, createUser, type TestUser } from "../helpers/test-database";

// The import job as pg-boss hands it over: the run's record ends in words a person can
// read, and the uploaded file is removed once the job is done with it.

let test: Awaited<ReturnType<typeof createTestDatabase>>;
let ada: TestUser;
let connectionId: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aiva-import-worker-"));

beforeAll(async () => {
  test = await createTestDatabase();
  ada = await createUser(test.database, "ada@example.com");
  connectionId = await ensureImportConnection(ada.personalWorkspaceId, ada.id);
});
afterAll(async () => {
  await test.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

const MBOX = [
  "From dana@client.test Mon Mar  2 09:00:00 2026",
  "From: Dana <dana@client.test>",
  "To: ada@example.com",
  "Subject: Hello",
  "Message-ID: <hello-1@client.test>",
  "Date: Mon, 2 Mar 2026 09:00:00 +0000",
  "",
  "First.",
  "",
  "From eve@client.test Mon Mar  2 10:00:00 2026",
  "From: Eve <eve@client.test>",
  "To: ada@example.com",
  "Subject: Second",
  "Message-ID: <hello-2@client.test>",
  "Date: Mon, 2 Mar 2026 10:00:00 +0000",
  "",
  "Second.",
  "",
].join("\n");

async function job(fileName: string, filePath: string, attempt = { retryCount: 0, retryLimit: 2 }) {
  const runId = await createSyncRun({ workspaceId: ada.personalWorkspaceId, connectionId, trigger: "import", label: fileName });
  const data: ImportJobData = {
    runId,
    workspaceId: ada.personalWorkspaceId,
    connectionId,
    userId: ada.id,
    userEmail: ada.email,
    filePath,
    fileName,
  };
  const fake = { id: crypto.randomUUID(), data, signal: new AbortController().signal, ...attempt };
  return { runId, job: fake as unknown as JobWithMetadata<ImportJobData> };
}

const runOf = async (runId: string) => (await listSyncRuns(ada.id, ada.personalWorkspaceId)).find((r) => r.id === runId);

describe("import job", () => {
  it("imports the file, records the counts and removes the upload", async () => {
    const file = path.join(dir, "first.mbox");
    fs.writeFileSync(file, MBOX);
    const { runId, job: first } = await job("Takeout.mbox", file);
    await expect(runImportJob(first)).resolves.toMatchObject({ imported: 2, duplicates: 0, failed: 0 });
    expect(fs.existsSync(file)).toBe(false);
    expect(await runOf(runId)).toMatchObject({ status: "succeeded", imported: 2, duplicates: 0, failed: 0, total: 2, error: null });

    // The same file again: nothing new.
    fs.writeFileSync(file, MBOX);
    const again = await job("Takeout.mbox", file);
    await runImportJob(again.job);
    expect(await runOf(again.runId)).toMatchObject({ status: "succeeded", imported: 0, duplicates: 2 });
  });

  it("says so in plain words when the upload is gone, and does not retry in vain", async () => {
    const { runId, job: lost } = await job("Lost.mbox", path.join(dir, "never-written.mbox"));
    // Settled (no error thrown to pg-boss), so no retries of a file that is not there.
    await expect(runImportJob(lost)).resolves.toMatchObject({ error: expect.any(String) });
    const run = await runOf(runId);
    expect(run).toMatchObject({ status: "failed" });
    expect(run?.error).toBe("The uploaded copy of “Lost.mbox” is gone from the server. Upload it again.");
  });
});
