// postal-mime assembles every decoded MIME part as `await new Blob(chunks).arrayBuffer()`,
// one chunk per line. Node's Blob copies each chunk into native memory and reads the parts
// back through an asynchronous stream, a microtask hop per part: for ordinary mail that was
// a third of all MIME parsing. ConcatBlob is the same in-memory Blob done with one copy.
//
// It stands in for the global Blob only on the MIME parsing workers (parse-pool.ts), threads
// that run nothing else. Everywhere else postal-mime uses Node's own Blob.

type Part = string | ArrayBuffer | ArrayBufferView | Blob | ConcatBlob;

const NodeBlob = globalThis.Blob;

export class ConcatBlob {
  readonly type: string;
  readonly size: number;
  /** The content, copied once at construction as a Blob does (the parts may change later). */
  private readonly content: Uint8Array | null;
  /** A part this class cannot read synchronously (a native Blob): everything is delegated. */
  private readonly native: Blob | null;

  constructor(parts: Iterable<Part> = [], options: { type?: string } = {}) {
    this.type = (options.type ?? "").toLowerCase();
    const list = [...parts].map((p) => (p instanceof ConcatBlob && p.content ? p.content : p));
    if (list.some((p) => p instanceof NodeBlob || p instanceof ConcatBlob)) {
      this.native = new NodeBlob(list.map((p) => (p instanceof ConcatBlob ? p.native! : p)) as BlobPart[], options);
      this.content = null;
      this.size = this.native.size;
      return;
    }
    const bytesOnly = list as (string | ArrayBuffer | ArrayBufferView)[];
    this.native = null;
    let size = 0;
    for (const part of bytesOnly) size += typeof part === "string" ? Buffer.byteLength(part) : byteView(part).byteLength;
    const out = Buffer.allocUnsafeSlow(size);
    let at = 0;
    for (const part of bytesOnly) {
      if (typeof part === "string") at += out.write(part, at, "utf8");
      else {
        const view = byteView(part);
        out.set(view, at);
        at += view.byteLength;
      }
    }
    this.content = out;
    this.size = size;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.native) return this.native.arrayBuffer();
    return this.copy().buffer as ArrayBuffer;
  }

  async text(): Promise<string> {
    if (this.native) return this.native.text();
    return new TextDecoder().decode(this.content!);
  }

  slice(start?: number, end?: number, type?: string): Blob {
    return this.toNative().slice(start, end, type);
  }

  stream(): ReadableStream<Uint8Array> {
    return this.toNative().stream() as ReadableStream<Uint8Array>;
  }

  get [Symbol.toStringTag](): string {
    return "Blob";
  }

  /** A fresh copy of the content, on an ArrayBuffer of its own. */
  private copy(): Uint8Array<ArrayBuffer> {
    if (!this.content) throw new Error("ConcatBlob: no bytes");
    const out = new Uint8Array(this.content.byteLength);
    out.set(this.content);
    return out;
  }

  private toNative(): Blob {
    return this.native ?? new NodeBlob([this.copy() as Uint8Array<ArrayBuffer>], { type: this.type });
  }
}

function byteView(part: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (part instanceof Uint8Array) return part;
  if (ArrayBuffer.isView(part)) return new Uint8Array(part.buffer, part.byteOffset, part.byteLength);
  return new Uint8Array(part);
}

/** Makes ConcatBlob the global Blob of this thread. Only for threads that do nothing but parse. */
export function useConcatBlobOnThisThread(): void {
  (globalThis as { Blob: unknown }).Blob = ConcatBlob;
}
