import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { NormalizedMessage } from "@/server/channels/types";
import type { ParseReply, ParseRequest } from "./parse-worker";

// MIME parsing on worker threads, so a large import parses on the other cores while the
// main thread writes to the database (PGlite runs on the main thread).
//
// The workers run parse-worker.ts, which answers { id, raw } with { id, message }. They need
// to load it as a module of its own (from source through tsx, or as a built file); where
// they cannot start (e.g. inside a bundle), the pool says so and the caller parses on the
// main thread instead. This side never loads the MIME parser unless it has to parse itself.
//
// A worker's heap is kept small (WORKER_LIMITS): left alone, V8 let each worker grow to
// ~85 MB, mostly garbage. Should a worker stop, what it was parsing is parsed on the
// calling thread instead, and the pool goes on with the workers it has left (or none): a
// slower import, never a failed one.

/**
 * A small young generation: parsing makes short-lived garbage, and every MB of it is
 * resident. The old generation's cap makes V8 size the heap for it and collect sooner; it
 * is far above what a message needs (a 57 MB text or HTML body parses within it). Beyond it
 * V8 ends the whole process, not the worker, so it must stay generous.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 1024 };

/** parseMime, loaded on first use. */
async function parseHere(raw: Buffer, providerMessageId?: string): Promise<NormalizedMessage> {
  const { parseMime } = await import("@/server/mail/parse-mime");
  return parseMime(raw, { providerMessageId });
}

type Pending = {
  raw: Buffer;
  providerMessageId?: string;
  worker: Worker;
  resolve: (message: NormalizedMessage) => void;
  reject: (error: Error) => void;
};

export class ParsePool {
  private next = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly load = new Map<Worker, number>();
  private closed: Error | null = null;

  private constructor(workers: Worker[]) {
    for (const worker of workers) {
      this.load.set(worker, 0);
      worker.on("message", (reply: ParseReply) => {
        if ("ready" in reply) return;
        const waiter = this.pending.get(reply.id);
        if (!waiter) return;
        this.pending.delete(reply.id);
        this.load.set(worker, (this.load.get(worker) ?? 1) - 1);
        waiter.resolve(reply.message);
      });
      worker.on("error", (error) => this.lose(worker, error));
      worker.on("exit", (code) => this.lose(worker, new Error(`a MIME parsing worker stopped (exit code ${code})`)));
    }
  }

  /** Starts `size` workers, or returns null when this runtime cannot run them. */
  static async start(size: number, timeoutMs = 20_000): Promise<ParsePool | null> {
    if (size < 1) return null;
    const workers: Worker[] = [];
    try {
      const self = new URL(import.meta.url);
      if (self.protocol !== "file:") return null;
      // The worker's file beside this one, in the same form (.ts from source, .js built).
      const url = new URL(`./parse-worker${path.extname(self.pathname)}`, self);
      // Run from TypeScript source (the CLI under tsx, tests): a worker does not inherit
      // the loader, so it registers tsx itself before loading its file. tsx's require hook
      // (CommonJS) transforms on the worker's own thread; its ESM loader would start one
      // more thread per worker, which stayed ~35 MB larger.
      const fromSource = url.pathname.endsWith(".ts");
      const tsxRequireHook = fromSource ? createRequire(url).resolve("tsx/cjs/api") : "";
      const shim = `require(${JSON.stringify(tsxRequireHook)}).register(); require(${JSON.stringify(fileURLToPath(url))});`;
      const options = { resourceLimits: WORKER_LIMITS, workerData: { aivaParseWorker: true } };
      await Promise.all(
        Array.from({ length: size }, async () => {
          const worker = fromSource ? new Worker(shim, { ...options, eval: true }) : new Worker(url, options);
          workers.push(worker);
          await new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error("worker did not start in time")), timeoutMs);
            worker.once("message", () => {
              clearTimeout(timer);
              resolve();
            });
            worker.once("error", (error) => {
              clearTimeout(timer);
              reject(error);
            });
            worker.once("exit", (code) => {
              clearTimeout(timer);
              reject(new Error(`worker exited with code ${code}`));
            });
          });
        }),
      );
      return new ParsePool(workers);
    } catch {
      await Promise.all(workers.map((w) => w.terminate().catch(() => 0)));
      return null;
    }
  }

  /** Workers still running. */
  get size(): number {
    return this.load.size;
  }

  parse(raw: Buffer, providerMessageId?: string): Promise<NormalizedMessage> {
    if (this.closed) return Promise.reject(this.closed);
    // The least busy worker; none left: here.
    let worker: Worker | null = null;
    for (const [candidate, load] of this.load) if (!worker || load < this.load.get(worker)!) worker = candidate;
    if (!worker) return parseHere(raw, providerMessageId);
    const id = this.next++;
    this.load.set(worker, this.load.get(worker)! + 1);
    // The bytes are copied once into a buffer of their own and moved to the worker (a
    // Buffer may be a slice of a shared pool, which posting would copy whole).
    const bytes = new Uint8Array(raw.byteLength);
    bytes.set(raw);
    const target = worker;
    return new Promise<NormalizedMessage>((resolve, reject) => {
      this.pending.set(id, { raw, providerMessageId, worker: target, resolve, reject });
      target.postMessage({ id, raw: bytes, providerMessageId } satisfies ParseRequest, [bytes.buffer]);
    });
  }

  async close(): Promise<void> {
    this.closed ??= new Error("the MIME parsing pool was closed");
    const workers = [...this.load.keys()];
    this.load.clear();
    await Promise.all(workers.map((w) => w.terminate().catch(() => 0)));
    for (const waiter of this.pending.values()) waiter.reject(this.closed);
    this.pending.clear();
  }

  /** A worker died: what it had is parsed here, and it gets no more work. */
  private lose(worker: Worker, error: Error): void {
    if (this.closed || !this.load.delete(worker)) return;
    console.error(`[import] a MIME parsing worker failed; parsing its messages on the main thread instead: ${error.message}`);
    void worker.terminate().catch(() => 0);
    for (const [id, waiter] of this.pending) {
      if (waiter.worker !== worker) continue;
      this.pending.delete(id);
      void parseHere(waiter.raw, waiter.providerMessageId).then(waiter.resolve, waiter.reject);
    }
  }
}
