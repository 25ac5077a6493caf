import { afterEach, describe, expect, it } from "vitest";
import { parseMime } from "@/server/mail/parse-mime";
import { ParsePool } from "./parse-pool";

const mail = (i: number, body = `Message ${i}.`) =>
  Buffer.from(
    [`From: Person ${i} <p${i}@mail.test>`, "To: ada@example.com", `Subject: Number ${i}`, `Message-ID: <m${i}@mail.test>`, "Content-Type: text/plain; charset=utf-8", "", body, ""].join("\r\n"),
  );

let pool: ParsePool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

describe("ParsePool", () => {
  it("parses on workers exactly as on this thread", async () => {
    pool = await ParsePool.start(2);
    expect(pool?.size).toBe(2);
    const raws = Array.from({ length: 20 }, (_, i) => mail(i));
    const onWorkers = await Promise.all(raws.map((raw) => pool!.parse(raw)));
    const here = await Promise.all(raws.map((raw) => parseMime(raw)));
    expect(onWorkers).toEqual(here);
  });

  it("parses here what a worker that stopped was parsing, and goes on without it", async () => {
    pool = await ParsePool.start(1);
    expect(pool?.size).toBe(1);
    const raws = Array.from({ length: 30 }, (_, i) => mail(i));
    const parsing = raws.map((raw) => pool!.parse(raw));
    // The worker stops (as after a crash) with requests in flight.
    const [worker] = [...(pool as unknown as { load: Map<import("node:worker_threads").Worker, number> }).load.keys()];
    await worker!.terminate();
    const parsed = await Promise.all(parsing);
    expect(parsed.map((m) => m.subject)).toEqual(raws.map((_, i) => `Number ${i}`));
    expect(pool!.size).toBe(0);
    expect((await pool!.parse(mail(99))).subject).toBe("Number 99");
  });
});
