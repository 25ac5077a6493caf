import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SafeError } from "@/lib/errors";

// PGlite does not lock its folder, and two processes writing one folder corrupt it. The
// owner writes its pid into a lock file created with O_EXCL; a lock whose pid is gone
// (a crash) is taken over.

type LockInfo = { pid: number; host: string; since: string; purpose: string };

export class DataDirLockedError extends SafeError {
  constructor(
    readonly dir: string,
    readonly holder: LockInfo,
  ) {
    super(
      `Another Aiva process (pid ${holder.pid}, ${holder.purpose}, since ${holder.since}) is using the data folder ${dir}. ` +
        `Stop it first, or set AIVA_DATA_DIR to a different folder.`,
      "data_dir_locked",
    );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readLock(file: string): LockInfo | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as LockInfo;
  } catch {
    return null;
  }
}

export function lockFilePath(dir: string): string {
  return path.join(dir, "aiva.lock");
}

/** Takes the folder for this process; returns a release function. */
export function acquireDataDirLock(dir: string, purpose: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const file = lockFilePath(dir);
  const mine: LockInfo = { pid: process.pid, host: os.hostname(), since: new Date().toISOString(), purpose };

  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: "wx", mode: 0o600 });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const current = readLock(file);
        if (current?.pid === process.pid) fs.rmSync(file, { force: true });
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = readLock(file);
    if (holder && holder.pid === process.pid) {
      throw new DataDirLockedError(dir, holder);
    }
    const stale = !holder || (holder.host === os.hostname() && !isAlive(holder.pid));
    if (!stale) throw new DataDirLockedError(dir, holder);
    // Take over a dead process's lock: rename is atomic, so only one contender wins.
    const grave = `${file}.stale-${process.pid}`;
    try {
      fs.renameSync(file, grave);
      fs.rmSync(grave, { force: true });
    } catch {
      // Someone else removed or replaced it first; try again.
    }
  }
  const holder = readLock(file);
  throw new DataDirLockedError(dir, holder ?? { pid: -1, host: "?", since: "?", purpose: "unknown" });
}
