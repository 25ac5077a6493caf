// Robustness run over the shared evaluation corpus: every file that is a raw message must
// go through parseMime without a rejection, and come out either usable (a subject, a sender
// or a body) or flagged (parseError with the raw source kept).
//
// Only message files are read: .eml/.raw/.msg, extension-less and numbered files (the
// SpamAssassin t/data layout) and .txt files that start with a header block. Label files
// (.jsonl/.json/.md/.enc), Slack events and plain-text documents are skipped. Labels are
// never read, in particular not those of holdout/ folders (parsing their .eml files for
// the no-throw check is all this does with them).

import { existsSync } from "node:fs";
import { open, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, test } from "vitest";
import type { NormalizedMessage } from "../channels/types";
import { parseMime } from "./parse-mime";

const CORPUS = path.resolve(process.cwd(), "../shared/corpus");
const HAS_CORPUS = existsSync(CORPUS);

const SKIP_EXTENSIONS = new Set([".jsonl", ".json", ".md", ".enc", ".edn", ".csv", ".cats", ".ann", ".tml", ".xml"]);
const MESSAGE_EXTENSIONS = new Set([".eml", ".raw", ".msg", ".mbox", ".mail"]);

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

/** First bytes look like an RFC 822 header block (or an mbox "From " line). */
async function startsWithHeaders(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(512);
    const { bytesRead } = await handle.read(buffer, 0, 512, 0);
    const head = buffer.subarray(0, bytesRead).toString("latin1").replace(/^\s+/, "");
    return /^(?:From \S|[A-Za-z][A-Za-z0-9-]*:[ \t])/.test(head);
  } finally {
    await handle.close();
  }
}

async function isMessageFile(file: string): Promise<boolean> {
  const ext = path.extname(file).toLowerCase();
  if (SKIP_EXTENSIONS.has(ext)) return false;
  if (MESSAGE_EXTENSIONS.has(ext)) return true;
  // extension-less ("spam/001", "nice/dkim/test1") or numbered ("iso-2022-jp.1")
  if (ext === "" || /^\.\d+$/.test(ext)) return true;
  if (ext === ".txt") return startsWithHeaders(file);
  return false;
}

function isUsable(m: NormalizedMessage): boolean {
  return Boolean(m.subject || m.from || m.bodyText || m.fullText);
}

const STRING_FIELDS = ["subject", "bodyText", "fullText", "bodyHtml", "snippet", "rawSource"] as const;

describe.skipIf(!HAS_CORPUS)(`corpus at ${CORPUS}`, () => {
  test("every message file parses without throwing and is usable or flagged", { timeout: 120_000 }, async () => {
    const started = performance.now();
    const all = await walk(CORPUS);
    const files: string[] = [];
    for (const file of all) if (await isMessageFile(file)) files.push(file);
    expect(files.length).toBeGreaterThan(1000);

    const rejected: string[] = [];
    const unusable: string[] = [];
    const invariantErrors: string[] = [];
    const flagged: Array<{ file: string; reason: string }> = [];
    const byFolder = new Map<string, { total: number; flagged: number }>();
    let parsed = 0;

    const check = async (file: string): Promise<void> => {
      const rel = path.relative(CORPUS, file);
      const folder = rel.split(path.sep).slice(0, 2).join("/");
      const stats = byFolder.get(folder) ?? { total: 0, flagged: 0 };
      byFolder.set(folder, stats);
      stats.total++;
      let message: NormalizedMessage;
      try {
        message = await parseMime(await readFile(file));
      } catch (error) {
        rejected.push(`${rel}: ${String(error)}`);
        return;
      }
      if (message.parseError) {
        stats.flagged++;
        flagged.push({ file: rel, reason: message.parseError });
        if (message.rawSource === null) unusable.push(`${rel}: flagged without rawSource`);
      } else {
        parsed++;
        if (!isUsable(message)) unusable.push(`${rel}: no subject, from or body and no parseError`);
      }
      if (!message.providerMessageId) invariantErrors.push(`${rel}: empty providerMessageId`);
      for (const field of STRING_FIELDS) {
        if (message[field]?.includes("\u0000")) invariantErrors.push(`${rel}: NUL in ${field}`);
      }
      if (message.snippet && message.snippet.length > 200) invariantErrors.push(`${rel}: snippet too long`);
      if (message.bodyHtml && /<script|<iframe|\son[a-z]+\s*=|javascript:/i.test(message.bodyHtml)) {
        invariantErrors.push(`${rel}: unsafe bodyHtml`);
      }
      if (message.sentAt && Number.isNaN(message.sentAt.getTime())) invariantErrors.push(`${rel}: invalid sentAt`);
    };

    // Small batches: reading overlaps parsing, memory stays flat.
    const BATCH = 8;
    for (let i = 0; i < files.length; i += BATCH) {
      await Promise.all(files.slice(i, i + BATCH).map(check));
    }

    const reasons = new Map<string, number>();
    for (const { reason } of flagged) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    const topReasons = [...reasons.entries()].sort((a, b) => b[1] - a[1]);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);

    const lines = [
      `mail corpus: ${files.length} message files (of ${all.length} files), parsed cleanly ${parsed}, flagged ${flagged.length}, in ${seconds}s`,
      ...topReasons.map(([reason, count]) => `  flag ${count}× ${reason}`),
      ...flagged.map(({ file, reason }) => `  flagged ${file}: ${reason}`),
      "  by folder:",
      ...[...byFolder.entries()].sort().map(([folder, s]) => `    ${folder}: ${s.total} files, ${s.flagged} flagged`),
    ];
    console.log(lines.join("\n"));

    expect(rejected, "parseMime rejected").toEqual([]);
    expect(unusable, "neither usable nor flagged").toEqual([]);
    expect(invariantErrors, "invariants").toEqual([]);
    // A parser regression shows up as a flood of flags long before anything rejects.
    expect(flagged.length).toBeLessThan(files.length * 0.02);
  });
});

if (!HAS_CORPUS) {
  // Shows up as a skipped test with the reason, instead of silently passing.
  test.skip(`mail corpus: ${CORPUS} not found (checkouts without the shared corpus skip this test)`, () => {});
}
