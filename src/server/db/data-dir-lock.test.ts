import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DataDirLockedError, acquireDataDirLock, lockFilePath } from "./data-dir-lock";

describe("data folder lock", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "aiva-lock-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("lets one holder in and refuses the next with a clear message", () => {
    const release = acquireDataDirLock(dir, "web server");
    expect(() => acquireDataDirLock(dir, "aiva CLI")).toThrow(DataDirLockedError);
    try {
      acquireDataDirLock(dir, "aiva CLI");
    } catch (error) {
      expect((error as Error).message).toMatch(/Another Aiva process \(pid \d+, web server/);
      expect((error as Error).message).toContain(dir);
    }
    release();
    expect(fs.existsSync(lockFilePath(dir))).toBe(false);
    acquireDataDirLock(dir, "again")();
  });

  it("refuses while another live process holds it", () => {
    // A lock written by a real, still-running process (this test's parent).
    fs.writeFileSync(
      lockFilePath(dir),
      JSON.stringify({ pid: process.ppid, host: os.hostname(), since: "earlier", purpose: "web server" }),
    );
    expect(() => acquireDataDirLock(dir, "test")).toThrow(/pid \d+, web server/);
  });

  it("takes over the lock of a process that died", () => {
    const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
    const deadPid = Number(child.stdout.toString());
    fs.writeFileSync(
      lockFilePath(dir),
      JSON.stringify({ pid: deadPid, host: os.hostname(), since: "earlier", purpose: "crashed server" }),
    );
    const release = acquireDataDirLock(dir, "test");
    expect(JSON.parse(fs.readFileSync(lockFilePath(dir), "utf8")).pid).toBe(process.pid);
    release();
  });
});
