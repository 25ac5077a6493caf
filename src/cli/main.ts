// The admin CLI for self-hosters: `npm run aiva -- <command>`.
// It opens the same database the server uses; with the embedded database it refuses to
// run while the server owns the data folder (two writers would corrupt it).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ZodError } from "zod";
import { SafeError } from "@/lib/errors";
import { authMode } from "@/server/auth/config";
import { createLocalAccount } from "@/server/auth/local-accounts";
import { closeDatabase, getDatabase } from "@/server/db/client";
import { ensureImportConnection, resolveImportTarget } from "@/server/import/import-connection";
import { type ImportProgress, importMailFile } from "@/server/import/import-mail-file";
import { rotateSecrets } from "@/server/secrets/secret-store";
import { createSyncRun } from "@/server/sync/sync-runs";
import { listUsers } from "./list-users";

const HELP = `Aiva admin CLI

Usage: npm run aiva -- <command> [options]

Commands:
  user add <email> --password-stdin [--name <name>]
                       Create a local account and its personal workspace. The password
                       is read from standard input (e.g. echo "$PW" | npm run aiva -- ...).
  user list            List accounts with their workspaces.
  import <file> --user <email> [--workspace <name>]
                       Import an .mbox (e.g. a Google Takeout export) or .eml file into
                       the user's personal workspace, or the named one. Progress goes to
                       standard error; the last line of standard output is a JSON summary
                       (imported, duplicates, failed, total). Importing a file again
                       stores nothing new. Spare cores parse in parallel;
                       AIVA_IMPORT_PARSE_WORKERS=0 uses one thread and the least memory.
  migrate              Apply pending database migrations and print the count.
  secrets rotate       Re-encrypt stored credentials under the current
                       TOKEN_ENCRYPTION_KEY (move the old key to
                       TOKEN_ENCRYPTION_PREVIOUS_KEYS first).
  help                 Show this help.

The database is the server's: DATABASE_URL when set, else the embedded one in
AIVA_DATA_DIR (default ./.data). Stop the server before using the embedded one.
`;

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new SafeError("--password-stdin reads the password from standard input; pipe it in.");
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "password-stdin": { type: "boolean" },
      name: { type: "string" },
      user: { type: "string" },
      workspace: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, sub, ...rest] = positionals;
  if (values.help || !command || command === "help") {
    process.stdout.write(HELP);
    return 0;
  }

  if (command === "user" && sub === "add") {
    const email = rest[0];
    if (!email) throw new SafeError("Usage: npm run aiva -- user add <email> --password-stdin [--name <name>]");
    if (!values["password-stdin"]) throw new SafeError("Pass --password-stdin and pipe the password in (it never goes on the command line).");
    if (authMode() === "supabase") {
      throw new SafeError("This Aiva signs in with Supabase Auth: create users in your Supabase project instead.");
    }
    const password = await readStdin();
    await getDatabase("aiva CLI");
    const user = await createLocalAccount({ email, password, name: values.name ?? "" });
    console.log(`Created ${user.email} (user ${user.id}) with a personal workspace ${user.personalWorkspaceId}.`);
    return 0;
  }
  if (command === "user" && sub === "list") {
    await getDatabase("aiva CLI");
    const users = await listUsers();
    if (users.length === 0) console.log("No accounts yet.");
    for (const user of users) console.log(`${user.email}\t${user.workspaces.join(", ")}`);
    return 0;
  }
  if (command === "import") {
    return importFile(sub, rest, values.user, values.workspace);
  }
  if (command === "migrate") {
    const database = await getDatabase("aiva CLI");
    console.log(`${database.migrations.applied}/${database.migrations.total} migrations applied (${database.kind}).`);
    return 0;
  }
  if (command === "secrets" && sub === "rotate") {
    await getDatabase("aiva CLI");
    const { rotated, current } = await rotateSecrets();
    console.log(`Re-encrypted ${rotated} credential${rotated === 1 ? "" : "s"} under key ${current}.`);
    return 0;
  }
  process.stderr.write(`Unknown command: ${positionals.join(" ")}\n\n${HELP}`);
  return 64;
}

/**
 * The spare cores parse while this one writes (AIVA_IMPORT_PARSE_WORKERS overrides; 0
 * parses on this thread, which uses the least memory).
 */
