// Raw RFC 5322 messages with attachments, for tests that download them again: a
// multipart/mixed with a text part and base64 parts, names in RFC 2231 form when they are
// not ASCII (as mail clients write them).

export type TestPart = {
  filename: string;
  mimeType: string;
  bytes: Buffer;
  disposition?: "attachment" | "inline";
  contentId?: string;
};

function filenameParams(filename: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x20-\x7e]*$/.test(filename) && !filename.includes('"')) return `filename="${filename}"`;
  return `filename*=UTF-8''${encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/** A message with `headers` (From, To, Subject, Message-ID...), a text body and `parts`. */
export function mimeWithAttachments(headers: Record<string, string>, text: string, parts: TestPart[]): Buffer {
  const boundary = `aiva-test-${Math.random().toString(36).slice(2)}`;
  const head = { Date: new Date().toUTCString(), "MIME-Version": "1.0", ...headers, "Content-Type": `multipart/mixed; boundary="${boundary}"` };
  const lines = [...Object.entries(head).map(([k, v]) => `${k}: ${v}`), "", `--${boundary}`, "Content-Type: text/plain; charset=utf-8", "", text];
  for (const part of parts) {
    lines.push(`--${boundary}`, `Content-Type: ${part.mimeType}`, `Content-Disposition: ${part.disposition ?? "attachment"}; ${filenameParams(part.filename)}`);
    if (part.contentId) lines.push(`Content-ID: <${part.contentId}>`);
    lines.push("Content-Transfer-Encoding: base64", "", ...(part.bytes.toString("base64").match(/.{1,76}/g) ?? []));
  }
  lines.push(`--${boundary}--`, "");
  return Buffer.from(lines.join("\r\n"), "utf8");
}

/** Bytes that survive no text decoding: every byte value, in a fixed order. */
export function binaryBytes(length: number, seed = 7): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out[i] = i < 256 ? i : x & 0xff;
  }
  return out;
}
