import PostalMime from "postal-mime";
import type { AttachmentMeta } from "@/server/channels/types";
import { MAX_PARSE_BYTES, attachmentMeta } from "@/server/mail/parse-mime";
import { AttachmentError } from "./attachment-error";

// Picks attachment `index` out of a message's source. Ingest stored the attachments in the
// order postal-mime lists them (parse-mime.ts, same parser options), so the index finds
// the same part again, and its name, type and size must still agree with what was
// stored: otherwise the source is not the message Aiva saw, and nothing is served.

export type ExtractedAttachment = { meta: AttachmentMeta; bytes: Uint8Array<ArrayBuffer> };

const CHANGED =
  "This message at the provider no longer matches what Aiva stored, so Aiva won't hand you a file that may be the wrong one. Sync the account and try again.";

function sameAttachment(stored: AttachmentMeta, found: AttachmentMeta): boolean {
  return stored.filename === found.filename && stored.mimeType === found.mimeType && stored.size === found.size;
}

export async function extractAttachment(source: Buffer, index: number, stored: AttachmentMeta): Promise<ExtractedAttachment> {
  if (source.length > MAX_PARSE_BYTES) {
    throw new AttachmentError("This message is too large for Aiva to open. Open it in your mail app.", "unreachable");
  }
  let attachments: Awaited<ReturnType<PostalMime["parse"]>>["attachments"];
  try {
    attachments = (await new PostalMime({ attachmentEncoding: "arraybuffer" }).parse(source)).attachments;
  } catch {
    throw new AttachmentError(CHANGED, "changed");
  }
  const found = attachments[index];
  if (!found || !sameAttachment(stored, attachmentMeta(found))) throw new AttachmentError(CHANGED, "changed");
  const content = found.content;
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content instanceof ArrayBuffer ? new Uint8Array(content) : new Uint8Array(content);
  return { meta: stored, bytes };
}
