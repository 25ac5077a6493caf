// `npm run bench`: import throughput and memory of a 10,000-message mbox, on the embedded
// database (PGlite) and on Postgres; then the inbox at 100,000 messages (scripts/bench-inbox.ts:
// list, thread and search p95 server time, and the inbox route's first-load JavaScript).
//
//   npm run bench [-- --messages 10000] [--only pglite|postgres] [--no-reimport] [--keep]
//                 [--suite all|import|inbox] [--inbox-messages 100000]
//
// The mbox is generated (deterministic): varied senders, reply threads (In-Reply-To and
// References), multipart/alternative text + HTML bodies of 1-5 KB, some attachments.
// Each import runs in a child process that does nothing else, so its peak RSS is the
// import's: the child samples process.memoryUsage().rss every 50 ms and also reports the
// kernel's high-water mark (VmHWM). Throughput is messages / the importMailFile call.
//
// Postgres: AIVA_BENCH_DATABASE_URL (a superuser URL; a scratch database is created in that
// cluster and dropped), else a throwaway cluster from scripts/pg-server.sh (stopped after),
// else skipped. The last stdout line is a JSON object:
//   {"import_msgs_per_s":{"pglite":N,"postgres":N},"import_peak_rss_mb":{...},"messages":N,...,
//    "inbox_list_p95_ms":N,"thread_open_p95_ms":N,"search_p95_ms":N,"inbox_first_load_js_kb":N,"inbox":{...}}

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { prng } from "./prng";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SELF = fileURLToPath(import.meta.url);
const BENCH_EMAIL = "bench@example.com";
const TARGET_MSGS_PER_S = 1500;
const TARGET_RSS_MB = 400;

type Engine = "pglite" | "postgres";
type ChildResult = {
  imported: number;
  duplicates: number;
  failed: number;
  total: number;
  importMs: number;
  /** CPU time of the import process (all its threads) during the import. */
  importCpuMs: number;
  /** Postgres on this machine: CPU time of the database's server processes during the import. */
  serverCpuMs: number | null;
  openMs: number;
  peakRssMb: number;
  sampledPeakRssMb: number;
  vmHwmMb: number | null;
  reimport?: { imported: number; duplicates: number; importMs: number };
};

// ---------------------------------------------------------------------------------------
// Child mode: open the database, import the file once (and once more for dedup), report.

