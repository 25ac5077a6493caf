import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { and, eq, inArray } from "drizzle-orm";
import { SafeError } from "@/lib/errors";
import type { NormalizedMessage } from "@/server/channels/types";
import { vacuumAfterBulkLoad } from "@/server/db/maintenance";
import { messages } from "@/server/db/schema";
import { pgErrorCode, withService } from "@/server/db/with-rls";
import { parseMessageIds } from "@/server/mail/message-ids";
import { type IngestTarget, ingestMessages } from "@/server/sync/ingest";
import { finishSyncRun, reportSyncProgress, startSyncRun } from "@/server/sync/sync-runs";
import { ensureImportConnection } from "./import-connection";
import { ParsePool } from "./parse-pool";
import { DEFAULT_MAX_MESSAGE_BYTES, type MboxItem, countMboxMessages, looksLikeMbox, oversizedReason, readMbox } from "./mbox-reader";

// Imports one .mbox or .eml file into a workspace's "Imported mail" connection.
//
// Streaming: the mbox is read message by message (mbox-reader.ts) and stored in batches
// through ingestMessages (the one way messages enter Aiva), so memory holds a few batches
// whatever the file size. Per group of messages:
//   id from the headers (Message-ID, else a hash of the bytes) → skip those already stored
//   (re-importing a file parses nothing) → parseMime (on worker threads when asked) →
//   batch → ingestMessages, one batch written while the next is parsed.
//
// `failed` counts only messages that could not be stored at all (over the size cap, or
// refused by the database even in a reduced form). A message the MIME parser cannot decode
// is still stored, flagged with parse_error and its raw source.

export type ImportProgress = { processed: number; total: number | null; imported: number; duplicates: number; failed: number };

export type ImportMailFileInput = {
  workspaceId: string;
  userId: string;
  /** The user's address: mail from it is outbound. */
  userEmail: string;
  filePath: string;
  /** Shown in failure reasons and sync runs (the upload's original name). */
  fileName: string;
  /** A sync run (trigger 'import') to keep up to date. */
  runId?: string;
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void | Promise<void>;
  /**
   * Parse on this many worker threads while the main thread writes (the CLI uses the
   * spare cores). 0 (default) parses on the calling thread; so does a runtime that cannot
   * start the workers.
   */
  parseWorkers?: number;
};

export type ImportResult = {
  imported: number;
  duplicates: number;
  failed: number;
  total: number;
  /** The first MAX_FAILURES_LISTED failures (all are counted in `failed`). */
  failures: { index: number; reason: string }[];
};

/**
 * Messages per ingest transaction, and a byte budget so a batch of big messages stays small.
 * Two batches are held at once (one being stored, one being filled): 300 kept the import's
 * peak memory ~30 MB lower than 500, for a few percent more CPU per message.
 */
const BATCH_MESSAGES = 300;
const BATCH_BYTES = 24 * 1024 * 1024;
/**
 * Messages being parsed at once, per worker (raw bytes in flight are bounded too): enough
 * for a worker to keep parsing while the main thread is busy inside a PGlite statement.
 */
const PARSE_AHEAD_PER_WORKER = 128;
const PARSE_AHEAD_BYTES = 32 * 1024 * 1024;
const PROGRESS_INTERVAL_MS = 250;
const MAX_FAILURES_LISTED = 1000;
/** New rows after which PGlite (no autovacuum) gets a VACUUM ANALYZE. */
const VACUUM_AFTER_ROWS = 1000;

/** Where the Message-ID header is looked for. */
const HEADER_SCAN_BYTES = 256 * 1024;

const MBOX_EXTENSIONS = new Set([".mbox", ".mbx", ".mbs"]);

