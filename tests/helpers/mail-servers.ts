import { execFile, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ImapFlow } from "imapflow";
import nodemailer from "nodemailer";

// Real mail servers for tests: a throwaway Dovecot (IMAP/IMAPS/LMTP) and Postfix (SMTP
// submission with AUTH) on loopback, started by scripts/mail-servers.sh in a fresh temp dir.
// Needs Debian 12 and root (the script apt-installs dovecot/postfix on first use, ~15-60 s),
// so these tests belong to `npm run test:e2e` (scripts/test-e2e.sh sets
// AIVA_TEST_MAIL_SERVERS=1); `npm test` skips them:
//
//   describe.skipIf(!mailServersAvailable())("...", () => {
//     let servers: MailServers;
//     beforeAll(async () => { servers = await startMailServers(); }, MAIL_SERVERS_START_TIMEOUT_MS);
//     afterAll(() => servers?.stop());
//   });
//
// Server facts (see the script's header): users alice@example.test / bob@example.test; IMAP
// port with STARTTLS (self-signed cert: tls.rejectUnauthorized false, or trust `tlsCa`),
// IMAPS, CONDSTORE/QRESYNC/SPECIAL-USE (Drafts Sent Archive Junk Trash); SMTP requires AUTH
// (PLAIN/LOGIN), offers STARTTLS, delivers @example.test into Dovecot and discards other
// domains. deliver() writes straight into a mailbox over LMTP: the message is in the INBOX
// when it resolves. imapflow: set autoIdleDelay low (the default waits 15 s before IDLE).

const SCRIPT = fileURLToPath(new URL("../../scripts/mail-servers.sh", import.meta.url));

/** Generous: the first start on a fresh machine installs the Debian packages. */
export const MAIL_SERVERS_START_TIMEOUT_MS = 15 * 60_000;

export type MailServerUser = { email: string; password: string };

export type MailServers = {
  imap: { host: string; port: number; securePort: number };
  smtp: { host: string; port: number; securePort: number };
  /** Dovecot LMTP (no auth), what deliver() uses. */
  lmtp: { host: string; port: number };
  /** At least two users: [0] alice@example.test, [1] bob@example.test. */
  users: [MailServerUser, MailServerUser, ...MailServerUser[]];
  domain: string;
  /** PEM of the servers' self-signed certificate (CN/SAN localhost, 127.0.0.1): `tls: { ca }`. */
  tlsCa: string;
  /** The directory the servers run in (configs, Maildirs, logs). */
  dir: string;
  /** Every KEY=value line the script printed. */
  env: Record<string, string>;
  /**
   * Put a raw RFC 5322 message into `to`'s INBOX (LMTP). Resolves once Dovecot has stored it.
   * `to` must be one of `users` (LMTP rejects unknown users). The envelope sender defaults to
   * sender@example.org; Dovecot adds Return-Path and Delivered-To headers.
   */
  deliver(to: string, rawMime: string | Buffer, options?: { from?: string }): Promise<void>;
  /** The Dovecot and Postfix logs (for failure messages). */
  logs(): string;
  /** Stop both servers and delete their directory. Safe to call more than once. */
  stop(): Promise<void>;
};

/**
 * Whether the real-server tests should run: only when asked for with AIVA_TEST_MAIL_SERVERS=1
 * (`npm run test:e2e` sets it). When it is set they fail loudly rather than skip if the
 * servers cannot start (not root, not Debian, apt unreachable).
 */
export function mailServersAvailable(): boolean {
  return process.env.AIVA_TEST_MAIL_SERVERS === "1" && process.platform === "linux";
}

const running = new Set<string>();
let exitHookInstalled = false;

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort when a test file forgets stop() or the worker exits early.
  process.once("exit", () => {
    for (const dir of running) {
      spawnSync("bash", [SCRIPT, "stop", dir], { stdio: "ignore", timeout: 30_000 });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

function runScript(args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      "bash",
      [SCRIPT, ...args],
      { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, killSignal: "SIGKILL" },
      (error, stdout, stderr) => {
        if (error) {
          const tail = stderr.trim().split("\n").slice(-40).join("\n");
          reject(new Error(`scripts/mail-servers.sh ${args.join(" ")} failed: ${error.message}\n${tail}`, { cause: error }));
        } else {
          resolve({ stdout, stderr });
        }
      },
    );
  });
}

