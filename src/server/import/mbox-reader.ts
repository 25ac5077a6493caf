import fs from "node:fs";

// Streams an mbox file one message at a time: the file is read in chunks and only the
// message being assembled (at most `maxMessageBytes`) is held in memory, whatever the file
// size.
//
// Format (mboxo / mboxrd, as written by Google Takeout, Thunderbird, mutt...):
// - a message starts at a line beginning with "From " (the postmark) at the start of the
//   file or after a blank line; the postmark itself is not part of the message;
// - as a leniency for writers that omit the blank line, a "From " line that is a complete
//   postmark ("From sender Wed Jan  8 15:39:59 2025") also starts a message;
// - the blank line before the next postmark belongs to the format, not the message;
// - body lines that began with "From " were written as ">From ", and ">From " as ">>From "
//   (mboxrd): one ">" is removed from every line matching /^>+From /;
// - LF or CRLF line ends are kept as they are; the last message may lack a final newline.

export const DEFAULT_MAX_MESSAGE_BYTES = 50 * 1024 * 1024;

const READ_CHUNK = 256 * 1024;
/** The buffer messages are assembled in is reused unless a big message grew it beyond this. */
const REUSED_MESSAGE_BUFFER = 1024 * 1024;
/** Enough of a line to recognize a postmark; longer lines never are one. */
const LINE_PREFIX_BYTES = 1024;

export type MboxItem =
  | { kind: "message"; index: number; raw: Buffer }
  /** Bigger than the cap: skipped (the caller counts it as failed). */
  | { kind: "oversized"; index: number; bytes: number; reason: string };

export type MboxReadOptions = { maxMessageBytes?: number; signal?: AbortSignal };

const LF = 0x0a;
const CR = 0x0d;
const GT = 0x3e;
const FROM_ = Buffer.from("From ");

const POSTMARK =
  /^From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),? +(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} +\d{1,2}:\d{2}(?::\d{2})?(?: +(?:[+-]\d{4}|[A-Z]{1,5}))? +\d{4}(?: +(?:[+-]\d{4}|[A-Z]{1,5}))?\s*$/;

function startsWithFrom(bytes: Buffer, start = 0, end = bytes.length): boolean {
  if (end - start < 5) return false;
  for (let i = 0; i < 5; i++) if (bytes[start + i] !== FROM_[i]) return false;
  return true;
}

const BLANK_LF = Buffer.from("\n");
const BLANK_CRLF = Buffer.from("\r\n");
const BLANK_CR = Buffer.from("\r");
const BLANK_NONE = Buffer.alloc(0);

/**
 * The blank line `bytes[start, end)` is, as a constant ("\n", "\r\n", "\r" for a final line
 * without newline, "" for an empty last line), or null when it has content.
 */
function blankLine(bytes: Buffer, start: number, end: number): Buffer | null {
  const n = end - start;
  if (n === 0) return BLANK_NONE;
  if (n === 1) return bytes[start] === LF ? BLANK_LF : bytes[start] === CR ? BLANK_CR : null;
  return n === 2 && bytes[start] === CR && bytes[start + 1] === LF ? BLANK_CRLF : null;
}

/** ">From ", ">>From "...: the mboxrd escape of a body line. */
function isEscapedFrom(bytes: Buffer, start: number, end: number): boolean {
  let i = start;
  while (i < end && bytes[i] === GT) i++;
  return i > start && startsWithFrom(bytes, i, end);
}

