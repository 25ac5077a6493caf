import { parentPort, workerData } from "node:worker_threads";
import type { NormalizedMessage } from "@/server/channels/types";
import { useConcatBlobOnThisThread } from "@/server/mail/concat-blob";
import { parseMime } from "@/server/mail/parse-mime";

// A MIME parsing worker (started by parse-pool.ts): answers { id, raw } with { id, message },
// and says { ready: true } once loaded.

export type ParseRequest = { id: number; raw: Uint8Array; providerMessageId?: string };
export type ParseReply = { id: number; message: NormalizedMessage } | { ready: true };

// The pool passes { aivaParseWorker: true }: loaded anywhere else, this file does nothing.
const port = parentPort;
if (port && (workerData as Record<string, unknown> | null)?.aivaParseWorker === true) {
  // This thread only parses: postal-mime may use the faster in-memory Blob here.
  useConcatBlobOnThisThread();
  port.on("message", (request: ParseRequest) => {
    // parseMime never throws.
    void parseMime(request.raw, { providerMessageId: request.providerMessageId }).then((message) =>
      port.postMessage({ id: request.id, message } satisfies ParseReply),
    );
  });
  port.postMessage({ ready: true } satisfies ParseReply);
}
