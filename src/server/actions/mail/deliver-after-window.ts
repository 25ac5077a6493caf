import { after } from "next/server";
import { drainSends } from "@/server/outbox/outbox";

/**
 * Where no worker runs beside the web server (serverless, AIVA_WORKERS=false), the request
 * that queued a message delivers it once the undo window has passed, after answering.
 * With workers, the send queue's worker does it.
 */
export function deliverAfterWindow(sendAt: string): void {
  if (process.env.AIVA_WORKERS !== "false") return;
  after(async () => {
    const wait = new Date(sendAt).getTime() - Date.now() + 250;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    await drainSends(Date.now() + 30_000).catch((error) => console.error("[outbox] could not deliver", error));
  });
}