export async function importMailFile(input: ImportMailFileInput): Promise<ImportResult> {
  const { filePath, runId, signal } = input;
  const connectionId = await ensureImportConnection(input.workspaceId, input.userId);
  const target: IngestTarget = { workspaceId: input.workspaceId, connectionId };
  const counts = { imported: 0, duplicates: 0, failed: 0 };
  const failures: ImportResult["failures"] = [];
  let total: number | null = null;

  const fail = (index: number, reason: string) => {
    counts.failed++;
    if (failures.length < MAX_FAILURES_LISTED) failures.push({ index, reason });
  };
  const snapshot = (): ImportProgress => ({
    processed: counts.imported + counts.duplicates + counts.failed,
    total,
    ...counts,
  });
  let lastReport = 0;
  const report = async (force = false) => {
    const now = Date.now();
    if (!force && now - lastReport < PROGRESS_INTERVAL_MS) return;
    lastReport = now;
    const progress = snapshot();
    await input.onProgress?.(progress);
    if (runId) await reportSyncProgress(runId, connectionId, { ...progress });
  };

  let storing: Promise<void> = Promise.resolve();
  try {
    if (runId) await startSyncRun(runId, connectionId);
    const stat = await fs.promises.stat(filePath).catch(() => null);
    if (!stat) throw new SafeError(`No such file: ${input.fileName}`);
    if (!stat.isFile()) throw new SafeError(`${input.fileName} is not a file (pass an .mbox or .eml file, not a folder).`);
    const mbox = await isMbox(filePath, stat.size);
    total = mbox ? await countMboxMessages(filePath, { signal }) : 1;
    await report(true);

    const own = input.userEmail.trim().toLowerCase();
    const pool = input.parseWorkers ? await ParsePool.start(input.parseWorkers) : null;
    // Without workers, here (loaded only then: the parser and its HTML libraries are big).
    const parseHere = pool ? null : (await import("@/server/mail/parse-mime")).parseMime;
    try {
      let batch: Parsed[] = [];
      let batchBytes = 0;
      const flush = async () => {
        const ready = batch;
        batch = [];
        batchBytes = 0;
        // One batch is stored while the next is parsed; never more than one, so memory
        // holds at most two batches.
        await storing;
        storing = store(target, ready, counts, fail).then(() => report());
        // Awaited at the next flush; until then a failure must not count as unhandled.
        storing.catch(() => {});
      };
      const add = async (parsed: Parsed, bytes: number) => {
        batch.push(parsed);
        batchBytes += bytes;
        if (batch.length >= BATCH_MESSAGES || batchBytes >= BATCH_BYTES) await flush();
      };

      // Parsed in order, several at a time: a queue of parses in flight, bounded by count
      // and by bytes.
      const inFlight: { index: number; bytes: number; parsing: Promise<NormalizedMessage> }[] = [];
      let inFlightBytes = 0;
      const maxInFlight = pool ? pool.size * PARSE_AHEAD_PER_WORKER : 1;
      const takeOne = async () => {
        const head = inFlight.shift()!;
        inFlightBytes -= head.bytes;
        await add({ index: head.index, message: fromImport(await head.parsing, own) }, head.bytes);
      };
      const parse = async (index: number, raw: Buffer, providerMessageId: string) => {
        const parsing = pool ? pool.parse(raw, providerMessageId) : parseHere!(raw, { providerMessageId });
        parsing.catch(() => {}); // awaited in order by takeOne
        inFlight.push({ index, bytes: raw.length, parsing });
        inFlightBytes += raw.length;
        while (inFlight.length >= maxInFlight || (inFlight.length > 1 && inFlightBytes > PARSE_AHEAD_BYTES)) await takeOne();
      };

      // Messages already stored are recognized before parsing (most of the work): their id
      // comes from the Message-ID header or a hash of the bytes, which needs no MIME parser.
      let group: { index: number; raw: Buffer; id: string }[] = [];
      let groupBytes = 0;
      const screen = async () => {
        const ready = group;
        group = [];
        groupBytes = 0;
        const stored = await storedMessageIds(connectionId, ready.map((g) => g.id));
        for (const g of ready) {
          if (stored.has(g.id)) counts.duplicates++;
          else await parse(g.index, g.raw, g.id);
        }
        await report();
      };

      for await (const item of mbox ? readMbox(filePath, { signal }) : readEml(filePath, stat.size)) {
        signal?.throwIfAborted();
        if (item.kind !== "message") {
          fail(item.index, item.reason);
          continue;
        }
        group.push({ index: item.index, raw: item.raw, id: providerMessageIdOf(item.raw) });
        groupBytes += item.raw.length;
        if (group.length >= BATCH_MESSAGES || groupBytes >= BATCH_BYTES) await screen();
      }
      if (group.length) await screen();
      while (inFlight.length) await takeOne();
      if (batch.length) await flush();
    } finally {
      await pool?.close();
    }
    await storing;
    // The file may have changed between the count and the read: the read is the truth.
    total = counts.imported + counts.duplicates + counts.failed;
    if (counts.imported > VACUUM_AFTER_ROWS) await vacuumAfterBulkLoad();
    await report(true);
    if (runId) await finishSyncRun(runId, connectionId, { ...snapshot() });
    return { ...counts, total, failures };
  } catch (error) {
    await storing.catch(() => {}); // never leave a batch being written behind
    if (runId) {
      const message = signal?.aborted ? "Import cancelled" : error instanceof SafeError ? error.message : "Import failed";
      await finishSyncRun(runId, connectionId, { ...snapshot(), error: message }).catch(() => {});
    }
    throw error;
  }
}