/** Why a message over the cap was skipped, in words. */
export function oversizedReason(bytes: number, maxBytes = DEFAULT_MAX_MESSAGE_BYTES): string {
  return `message too large: ${formatBytes(bytes)} (the limit is ${formatBytes(maxBytes)})`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, "")} KB`;
  return `${bytes} bytes`;
}

/**
 * The mbox state machine, fed complete lines as (bytes, start, end). Lines may live in a
 * read buffer that is reused: whatever is kept is copied out before the call returns. With
 * `keep` false it only counts messages (countMboxMessages), so both passes agree on what a
 * message is.
 */
class MboxSplitter {
  /** The message being assembled: `size` bytes of `buffer` (grown as needed, reused). */
  private buffer: Buffer = Buffer.alloc(0);
  private size = 0;
  private oversized = false;
  private hasText = false;
  /** A blank line not yet known to be content (it is dropped if a postmark follows). */
  private held: Buffer | null = null;
  private prevBlank = true; // the start of the file counts as "after a blank line"
  private index = 0;
  readonly out: MboxItem[] = [];

  constructor(
    private readonly keep: boolean,
    private readonly maxBytes: number,
  ) {}

  /**
   * `bytes[start, end)` is one line with its line end. A line too long to keep arrives
   * clipped to its start, with its real length in `fullLength`: the message holding it is
   * then oversized.
   */
  line(bytes: Buffer, start: number, end: number, fullLength = end - start): void {
    if (startsWithFrom(bytes, start, end) && (this.prevBlank || POSTMARK.test(bytes.toString("latin1", start, Math.min(end, start + LINE_PREFIX_BYTES))))) {
      this.held = null;
      this.finish();
      this.prevBlank = false;
      return;
    }
    if (this.held) {
      this.append(this.held, 0, this.held.length, this.held.length);
      this.held = null;
    }
    const blank = blankLine(bytes, start, end);
    if (blank) {
      this.held = blank;
      this.prevBlank = true;
      return;
    }
    this.prevBlank = false;
    this.hasText = true;
    if (isEscapedFrom(bytes, start, end)) this.append(bytes, start + 1, end, fullLength - 1);
    else this.append(bytes, start, end, fullLength);
  }

  end(): void {
    this.held = null; // the blank line closing the last message
    this.finish();
  }

  private append(bytes: Buffer, start: number, end: number, length: number): void {
    if (!this.keep) return;
    const size = this.size + length;
    if (this.oversized) {
      this.size = size;
      return;
    }
    if (size > this.maxBytes || end - start !== length) {
      this.oversized = true;
      this.size = size;
      return;
    }
    if (size > this.buffer.length) {
      const grown = Buffer.allocUnsafeSlow(Math.min(Math.max(size, this.buffer.length * 2, 64 * 1024), Math.max(this.maxBytes, size)));
      this.buffer.copy(grown, 0, 0, this.size);
      this.buffer = grown;
    }
    bytes.copy(this.buffer, this.size, start, end);
    this.size = size;
  }

  private finish(): void {
    if (this.hasText) {
      const index = this.index++;
      // Counting only (keep false): every message counts, whatever its size.
      if (this.keep && this.oversized) {
        this.out.push({
          kind: "oversized",
          index,
          bytes: this.size,
          reason: oversizedReason(this.size, this.maxBytes),
        });
      } else if (this.keep) {
        const raw = Buffer.allocUnsafe(this.size);
        this.buffer.copy(raw, 0, 0, this.size);
        this.out.push({ kind: "message", index, raw });
      }
    }
    // A buffer grown for one big message is not kept for the small ones after it.
    if (this.buffer.length > REUSED_MESSAGE_BUFFER) this.buffer = Buffer.alloc(0);
    this.size = 0;
    this.oversized = false;
    this.hasText = false;
  }

  get count(): number {
    return this.index;
  }
}

/**
 * Splits a file into lines (kept with their line ends) and feeds the splitter. The file is
 * read into one reused buffer, so reading allocates nothing per chunk.
 */
async function* scan(path: string, splitter: MboxSplitter, signal: AbortSignal | undefined, maxLine: number): AsyncGenerator<MboxItem> {
  // The line that continues into the next chunk, copied out of the read buffer: `length`
  // bytes long so far, of which `size` are kept. A line longer than `maxLine` is not kept
  // whole, only its start (enough to tell it is no postmark).
  let partial = Buffer.alloc(0);
  let size = 0;
  let length = 0;
  const addToPartial = (bytes: Buffer, start: number, end: number) => {
    length += end - start;
    const limit = length > maxLine ? LINE_PREFIX_BYTES : length;
    size = Math.min(size, limit);
    const take = Math.min(end - start, limit - size);
    if (take <= 0) return;
    if (size + take > partial.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(size + take, partial.length * 2, 1024));
      partial.copy(grown, 0, 0, size);
      partial = grown;
    }
    bytes.copy(partial, size, start, start + take);
    size += take;
  };

  const handle = await fs.promises.open(path, "r");
  try {
    const chunk = Buffer.allocUnsafeSlow(READ_CHUNK);
    for (;;) {
      signal?.throwIfAborted();
      const { bytesRead } = await handle.read(chunk, 0, READ_CHUNK, null);
      if (bytesRead === 0) break;
      let pos = 0;
      while (pos < bytesRead) {
        const nl = chunk.indexOf(LF, pos);
        if (nl === -1 || nl >= bytesRead) {
          addToPartial(chunk, pos, bytesRead);
          break;
        }
        const end = nl + 1;
        if (length === 0) {
          splitter.line(chunk, pos, end);
        } else {
          addToPartial(chunk, pos, end);
          splitter.line(partial, 0, size, length);
          size = 0;
          length = 0;
        }
        pos = end;
      }
      if (splitter.out.length) {
        const ready = splitter.out.splice(0);
        for (const item of ready) yield item;
      }
    }
    if (length > 0) splitter.line(partial, 0, size, length);
    splitter.end();
    for (const item of splitter.out.splice(0)) yield item;
  } finally {
    await handle.close();
  }
}

/**
 * Yields the messages of an mbox file in order, each as its raw bytes, or as an
 * "oversized" marker for a message over `maxMessageBytes` (its bytes are skipped).
 */
export function readMbox(path: string, options: MboxReadOptions = {}): AsyncGenerator<MboxItem> {
  const maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  return scan(path, new MboxSplitter(true, maxBytes), options.signal, Math.max(maxBytes, LINE_PREFIX_BYTES));
}

/** How many messages readMbox will yield (oversized ones included), in one fast pass. */
export async function countMboxMessages(path: string, options: { signal?: AbortSignal } = {}): Promise<number> {
  const splitter = new MboxSplitter(false, Number.MAX_SAFE_INTEGER);
  for await (const _ of scan(path, splitter, options.signal, LINE_PREFIX_BYTES)) {
    // the splitter counts
  }
  return splitter.count;
}

/** Does this start of a file look like an mbox (a postmark line first)? */
export function looksLikeMbox(head: Buffer): boolean {
  let i = 0;
  // Tolerate a UTF-8 BOM and leading blank lines.
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3;
  while (i < head.length && (head[i] === LF || head[i] === CR)) i++;
  return startsWithFrom(head, i);
}