function importParseWorkers(): number {
  const forced = Number(process.env.AIVA_IMPORT_PARSE_WORKERS);
  if (process.env.AIVA_IMPORT_PARSE_WORKERS?.trim() && Number.isInteger(forced) && forced >= 0) return Math.min(forced, 16);
  return Math.min(4, Math.max(1, os.availableParallelism() - 1));
}

const IMPORT_USAGE = "Usage: npm run aiva -- import <file> --user <email> [--workspace <name>]";

async function importFile(file: string | undefined, extra: string[], email: string | undefined, workspace: string | undefined): Promise<number> {
  if (!file || extra.length > 0) throw new SafeError(IMPORT_USAGE);
  if (!email) throw new SafeError(`Name the account to import for with --user <email>.\n${IMPORT_USAGE}`);
  const filePath = path.resolve(file);
  const stat = fs.statSync(filePath, { throwIfNoEntry: false });
  if (!stat) throw new SafeError(`No such file: ${file}`);
  if (stat.isDirectory()) throw new SafeError(`${file} is a folder; pass one .mbox or .eml file.`);
  if (!stat.isFile()) throw new SafeError(`${file} is not a regular file.`);
  const fileName = path.basename(filePath);

  await getDatabase("aiva CLI");
  const target = await resolveImportTarget(email, workspace);
  const connectionId = await ensureImportConnection(target.workspaceId, target.userId);
  const runId = await createSyncRun({ workspaceId: target.workspaceId, connectionId, trigger: "import", label: fileName });
  process.stderr.write(`Importing ${fileName} into "${target.workspaceName}" for ${target.userEmail}...\n`);

  // Ctrl+C stops after the batch being written; what was stored stays (a re-run skips it).
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once("SIGINT", onSigint);
  const started = performance.now();
  let lastLine = 0;
  let lastShown = "";
  const showProgress = (p: ImportProgress) => {
    const done = p.processed === p.total;
    // A terminal gets a live line; a log gets one every few seconds.
    if (!process.stderr.isTTY && Date.now() - lastLine < 2000 && !done) return;
    const key = `${p.processed}/${p.total}`;
    if (key === lastShown) return;
    lastShown = key;
    lastLine = Date.now();
    const of = p.total === null ? "" : ` of ${p.total.toLocaleString("en")}`;
    const line = `  ${p.processed.toLocaleString("en")}${of}: ${p.imported} imported, ${p.duplicates} duplicates, ${p.failed} failed`;
    process.stderr.write(process.stderr.isTTY ? `\r${line}\x1b[K` : `${line}\n`);
  };
  try {
    const result = await importMailFile({
      workspaceId: target.workspaceId,
      userId: target.userId,
      userEmail: target.userEmail,
      filePath,
      fileName,
      runId,
      signal: abort.signal,
      onProgress: showProgress,
      parseWorkers: importParseWorkers(),
    });
    if (process.stderr.isTTY) process.stderr.write("\n");
    for (const failure of result.failures.slice(0, 20)) {
      process.stderr.write(`  message ${failure.index + 1}: ${failure.reason}\n`);
    }
    if (result.failed > 20) process.stderr.write(`  ... and ${result.failed - 20} more failures\n`);
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(`Done in ${seconds.toFixed(1)} s.\n`);
    const { failures: _, ...counts } = result;
    console.log(JSON.stringify({ ...counts, workspace: target.workspaceName, file: fileName, seconds: Number(seconds.toFixed(2)) }));
    return 0;
  } catch (error) {
    if (abort.signal.aborted) throw new SafeError("Import cancelled; what was stored stays, and a re-run skips it.");
    throw error;
  } finally {
    process.off("SIGINT", onSigint);
  }
}

run(process.argv.slice(2))
  .then(async (code) => {
    await closeDatabase();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    await closeDatabase().catch(() => {});
    if (error instanceof SafeError) {
      console.error(`aiva: ${error.message}`);
      process.exit(error.code === "data_dir_locked" ? 75 : 1);
    }
    if (error instanceof ZodError) {
      console.error(`aiva: ${error.issues.map((i) => i.message).join(" ")}`);
      process.exit(1);
    }
    if (error instanceof TypeError && (error as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`aiva: ${error.message}\n\n${HELP}`);
      process.exit(64);
    }
    console.error(error);
    process.exit(1);
  });
