import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// `npm run aiva -- import <file> --user <email>` end to end, in its own process against a
// throwaway data folder: the JSON summary is the last line of standard output.

let dataDir: string;
let mbox: string;

type Run = { code: number; stdout: string; stderr: string };

function aiva(args: string[], input = ""): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", "src/cli/main.ts", ...args], {
      cwd: process.cwd(),
      env: { ...process.env, AIVA_DATA_DIR: dataDir, DATABASE_URL: "", AIVA_AUTO_MIGRATE: "true" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(input);
  });
}

const summary = (run: Run) => JSON.parse(run.stdout.trim().split("\n").at(-1)!) as Record<string, unknown>;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aiva-cli-import-"));
  mbox = path.join(dataDir, "mail.mbox");
  const messages = Array.from({ length: 12 }, (_, i) =>
    [
      "From sender@corp.test Thu Jan  1 00:00:00 2026",
      `From: Person ${i % 3} <person${i % 3}@corp.test>`,
      "To: ada@example.com",
      `Subject: ${i % 4 ? "Re: " : ""}Plan ${i % 4 === 0 ? i : i - (i % 4)}`,
      `Date: ${new Date(Date.UTC(2026, 1, 1, 9, i)).toUTCString()}`,
      `Message-ID: <cli-${i}@corp.test>`,
      ...(i % 4 ? [`In-Reply-To: <cli-${i - 1}@corp.test>`] : []),
      "",
      `Message ${i}.`,
      ">From a line that was escaped",
      "",
    ].join("\n"),
  );
  fs.writeFileSync(mbox, messages.join("\n"));
  const created = await aiva(["user", "add", "ada@example.com", "--password-stdin", "--name", "Ada"], "correct horse battery\n");
  expect(created.code, created.stderr).toBe(0);
}, 120_000);

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("aiva import", () => {
  it("imports a file into the personal workspace, then nothing new the second time", async () => {
    const first = await aiva(["import", mbox, "--user", "ada@example.com"]);
    expect(first.code, first.stderr).toBe(0);
    expect(summary(first)).toMatchObject({ imported: 12, duplicates: 0, failed: 0, total: 12, file: "mail.mbox" });
    expect(String(summary(first).workspace)).toBeTruthy();
    expect(first.stderr).toMatch(/12 of 12/);

    const second = await aiva(["import", mbox, "--user", "ADA@example.com"]);
    expect(second.code, second.stderr).toBe(0);
    expect(summary(second)).toMatchObject({ imported: 0, duplicates: 12, failed: 0, total: 12 });
  }, 120_000);

  it("fails clearly for an unknown user, workspace or file", async () => {
    const nobody = await aiva(["import", mbox, "--user", "nobody@example.com"]);
    expect(nobody.code).not.toBe(0);
    expect(nobody.stderr).toMatch(/No account with the email nobody@example\.com/);

    const workspace = await aiva(["import", mbox, "--user", "ada@example.com", "--workspace", "Nope"]);
    expect(workspace.code).not.toBe(0);
    expect(workspace.stderr).toMatch(/not a member of a workspace named "Nope"/);

    const missing = await aiva(["import", path.join(dataDir, "missing.mbox"), "--user", "ada@example.com"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/No such file/);

    const folder = await aiva(["import", dataDir, "--user", "ada@example.com"]);
    expect(folder.code).not.toBe(0);
    expect(folder.stderr).toMatch(/is a folder/);

    const noUser = await aiva(["import", mbox]);
    expect(noUser.code).not.toBe(0);
    expect(noUser.stderr).toMatch(/--user <email>/);
  }, 180_000);
});
