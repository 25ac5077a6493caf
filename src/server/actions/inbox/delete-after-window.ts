import { after } from "next/server";
import { drainTrash } from "@/server/inbox/trash-queue";

/**
 * Where no worker runs beside the web server (serverless, AIVA_WORKERS=false), the request
 * that deleted a message moves it to the provider's Trash once the undo window has passed,
 * after answering. With workers, the trash queue's worker does it.
 */
export function deleteAfterWindow(deleteAt: string): void {
  if (process.env.AIVA_WORKERS !== "false") return;
  after(async () => {
    const wait = new Date(deleteAt).getTime() - Date.now() + 250;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    await drainTrash(Date.now() + 30_000).catch((error) => console.error("[trash] could not delete", error));
  });
}