async function child(file: string, reimport: boolean): Promise<void> {
  let sampled = process.memoryUsage().rss;
  const timer = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage().rss);
  }, 50);
  timer.unref();

  const { getDatabase, closeDatabase } = await import("@/server/db/client");
  const { resolveImportTarget, ensureImportConnection } = await import("@/server/import/import-connection");
  const { importMailFile } = await import("@/server/import/import-mail-file");
  const { createSyncRun } = await import("@/server/sync/sync-runs");

  const opening = performance.now();
  const database = await getDatabase("aiva bench");
  const target = await resolveImportTarget(BENCH_EMAIL);
  const connectionId = await ensureImportConnection(target.workspaceId, target.userId);
  const openMs = performance.now() - opening;

  const run = async () => {
    const server = database.kind === "postgres" ? await serverCpuMs(database.raw) : null;
    const cpu = process.cpuUsage();
    const runId = await createSyncRun({ workspaceId: target.workspaceId, connectionId, trigger: "import", label: path.basename(file) });
    const started = performance.now();
    let last = 0;
    const result = await importMailFile({
      workspaceId: target.workspaceId,
      userId: target.userId,
      userEmail: target.userEmail,
      filePath: file,
      fileName: path.basename(file),
      runId,
      parseWorkers: parseWorkers(),
      onProgress: (p) => {
        if (Date.now() - last < 2000) return;
        last = Date.now();
        process.stderr.write(`    ${p.processed} of ${p.total}\n`);
      },
    });
    const used = process.cpuUsage(cpu);
    const ms = performance.now() - started;
    const serverAfter = server ? await serverCpuMs(database.raw) : null;
    let serverMs: number | null = null;
    if (server && serverAfter) {
      serverMs = 0;
      for (const [pid, after] of serverAfter) serverMs += after - (server.get(pid) ?? 0);
    }
    return { result, ms, cpuMs: (used.user + used.system) / 1000, serverMs };
  };

  const first = await run();
  const memoryAfterFirst = Math.max(sampled, process.memoryUsage().rss);
  const hwm = vmHwm();
  let second: ChildResult["reimport"];
  if (reimport) {
    const again = await run();
    second = { imported: again.result.imported, duplicates: again.result.duplicates, importMs: Math.round(again.ms) };
  }
  clearInterval(timer);
  await closeDatabase();

  const mb = (bytes: number) => Math.round(bytes / (1024 * 1024));
  const out: ChildResult = {
    imported: first.result.imported,
    duplicates: first.result.duplicates,
    failed: first.result.failed,
    total: first.result.total,
    importMs: Math.round(first.ms),
    importCpuMs: Math.round(first.cpuMs),
    serverCpuMs: first.serverMs === null ? null : Math.round(first.serverMs),
    openMs: Math.round(openMs),
    sampledPeakRssMb: mb(memoryAfterFirst),
    vmHwmMb: hwm === null ? null : mb(hwm),
    peakRssMb: mb(Math.max(memoryAfterFirst, hwm ?? 0)),
    reimport: second,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

/** The same choice as the CLI: the spare cores parse while the main thread writes. */
function parseWorkers(): number {
  const forced = Number(process.env.AIVA_IMPORT_PARSE_WORKERS);
  if (process.env.AIVA_IMPORT_PARSE_WORKERS?.trim() && Number.isInteger(forced) && forced >= 0) return Math.min(forced, 16);
  return Math.min(4, Math.max(1, os.availableParallelism() - 1));
}

/**
 * CPU milliseconds so far of each server process serving this database (Linux, server on
 * this machine), or null when they cannot be read (a remote server, another OS).
 */
async function serverCpuMs(raw: { query<T extends Record<string, unknown>>(text: string): Promise<T[]> }): Promise<Map<number, number> | null> {
  const rows = await raw.query<{ pid: number }>("select pid from pg_stat_activity where datname = current_database()");
  const cpu = new Map<number, number>();
  try {
    for (const { pid } of rows) {
      // A process of this machine that is not Postgres: the server is elsewhere.
      if (!fs.readFileSync(`/proc/${pid}/comm`, "utf8").startsWith("postgres")) return null;
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      // utime and stime, in clock ticks (100 a second on Linux), after the command name.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    }
  } catch {
    return null;
  }
  return cpu;
}

/** The kernel's peak resident set of this process (Linux), in bytes. */
function vmHwm(): number | null {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync("/proc/self/status", "utf8"));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------
// The mbox: deterministic, realistic enough to exercise parsing, threading and contacts.

const FIRST = ["Ada", "Grace", "Alan", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances", "Edsger", "Radia", "Tim", "Hedy", "John", "Katherine", "Niklaus", "Sophie", "Yukihiro", "Guido", "Anita"];
const LAST = ["Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson", "Allen", "Dijkstra", "Perlman", "Berners-Lee", "Lamarr", "McCarthy", "Johnson", "Wirth", "Wilson", "Matsumoto", "van Rossum", "Borg"];
const DOMAINS = ["acme.test", "globex.test", "initech.test", "umbrella.test", "hooli.test", "vandelay.test", "stark.test", "wayne.test", "tyrell.test", "cyberdyne.test"];
const TOPICS = ["Quarterly budget review", "Offsite planning", "Invoice 4711", "Release 2.3 checklist", "Hiring plan for Q3", "Customer escalation: login failures", "Lunch on Friday?", "Contract renewal", "Design review notes", "Board deck draft", "Security audit findings", "Travel booking", "Weekly metrics", "Onboarding: new laptop", "Partnership proposal", "Bug bash results", "Office move", "Newsletter: product updates", "Conference talk proposal", "Expense report"];
const WORDS = "the a we should review plan budget meeting next week please confirm attached draft numbers team customer release timeline risk update schedule call agenda follow up decision owner deadline thanks regards project scope priority issue fix deploy test results feedback proposal contract invoice payment approve signed document".split(" ");

function sentence(rand: () => number): string {
  const n = 6 + Math.floor(rand() * 14);
  const words = Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]!);
  words[0] = words[0]!.charAt(0).toUpperCase() + words[0]!.slice(1);
  return `${words.join(" ")}.`;
}

function paragraphs(rand: () => number, bytes: number): string[] {
  const out: string[] = [];
  let size = 0;
  while (size < bytes) {
    const p = Array.from({ length: 2 + Math.floor(rand() * 4) }, () => sentence(rand)).join(" ");
    out.push(p);
    size += p.length + 2;
  }
  return out;
}

function wrap(text: string, width = 76): string {
  const lines: string[] = [];
  for (const para of text.split("\n")) {
    let line = "";
    for (const word of para.split(" ")) {
      if (line && line.length + word.length + 1 > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  return lines.join("\r\n");
}

const base64Lines = (bytes: Buffer) => bytes.toString("base64").replace(/.{76}/g, "$&\r\n");

export function generateMbox(file: string, count: number, ownEmail = BENCH_EMAIL): { bytes: number } {
  const rand = prng(42);
  const people = Array.from({ length: 300 }, (_, i) => {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
    const domain = DOMAINS[i % DOMAINS.length]!;
    return { name: `${first} ${last}`, email: `${first}.${last}${i}@${domain}`.toLowerCase().replace(/[^a-z0-9.@-]/g, "") };
  });
  const me = { name: "Bench User", email: ownEmail };
  type Sent = { id: string; subject: string; refs: string[]; from: typeof me };
  const recent: Sent[] = [];
  const fd = fs.openSync(file, "w");
  let bytes = 0;
  let time = Date.UTC(2024, 0, 1);
  const buffer: string[] = [];
  let buffered = 0;
  const write = (s: string) => {
    buffer.push(s);
    buffered += s.length;
    if (buffered > 4 * 1024 * 1024) flush();
  };
  const flush = () => {
    const chunk = Buffer.from(buffer.join(""), "utf8");
    fs.writeSync(fd, chunk);
    bytes += chunk.length;
    buffer.length = 0;
    buffered = 0;
  };

  for (let i = 0; i < count; i++) {
    time += Math.floor(rand() * 40 * 60 * 1000);
    const outbound = rand() < 0.15;
    const sender = outbound ? me : people[Math.floor(Math.pow(rand(), 1.6) * people.length)]!;
    const recipients = outbound
      ? [people[Math.floor(rand() * people.length)]!]
      : [me, ...(rand() < 0.3 ? [people[Math.floor(rand() * people.length)]!] : [])];
    const parent = recent.length > 0 && rand() < 0.45 ? recent[Math.floor(rand() * recent.length)]! : null;
    const subject = parent ? (parent.subject.startsWith("Re: ") ? parent.subject : `Re: ${parent.subject}`) : `${TOPICS[Math.floor(rand() * TOPICS.length)]!} #${i}`;
    const id = `bench-${i}-${Math.floor(rand() * 1e9).toString(36)}@${sender.email.split("@")[1]}`;
    const refs = parent ? [...parent.refs, parent.id].slice(-10) : [];
    recent.push({ id, subject, refs, from: sender });
    if (recent.length > 400) recent.shift();

    const size = 1000 + Math.floor(rand() * 4000);
    const paras = paragraphs(rand, size * 0.45);
    const greeting = `Hi ${recipients[0]!.name.split(" ")[0]},`;
    const text = [greeting, ...paras, `Best,\n${sender.name}`].join("\n\n");
    const quoted = parent ? `\n\nOn ${new Date(time - 3600_000).toUTCString()}, ${parent.from.name} wrote:\n> ${sentence(rand)}\n> ${sentence(rand)}` : "";
    const html = `<html><body><p>${greeting}</p>${paras.map((p) => `<p>${p}</p>`).join("")}<p>Best,<br>${sender.name}</p>${parent ? `<blockquote>${sentence(rand)}</blockquote>` : ""}</body></html>`;
    const alt = `alt-${i}`;
    const mixed = `mix-${i}`;
    const attach = rand() < 0.12;
    const headers = [
      `From: "${sender.name}" <${sender.email}>`,
      `To: ${recipients.map((r) => `"${r.name}" <${r.email}>`).join(", ")}`,
      `Subject: ${subject}`,
      `Date: ${new Date(time).toUTCString().replace("GMT", "+0000")}`,
      `Message-ID: <${id}>`,
      ...(parent ? [`In-Reply-To: <${parent.id}>`, `References: ${refs.map((r) => `<${r}>`).join(" ")}`] : []),
      ...(rand() < 0.1 ? ["List-Unsubscribe: <mailto:unsubscribe@news.test>", "Precedence: bulk"] : []),
      `X-Gmail-Labels: ${outbound ? "Sent" : rand() < 0.7 ? "Inbox,Opened" : "Archived,Unread"}`,
      "MIME-Version: 1.0",
    ];
    const alternative = [
      `--${alt}`,
      "Content-Type: text/plain; charset=UTF-8",
      "Content-Transfer-Encoding: 8bit",
      "",
      wrap(text + quoted).replace(/^From /gm, ">From "),
      `--${alt}`,
      "Content-Type: text/html; charset=UTF-8",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      html.replace(/=/g, "=3D").replace(/.{74}/g, "$&=\r\n"),
      `--${alt}--`,
    ].join("\r\n");
    let body: string;
    if (attach) {
      const payload = randomBytesFrom(rand, 2000 + Math.floor(rand() * 8000));
      body = [
        `Content-Type: multipart/mixed; boundary="${mixed}"`,
        "",
        `--${mixed}`,
        `Content-Type: multipart/alternative; boundary="${alt}"`,
        "",
        alternative,
        `--${mixed}`,
        `Content-Type: application/pdf; name="report-${i}.pdf"`,
        `Content-Disposition: attachment; filename="report-${i}.pdf"`,
        "Content-Transfer-Encoding: base64",
        "",
        base64Lines(payload),
        `--${mixed}--`,
      ].join("\r\n");
    } else {
      body = [`Content-Type: multipart/alternative; boundary="${alt}"`, "", alternative].join("\r\n");
    }
    const postmark = `From ${sender.email} ${new Date(time).toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) (.*) GMT$/, "$1 $3 $2 $5 $4")}`;
    write(`${postmark}\n${headers.join("\r\n")}\r\n${body}\r\n\n`);
  }
  flush();
  fs.closeSync(fd);
  return { bytes };
}

function randomBytesFrom(rand: () => number, n: number): Buffer {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(rand() * 256);
  return out;
}

// ---------------------------------------------------------------------------------------
// Parent mode.

function runProcess(
  command: string,
  args: string[],
  options: { env?: Record<string, string>; input?: string; echo?: boolean } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...options.env }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    proc.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      if (options.echo) process.stderr.write(d);
    });
    proc.on("error", reject);
    proc.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
    proc.stdin.end(options.input ?? "");
  });
}

