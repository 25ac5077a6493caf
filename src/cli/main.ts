// The admin CLI for self-hosters: `npm run aiva -- <command>`.
// It opens the same database the server uses; with the embedded database it refuses to
// run while the server owns the data folder (two writers would corrupt it).
import { parseArgs } from "node:util";
import { ZodError } from "zod";
import { SafeError } from "@/lib/errors";
import { authMode } from "@/server/auth/config";
import { createLocalAccount } from "@/server/auth/local-accounts";
import { closeDatabase, getDatabase } from "@/server/db/client";
import { rotateSecrets } from "@/server/secrets/secret-store";
import { listUsers } from "./list-users";

const HELP = `Aiva admin CLI

Usage: npm run aiva -- <command> [options]

Commands:
  user add <email> --password-stdin [--name <name>]
                       Create a local account and its personal workspace. The password
                       is read from standard input (e.g. echo "$PW" | npm run aiva -- ...).
  user list            List accounts with their workspaces.
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
