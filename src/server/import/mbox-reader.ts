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

const READ_CHUNK = 1024 * 1024;
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

function startsWithFrom(line: Buffer, offset = 0): boolean {
  if (line.length < offset + 5) return false;
  for (let i = 0; i < 5; i++) if (line[offset + i] !== FROM_[i]) return false;
  return true;
}

function isBlank(line: Buffer): boolean {
  // "\n", "\r\n", "\r" (a final line without newline), or "" (empty last line).
  const n = line.length;
  if (n === 0) return true;
  if (n === 1) return line[0] === LF || line[0] === CR;
  return n === 2 && line[0] === CR && line[1] === LF;
}

/** ">From ", ">>From "...: the mboxrd escape of a body line. */
function isEscapedFrom(line: Buffer): boolean {
  let i = 0;
  while (i < line.length && line[i] === GT) i++;
  return i > 0 && startsWithFrom(line, i);
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
 * The mbox state machine, fed complete lines. With `keep` false it only counts messages
 * (countMboxMessages), so both passes agree on what a message is.
 */
class MboxSplitter {
  private pieces: Buffer[] = [];
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
   * `line` includes its line end. A line too long to keep arrives clipped to its start, with
   * its real length in `fullLength`: the message holding it is then oversized.
   */
  line(line: Buffer, fullLength = line.length): void {
    if (startsWithFrom(line) && (this.prevBlank || POSTMARK.test(line.subarray(0, LINE_PREFIX_BYTES).toString("latin1")))) {
      this.held = null;
      this.finish();
      this.prevBlank = false;
      return;
    }
    if (this.held) {
      this.append(this.held, this.held.length);
      this.held = null;
    }
    if (isBlank(line)) {
      this.held = line;
      this.prevBlank = true;
      return;
    }
    this.prevBlank = false;
    this.hasText = true;
    if (isEscapedFrom(line)) this.append(line.subarray(1), fullLength - 1);
    else this.append(line, fullLength);
  }

  end(): void {
    this.held = null; // the blank line closing the last message
    this.finish();
  }

  private append(piece: Buffer, length: number): void {
    if (!this.keep) return;
    this.size += length;
    if (this.oversized) return;
    if (this.size > this.maxBytes || piece.length !== length) {
      this.oversized = true;
      this.pieces = [];
      return;
    }
    // Consecutive lines of one chunk are one slice: fewer pieces to concatenate.
    const last = this.pieces[this.pieces.length - 1];
    if (last && last.buffer === piece.buffer && last.byteOffset + last.length === piece.byteOffset) {
      this.pieces[this.pieces.length - 1] = Buffer.from(last.buffer, last.byteOffset, last.length + piece.length);
    } else {
      this.pieces.push(piece);
    }
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
        this.out.push({ kind: "message", index, raw: Buffer.concat(this.pieces, this.size) });
      }
    }
    this.pieces = [];
    this.size = 0;
    this.oversized = false;
    this.hasText = false;
  }

  get count(): number {
    return this.index;
  }
}

/** Splits a byte stream into lines (kept with their line ends) and feeds the splitter. */
async function* scan(path: string, splitter: MboxSplitter, signal: AbortSignal | undefined, maxLine: number): AsyncGenerator<MboxItem> {
  // The incomplete last line of the previous chunk(s). A line longer than `maxLine` is not
  // kept whole: only its start (enough to tell it is no postmark) and its length.
  let partial: Buffer[] = [];
  let partialLength = 0;
  let clipped = false;

  const stream = fs.createReadStream(path, { highWaterMark: READ_CHUNK });
  try {
    for await (const data of stream) {
      signal?.throwIfAborted();
      const chunk = data as Buffer;
      let pos = 0;
      while (pos < chunk.length) {
        const nl = chunk.indexOf(LF, pos);
        const end = nl === -1 ? chunk.length : nl + 1;
        const segment = chunk.subarray(pos, end);
        pos = end;
        if (nl === -1) {
          // The line continues in the next chunk.
          partialLength += segment.length;
          if (!clipped) {
            partial.push(segment);
            if (partialLength > maxLine) {
              partial = [Buffer.concat(partial).subarray(0, LINE_PREFIX_BYTES)];
              clipped = true;
            }
          }
          break;
        }
        if (partialLength === 0) {
          splitter.line(segment);
        } else {
          const length = partialLength + segment.length;
          if (!clipped && length > maxLine) {
            partial = [Buffer.concat(partial).subarray(0, LINE_PREFIX_BYTES)];
            clipped = true;
          }
          if (clipped) splitter.line(Buffer.concat([partial[0]!, segment.subarray(0, LINE_PREFIX_BYTES)]), length);
          else splitter.line(Buffer.concat([...partial, segment], length));
        }
        partial = [];
        partialLength = 0;
        clipped = false;
      }
      if (splitter.out.length) {
        const ready = splitter.out.splice(0);
        for (const item of ready) yield item;
      }
    }
    if (partialLength > 0) splitter.line(clipped ? partial[0]! : Buffer.concat(partial, partialLength), partialLength);
    splitter.end();
    for (const item of splitter.out.splice(0)) yield item;
  } finally {
    stream.destroy();
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
