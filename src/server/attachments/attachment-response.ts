import { apiErrorResponse, jsonResponse } from "@/server/http/api-error";
import { AttachmentError, type AttachmentErrorReason } from "./attachment-error";
import type { ExtractedAttachment } from "./extract-attachment";

// The HTTP face of a download. The bytes come from strangers' mail, so the browser must
// never render them as part of Aiva: always `Content-Disposition: attachment` with a
// cleaned name (RFC 6266, with the UTF-8 name in RFC 5987 `filename*`), a Content-Type
// that can't run script (HTML, SVG, XML and script types become octet-stream), nosniff,
// a sandboxing CSP should the URL be opened directly, and no caching anywhere.

const STATUS: Record<AttachmentErrorReason, number> = {
  not_found: 404,
  not_kept: 404,
  changed: 409,
  unreachable: 502,
};

const SAFE_TYPE = /^(application|audio|font|image|model|text|video)\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;
// Types a browser would render or run as part of the page that serves them.
const ACTIVE_TYPE = /html|xml|svg|script|xsl|x-sh$|x-csh$/;

const EXTENSIONS: Record<string, string> = {
  "application/pdf": ".pdf",
  "application/zip": ".zip",
  "image/png": ".png",
  "image/jpeg": ".jpg",
  "image/gif": ".gif",
  "text/plain": ".txt",
  "text/calendar": ".ics",
  "text/csv": ".csv",
  "message/rfc822": ".eml",
};

const MAX_NAME_CHARS = 180;

/** A Content-Type safe to send with a stranger's bytes. */
export function safeContentType(mimeType: string): string {
  const type = (mimeType.split(";")[0] ?? "").trim().toLowerCase();
  if (!SAFE_TYPE.test(type) || ACTIVE_TYPE.test(type)) return "application/octet-stream";
  return type;
}

/**
 * A file name that can't escape a folder, hide its real extension, or break a header:
 * no path separators, control or bidi characters, leading dots; at most 180 characters
 * (the extension kept); "attachment.<ext>" when nothing is left.
 */
export function safeFilename(name: string | null, mimeType: string): string {
  let clean = (name ?? "")
    .normalize("NFC")
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/[\\/:*?"<>|]/g, "_")
    .replace(/\s+/g, " ")
    .replace(/^[\s.]+|[\s.]+$/g, "");
  const chars = Array.from(clean);
  if (chars.length > MAX_NAME_CHARS) {
    const extension = /\.[A-Za-z0-9]{1,10}$/.exec(clean)?.[0] ?? "";
    clean = chars.slice(0, MAX_NAME_CHARS - extension.length).join("").trimEnd() + extension;
  }
  if (!clean) return `attachment${EXTENSIONS[(mimeType.split(";")[0] ?? "").trim().toLowerCase()] ?? ".bin"}`;
  return clean;
}

/** RFC 5987 ext-value characters: encodeURIComponent leaves ' ( ) * alone, attr-char doesn't allow them. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<the name>` (RFC 6266). */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\%]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(filename)}`;
}

export function attachmentResponse({ meta, bytes }: ExtractedAttachment): Response {
  return new Response(bytes, {
    status: 200,
    headers: {
      "Content-Type": safeContentType(meta.mimeType),
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": contentDisposition(safeFilename(meta.filename, meta.mimeType)),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cross-Origin-Resource-Policy": "same-origin",
      "Cache-Control": "private, no-store",
    },
  });
}

/** `{ error }` with the status for the reason; sign-in and membership errors as every route answers them. */
export function attachmentErrorResponse(error: unknown): Response {
  if (error instanceof AttachmentError) return jsonResponse({ error: error.message, reason: error.reason }, STATUS[error.reason]);
  return apiErrorResponse(error, "attachments");
}
