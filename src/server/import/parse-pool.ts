import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import type { NormalizedMessage } from "@/server/channels/types";
import { parseMime } from "@/server/mail/parse-mime";

// MIME parsing on worker threads, so a large import parses on the other cores while the
// main thread writes to the database (PGlite runs on the main thread).
//
// This file is also the workers' entry point: started with `workerData.aivaParseWorker`, it
// answers { id, raw } with { id, message }. Workers need to load this file as a module of
// its own (from source through tsx, or as a built file); where they cannot start (e.g.
// inside a bundle), the pool says so and the caller parses on the main thread instead.

type Request = { id: number; raw: Uint8Array; providerMessageId?: string };
type Reply = { id: number; message: NormalizedMessage } | { ready: true };

const WORKER_FLAG = "aivaParseWorker";

if (!isMainThread && parentPort && (workerData as Record<string, unknown> | null)?.[WORKER_FLAG]) {
  const port = parentPort;
  port.on("message", (request: Request) => {
    // parseMime never throws.
    void parseMime(request.raw, { providerMessageId: request.providerMessageId }).then((message) => port.postMessage({ id: request.id, message } satisfies Reply));
  });
  port.postMessage({ ready: true } satisfies Reply);
}

type Pending = { resolve: (message: NormalizedMessage) => void; reject: (error: Error) => void };

export class ParsePool {
  private next = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly load: number[];
  private failure: Error | null = null;

  private constructor(private readonly workers: Worker[]) {
    this.load = workers.map(() => 0);
    workers.forEach((worker, index) => {
      worker.on("message", (reply: Reply) => {
        if ("ready" in reply) return;
        this.load[index]!--;
        const waiter = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        waiter?.resolve(reply.message);
      });
      worker.on("error", (error) => this.fail(error));
      worker.on("exit", (code) => {
        if (code !== 0) this.fail(new Error(`a MIME parsing worker stopped (exit code ${code})`));
      });
    });
  }

  /** Starts `size` workers, or returns null when this runtime cannot run them. */
  static async start(size: number, timeoutMs = 20_000): Promise<ParsePool | null> {
    if (size < 1) return null;
    const workers: Worker[] = [];
    try {
      const url = new URL(import.meta.url);
      if (url.protocol !== "file:") return null;
      const workerData = { [WORKER_FLAG]: true };
      // Run from TypeScript source (the CLI under tsx, tests): a worker does not inherit
      // the loader, so it registers tsx itself before loading this file.
      const fromSource = url.pathname.endsWith(".ts");
      const shim = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
      await Promise.all(
        Array.from({ length: size }, async () => {
          const worker = fromSource ? new Worker(shim, { eval: true, workerData }) : new Worker(url, { workerData });
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

  get size(): number {
    return this.workers.length;
  }

  parse(raw: Buffer, providerMessageId?: string): Promise<NormalizedMessage> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.next++;
    // The least busy worker; the bytes are copied (a Buffer may share a pooled ArrayBuffer).
    let index = 0;
    for (let i = 1; i < this.load.length; i++) if (this.load[i]! < this.load[index]!) index = i;
    this.load[index]!++;
    return new Promise<NormalizedMessage>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.workers[index]!.postMessage({
        id,
        raw: new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength),
        providerMessageId,
      } satisfies Request);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate().catch(() => 0)));
    this.fail(new Error("the MIME parsing pool was closed"));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.pending.values()) waiter.reject(this.failure);
    this.pending.clear();
  }
}