function parseEnv(stdout: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of stdout.split("\n")) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match?.[1]) env[match[1]] = match[2] ?? "";
  }
  return env;
}

function required(env: Record<string, string>, key: string): string {
  const value = env[key];
  if (!value) throw new Error(`scripts/mail-servers.sh printed no ${key}`);
  return value;
}

function port(env: Record<string, string>, key: string): number {
  const value = Number(required(env, key));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`scripts/mail-servers.sh printed a bad ${key}`);
  return value;
}

export async function startMailServers(): Promise<MailServers> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aiva-mail-"));
  // mkdtemp makes it 0700; dovecot's and postfix's unprivileged users must get through it.
  fs.chmodSync(dir, 0o755);
  installExitHook();
  running.add(dir);

  let env: Record<string, string>;
  try {
    env = parseEnv((await runScript(["start", dir], MAIL_SERVERS_START_TIMEOUT_MS)).stdout);
  } catch (error) {
    await runScript(["stop", dir], 60_000).catch(() => {});
    running.delete(dir);
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  const users: MailServerUser[] = [];
  for (let i = 1; env[`MAIL_USER_${i}`]; i++) {
    users.push({ email: required(env, `MAIL_USER_${i}`), password: required(env, `MAIL_PASS_${i}`) });
  }
  const [first, second, ...rest] = users;
  if (!first || !second) throw new Error("scripts/mail-servers.sh printed fewer than two users");

  const runtimeDir = required(env, "MAIL_SERVERS_DIR");
  const lmtp = { host: required(env, "LMTP_HOST"), port: port(env, "LMTP_PORT") };
  const lmtpTransport = nodemailer.createTransport({
    host: lmtp.host,
    port: lmtp.port,
    lmtp: true,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });

  let stopped = false;
  return {
    imap: { host: required(env, "IMAP_HOST"), port: port(env, "IMAP_PORT"), securePort: port(env, "IMAPS_PORT") },
    smtp: { host: required(env, "SMTP_HOST"), port: port(env, "SMTP_PORT"), securePort: port(env, "SMTPS_PORT") },
    lmtp,
    users: [first, second, ...rest],
    domain: required(env, "MAIL_DOMAIN"),
    tlsCa: fs.readFileSync(required(env, "TLS_CERT"), "utf8"),
    dir: runtimeDir,
    env,
    async deliver(to, rawMime, options) {
      const info = await lmtpTransport.sendMail({
        envelope: { from: options?.from ?? "sender@example.org", to: [to] },
        raw: rawMime,
      });
      if (info.rejected.length > 0) throw new Error(`LMTP rejected ${info.rejected.join(", ")}: ${info.response}`);
    },
    logs() {
      const read = (file: string) => {
        try {
          return fs.readFileSync(path.join(runtimeDir, "log", file), "utf8");
        } catch {
          return "";
        }
      };
      return `--- dovecot.log\n${read("dovecot.log")}\n--- postfix.log\n${read("postfix.log")}`;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      lmtpTransport.close();
      try {
        await runScript(["stop", dir], 60_000);
      } finally {
        running.delete(dir);
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** A logged-in imapflow client for one of the test users, over STARTTLS; logout() when done. */
export async function imapClientFor(servers: Pick<MailServers, "imap">, user: MailServerUser): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: "127.0.0.1",
    port: servers.imap.port,
    secure: false,
    auth: { user: user.email, pass: user.password },
    tls: { rejectUnauthorized: false },
    logger: false,
    disableAutoIdle: true,
  });
  await client.connect();
  return client;
}

/** Runs `work` with a client for `user`, always logging out. */
export async function withImapClient<T>(
  servers: Pick<MailServers, "imap">,
  user: MailServerUser,
  work: (client: ImapFlow) => Promise<T>,
): Promise<T> {
  const client = await imapClientFor(servers, user);
  try {
    return await work(client);
  } finally {
    await client.logout();
  }
}