type Parsed = { index: number; message: NormalizedMessage };

/**
 * The dedup key parseMime would choose (Message-ID with the host lowercased, else the
 * SHA-256 of the bytes), from a scan of the header block. It is handed to parseMime, so
 * the stored id is this one whatever the MIME parser makes of the message.
 */
export function providerMessageIdOf(raw: Buffer): string {
  let head = raw.subarray(0, Math.min(raw.length, HEADER_SCAN_BYTES)).toString("utf8");
  const end = head.search(/\r?\n\r?\n/);
  if (end >= 0) head = head.slice(0, end);
  const header = /^message-id[ \t]*:(.*(?:\r?\n[ \t].*)*)/im.exec(head)?.[1];
  const id = header ? parseMessageIds(header.replace(/\r?\n[ \t]+/g, " "))[0] : undefined;
  const at = id ? id.lastIndexOf("@") : -1;
  if (id && at > 0 && at < id.length - 1) return `${id.slice(0, at)}@${id.slice(at + 1).toLowerCase()}`;
  return `sha256:${createHash("sha256").update(raw).digest("hex")}`;
}

async function storedMessageIds(connectionId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await withService({ connectionId, reason: "skip stored messages" }, (tx) =>
    tx
      .select({ id: messages.providerMessageId })
      .from(messages)
      .where(and(eq(messages.connectionId, connectionId), inArray(messages.providerMessageId, [...new Set(ids)]))),
  );
  return new Set(rows.map((r) => r.id));
}

type Counts = { imported: number; duplicates: number; failed: number };

/** .mbox by extension, or by content (a postmark line first); anything else is one message. */
async function isMbox(filePath: string, size: number): Promise<boolean> {
  if (MBOX_EXTENSIONS.has(path.extname(filePath).toLowerCase())) return true;
  if (size === 0) return false;
  const handle = await fs.promises.open(filePath, "r");
  try {
    const head = Buffer.alloc(Math.min(size, 256));
    await handle.read(head, 0, head.length, 0);
    return looksLikeMbox(head);
  } finally {
    await handle.close();
  }
}

