import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable, Transform, type TransformCallback } from "node:stream";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import { pipeline } from "node:stream/promises";
import { z } from "zod";
import { dataDir } from "@/server/db/data-dir";
import { ApiError } from "@/server/http/api-error";

// What an upload must look like before Aiva spends a job on it, and how its bytes reach
// the disk: streamed, counted, and cut off at the size limit.

export const DEFAULT_IMPORT_MAX_BYTES = 4 * 1024 ** 3;

/** AIVA_IMPORT_MAX_BYTES, or 4 GiB. */
export function importMaxBytes(env: Record<string, string | undefined> = process.env): number {
  const raw = env.AIVA_IMPORT_MAX_BYTES?.trim();
  if (!raw) return DEFAULT_IMPORT_MAX_BYTES;
  const value = Number(raw);
  return Number.isSafeInteger(value) && value > 0 ? value : DEFAULT_IMPORT_MAX_BYTES;
}

/** Where uploads wait for their import job: the data folder, or the system's temp folder with DATABASE_URL. */
export function importsDir(env: Record<string, string | undefined> = process.env): string {
  return env.DATABASE_URL?.trim()
    ? path.join(/*turbopackIgnore: true*/ os.tmpdir(), "aiva-imports")
    : path.join(/*turbopackIgnore: true*/ dataDir(), "imports");
}

export const uploadQuerySchema = z.object({
  workspaceId: z.uuid({ message: "That workspace link is not valid." }),
  name: z
    .string({ message: "Say which file this is (?name=...)." })
    .trim()
    .min(1, { message: "Say which file this is (?name=...)." })
    .max(255, { message: "That file name is too long (255 characters at most)." }),
});

export type UploadQuery = { workspaceId: string; fileName: string; kind: MailFileKind };

/** The two formats the importer reads. */
export type MailFileKind = "mbox" | "eml";

const SUPPORTED = "Aiva imports .mbox and .eml files.";

/** Validates the query string; 400 or 415 as an ApiError. */
export function parseUploadQuery(params: URLSearchParams): UploadQuery {
  const parsed = uploadQuerySchema.safeParse({
    workspaceId: params.get("workspaceId") ?? undefined,
    name: params.get("name") ?? undefined,
  });
  if (!parsed.success) throw new ApiError(400, parsed.error.issues[0]?.message ?? "That upload is not valid.");
  // Only the last path segment, whatever a browser or script sent.
  const fileName = parsed.data.name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  if (!fileName) throw new ApiError(400, "Say which file this is (?name=...).");
  const kind = kindFromName(fileName);
  if (!kind) throw new ApiError(415, `“${fileName}” is not a mailbox file. ${SUPPORTED}`);
  return { workspaceId: parsed.data.workspaceId, fileName, kind: kind === "maybe-mbox" ? "mbox" : kind };
}

/** By extension: .mbox and .eml are taken at their word; .mbx and .txt must look like mbox. */
export function kindFromName(fileName: string): MailFileKind | "maybe-mbox" | null {
  const ext = path.extname(fileName).toLowerCase();
  if (ext === ".mbox") return "mbox";
  if (ext === ".eml") return "eml";
  if (ext === ".mbx" || ext === ".txt") return "maybe-mbox";
  return null;
}

/** An mbox file starts with a "From " separator line (after an optional BOM or blank lines). */
export function looksLikeMbox(head: Buffer): boolean {
  const text = head.toString("latin1").replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, "").replace(/^(\r?\n)+/, "");
  return text.startsWith("From ");
}

/** How many leading bytes the sniffer wants before deciding. */
const SNIFF_BYTES = 512;

/**
 * Streams `body` into `dest` (created exclusively), refusing more than `maxBytes` (413) and,
 * when `mustLookLikeMbox`, a file whose start is not mbox (415). On any failure the partial
 * file is removed. Returns the byte count.
 */
export async function streamToFile(
  body: ReadableStream<Uint8Array> | NodeJS.ReadableStream,
  dest: string,
  options: { maxBytes: number; mustLookLikeMbox?: boolean; fileName?: string; signal?: AbortSignal },
): Promise<number> {
  let bytes = 0;
  let head: Buffer | null = options.mustLookLikeMbox ? Buffer.alloc(0) : null;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      bytes += chunk.length;
      if (bytes > options.maxBytes) {
        callback(new ApiError(413, `That file is larger than this server accepts (${formatLimit(options.maxBytes)}).`));
        return;
      }
      if (head) {
        head = Buffer.concat([head, chunk]);
        if (head.length < SNIFF_BYTES) {
          callback(); // hold back until there is enough to judge
          return;
        }
        const held = head;
        head = null;
        if (!looksLikeMbox(held)) {
          callback(new ApiError(415, notMboxMessage(options.fileName)));
          return;
        }
        callback(null, held);
        return;
      }
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      if (head) {
        const held = head;
        head = null;
        if (held.length > 0 && !looksLikeMbox(held)) {
          callback(new ApiError(415, notMboxMessage(options.fileName)));
          return;
        }
        callback(null, held);
        return;
      }
      callback();
    },
  });

  fs.mkdirSync(path.dirname(/*turbopackIgnore: true*/ dest), { recursive: true, mode: 0o700 });
  const source = isWebStream(body) ? Readable.fromWeb(body as NodeWebReadableStream<Uint8Array>) : body;
  try {
    await pipeline(source, limit, fs.createWriteStream(dest, { flags: "wx", mode: 0o600 }), {
      signal: options.signal,
    });
  } catch (error) {
    fs.rmSync(dest, { force: true });
    if (error instanceof ApiError) throw error;
    if ((error as { name?: string }).name === "AbortError") throw new ApiError(400, "The upload was interrupted.");
    throw error;
  }
  return bytes;
}

function isWebStream(body: unknown): body is ReadableStream<Uint8Array> {
  return typeof (body as ReadableStream).getReader === "function";
}

function notMboxMessage(fileName?: string): string {
  return `${fileName ? `“${fileName}”` : "That file"} does not look like a mailbox file. ${SUPPORTED}`;
}

/** "4 GiB", "500 MB": the limit as a person reads it. */
export function formatLimit(bytes: number): string {
  if (bytes >= 1024 ** 3 && bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3} GiB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