const nodeWithTsx = (script: string, args: string[]) => [...process.execArgv, script, ...args];

async function createBenchUser(env: Record<string, string>): Promise<void> {
  const result = await runProcess(process.execPath, nodeWithTsx(path.join(ROOT, "src/cli/main.ts"), ["user", "add", BENCH_EMAIL, "--password-stdin", "--name", "Bench User"]), {
    env,
    input: "bench-password-123\n",
  });
  if (result.code !== 0) throw new Error(`creating the bench user failed:\n${result.stderr}`);
}

async function benchEngine(engine: Engine, file: string, env: Record<string, string>, reimport: boolean): Promise<ChildResult> {
  console.error(`[bench] ${engine}: creating the database and the user`);
  await createBenchUser(env);
  console.error(`[bench] ${engine}: importing in a child process`);
  const result = await runProcess(process.execPath, nodeWithTsx(SELF, ["--child", file, ...(reimport ? ["--reimport"] : [])]), { env, echo: true });
  if (result.code !== 0) throw new Error(`${engine} import child failed (exit ${result.code})`);
  const line = result.stdout.trim().split("\n").pop() ?? "";
  return JSON.parse(line) as ChildResult;
}

async function withPostgres<T>(tmp: string, work: (url: string) => Promise<T>): Promise<T | null> {
  const given = process.env.AIVA_BENCH_DATABASE_URL?.trim();
  let adminUrl = given;
  let started = false;
  const clusterDir = path.join(tmp, "pg");
  if (!adminUrl) {
    console.error("[bench] postgres: starting a throwaway cluster (scripts/pg-server.sh)");
    const out = await runProcess("bash", [path.join(ROOT, "scripts/pg-server.sh"), "start", clusterDir]);
    adminUrl = /^DATABASE_URL=(.*)$/m.exec(out.stdout)?.[1]?.trim();
    if (out.code !== 0 || !adminUrl) {
      console.error(`[bench] postgres: no cluster (set AIVA_BENCH_DATABASE_URL to use one); skipping\n${out.stderr.split("\n").slice(-5).join("\n")}`);
      return null;
    }
    started = true;
  }
  const { default: postgres } = await import("postgres");
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const name = `aiva_bench_${randomBytes(4).toString("hex")}`;
  try {
    await admin.unsafe(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    try {
      return await work(url.toString());
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
    }
  } finally {
    await admin.end({ timeout: 5 });
    if (started) await runProcess("bash", [path.join(ROOT, "scripts/pg-server.sh"), "stop", clusterDir]);
  }
}

async function parent(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      messages: { type: "string", default: "10000" },
      only: { type: "string" },
      keep: { type: "boolean", default: false },
      "no-reimport": { type: "boolean", default: false },
      suite: { type: "string", default: "all" },
      "inbox-messages": { type: "string", default: "100000" },
    },
  });
  const suite = values.suite;
  if (suite !== "all" && suite !== "import" && suite !== "inbox") throw new Error("--suite is all, import or inbox");
  if (suite === "inbox") {
    console.log(JSON.stringify(await inboxBench(values.only, values["inbox-messages"])));
    return;
  }
  const messages = Number(values.messages);
  if (!Number.isInteger(messages) || messages <= 0) throw new Error("--messages must be a positive integer");
  const reimport = !values["no-reimport"];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aiva-bench-"));
  const file = path.join(tmp, "bench.mbox");
  const results: Partial<Record<Engine, ChildResult>> = {};
  try {
    const generating = performance.now();
    const { bytes } = generateMbox(file, messages);
    console.error(`[bench] generated ${messages} messages, ${(bytes / 1024 / 1024).toFixed(1)} MB in ${Math.round(performance.now() - generating)} ms`);

    // Keys and secrets are not part of the bench: give the children a throwaway key so the
    // Postgres path does not need one configured.
    const baseEnv: Record<string, string> = {
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      AIVA_AUTO_MIGRATE: "true",
      DATABASE_URL: "",
    };
    if (!values.only || values.only === "pglite") {
      const dataDir = path.join(tmp, "pglite");
      results.pglite = await benchEngine("pglite", file, { ...baseEnv, AIVA_DATA_DIR: dataDir }, reimport);
    }
    if (!values.only || values.only === "postgres") {
      const result = await withPostgres(tmp, (url) =>
        benchEngine("postgres", file, { ...baseEnv, DATABASE_URL: url, AIVA_DATA_DIR: path.join(tmp, "pg-data") }, reimport),
      );
      if (result) results.postgres = result;
    }

    const rate = (r?: ChildResult) => (r ? Math.round((r.total / r.importMs) * 1000) : null);
    const summary = {
      import_msgs_per_s: { pglite: rate(results.pglite), postgres: rate(results.postgres) },
      import_peak_rss_mb: { pglite: results.pglite?.peakRssMb ?? null, postgres: results.postgres?.peakRssMb ?? null },
      messages,
      mbox_mb: Number((bytes / 1024 / 1024).toFixed(1)),
      import_seconds: {
        pglite: results.pglite ? results.pglite.importMs / 1000 : null,
        postgres: results.postgres ? results.postgres.importMs / 1000 : null,
      },
      // CPU time per message of the import process: what the throughput would be on an
      // idle machine with enough cores (rates above depend on what else runs).
      import_cpu_ms_per_msg: {
        pglite: results.pglite ? Number((results.pglite.importCpuMs / messages).toFixed(2)) : null,
        postgres: results.postgres ? Number((results.postgres.importCpuMs / messages).toFixed(2)) : null,
      },
      // Postgres runs in server processes of its own: their CPU per message during the import
      // (when the server is on this machine). Import process + server is the whole cost.
      import_server_cpu_ms_per_msg: {
        pglite: null,
        postgres: results.postgres?.serverCpuMs != null ? Number((results.postgres.serverCpuMs / messages).toFixed(2)) : null,
      },
      load_average_1m: Number(os.loadavg()[0]!.toFixed(2)),
      reimport_msgs_per_s: {
        pglite: results.pglite?.reimport ? Math.round((messages / results.pglite.reimport.importMs) * 1000) : null,
        postgres: results.postgres?.reimport ? Math.round((messages / results.postgres.reimport.importMs) * 1000) : null,
      },
      targets: { min_msgs_per_s: TARGET_MSGS_PER_S, max_peak_rss_mb: TARGET_RSS_MB },
      cpus: os.cpus().length,
      node: process.version,
    };

    console.log("");
    console.log(`Import of a ${messages.toLocaleString("en")}-message mbox (${summary.mbox_mb} MB)`);
    for (const engine of ["pglite", "postgres"] as const) {
      const r = results[engine];
      if (!r) {
        console.log(`  ${engine.padEnd(8)}  skipped`);
        continue;
      }
      const ok = (rate(r) ?? 0) >= TARGET_MSGS_PER_S && r.peakRssMb < TARGET_RSS_MB;
      console.log(
        `  ${engine.padEnd(8)}  ${String(rate(r)).padStart(5)} msg/s  (${(r.importMs / 1000).toFixed(1)} s; ${r.imported} imported, ${r.duplicates} duplicates, ${r.failed} failed)` +
          `  peak RSS ${r.peakRssMb} MB  [${ok ? "meets" : "MISSES"} targets]` +
          (r.reimport ? `  re-import: ${r.reimport.imported} new, ${r.reimport.duplicates} duplicates in ${(r.reimport.importMs / 1000).toFixed(1)} s` : ""),
      );
    }
    const inbox = suite === "all" ? await inboxBench(values.only, values["inbox-messages"]) : {};
    console.log(JSON.stringify({ ...summary, ...inbox }));
  } finally {
    if (values.keep) console.error(`[bench] kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The inbox benchmark (scripts/bench-inbox.ts) in a process of its own, its human summary
 * passed through: its headline numbers, and the whole result under `inbox`.
 */
async function inboxBench(only: string | undefined, messages: string): Promise<Record<string, unknown>> {
  const args = nodeWithTsx(path.join(ROOT, "scripts/bench-inbox.ts"), ["--messages", messages]);
  if (only) args.push("--only", only);
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      process.stdout.write(chunk.toString().split("\n").filter((line) => !line.startsWith("{")).join("\n"));
    });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`the inbox benchmark failed (exit code ${code})`))));
  });
  const last = stdout.trim().split("\n").pop() ?? "{}";
  const result = JSON.parse(last) as Record<string, unknown>;
  const { inbox_list_p95_ms, thread_open_p95_ms, search_p95_ms, inbox_first_load_js_kb } = result;
  return { inbox_list_p95_ms, thread_open_p95_ms, search_p95_ms, inbox_first_load_js_kb, inbox: result };
}

const argv = process.argv.slice(2);
const isEntry = process.argv[1] !== undefined && path.resolve(process.argv[1]) === SELF;
if (!isEntry) {
  // Imported (e.g. for generateMbox): run nothing.
} else if (argv[0] === "--child") {
  child(argv[1]!, argv.includes("--reimport")).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  parent().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