/** A single-message file, as the mbox reader would give it. */
async function* readEml(filePath: string, size: number): AsyncGenerator<MboxItem | { kind: "empty"; index: number; reason: string }> {
  if (size > DEFAULT_MAX_MESSAGE_BYTES) {
    yield { kind: "oversized", index: 0, bytes: size, reason: oversizedReason(size) };
    return;
  }
  const raw = await fs.promises.readFile(filePath);
  if (raw.toString("latin1").trim() === "") yield { kind: "empty", index: 0, reason: "the file is empty" };
  else yield { kind: "message", index: 0, raw };
}

/**
 * What an import knows beyond the MIME: mail from the user's own address (or in Gmail's
 * "Sent") is outbound; Google Takeout's labels and thread id say read, starred, archived
 * and which conversation. Without labels an imported message is history: read.
 */
function fromImport(m: NormalizedMessage, ownEmail: string): NormalizedMessage {
  const labels = m.labels;
  const gmail = labels.length > 0 || "x-gmail-labels" in m.headers;
  const outbound = (ownEmail !== "" && m.from?.email.toLowerCase() === ownEmail) || labels.includes("Sent");
  const thrid = m.headers["x-gm-thrid"]?.trim();
  return {
    ...m,
    direction: outbound ? "outbound" : "inbound",
    providerThreadId: m.providerThreadId ?? (thrid && /^\d{1,30}$/.test(thrid) ? `gmail:${thrid}` : null),
    isRead: gmail ? !labels.includes("Unread") : true,
    isStarred: m.isStarred || labels.includes("Starred"),
    isArchived: gmail ? !labels.includes("Inbox") : m.isArchived,
  };
}

/** SQLSTATE classes that mean "this data", not "this database": worth isolating the message. */
const DATA_ERROR_CLASSES = new Set(["22", "23", "54"]);

function isDataError(error: unknown): boolean {
  const code = pgErrorCode(error);
  return code !== undefined && DATA_ERROR_CLASSES.has(code.slice(0, 2));
}

/** The database's own words: Drizzle's wrapper message is the whole failed query. */
function databaseMessage(error: unknown): string {
  const code = pgErrorCode(error);
  let cause: unknown = error;
  while (cause && (cause as { cause?: unknown }).cause) cause = (cause as { cause: unknown }).cause;
  const message = cause instanceof Error ? cause.message : String(cause);
  return `${message.slice(0, 300)}${code ? ` (SQLSTATE ${code})` : ""}`;
}

/**
 * Stores a batch. When the database refuses it, the batch is halved until the refused
 * message is alone; that one is stored without its content (flagged) or, if even that is
 * refused, counted as failed. Errors that are not about the data (connection lost...)
 * stop the import.
 */
async function store(target: IngestTarget, batch: Parsed[], counts: Counts, fail: (index: number, reason: string) => void): Promise<void> {
  if (batch.length === 0) return;
  try {
    const result = await ingestMessages(target, batch.map((p) => p.message));
    counts.imported += result.inserted.length;
    counts.duplicates += result.duplicates;
    return;
  } catch (error) {
    if (!isDataError(error)) throw error;
    if (batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      await store(target, batch.slice(0, half), counts, fail);
      await store(target, batch.slice(half), counts, fail);
      return;
    }
    const [only] = batch as [Parsed];
    const refusal = databaseMessage(error);
    try {
      const result = await ingestMessages(target, [reduced(only.message, refusal)]);
      counts.imported += result.inserted.length;
      counts.duplicates += result.duplicates;
    } catch (again) {
      if (!isDataError(again)) throw again;
      fail(only.index, `the database refused it: ${refusal}`);
    }
  }
}

/** The message without its content: kept (flagged) rather than lost. */
function reduced(m: NormalizedMessage, refusal: string): NormalizedMessage {
  return {
    ...m,
    references: [],
    inReplyTo: null,
    bodyText: null,
    fullText: null,
    bodyHtml: null,
    snippet: null,
    attachments: [],
    calendar: [],
    headers: {},
    labels: [],
    providerMeta: {},
    rawSource: null,
    parseError: `Stored without its content: the database refused it (${refusal})`,
  };
}
