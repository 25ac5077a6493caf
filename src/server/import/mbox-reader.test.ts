import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MboxItem, countMboxMessages, looksLikeMbox, readMbox } from "./mbox-reader";

let dir: string;
let n = 0;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "aiva-mbox-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(content: string | Buffer): string {
  const p = path.join(dir, `f${n++}.mbox`);
  fs.writeFileSync(p, content);
  return p;
}

async function read(p: string, maxMessageBytes?: number): Promise<MboxItem[]> {
  const items: MboxItem[] = [];
  for await (const item of readMbox(p, { maxMessageBytes })) items.push(item);
  // Both passes agree on the number of messages.
  expect(await countMboxMessages(p)).toBe(items.length);
  return items;
}

async function texts(p: string): Promise<string[]> {
  return (await read(p)).map((item) => (item.kind === "message" ? item.raw.toString("utf8") : `<${item.kind}>`));
}

const POSTMARK = "From sender@example.com Thu Jan  1 00:00:00 2026";

describe("readMbox", () => {
  it("splits on postmarks, drops the separating blank line and keeps the messages byte for byte", async () => {
    const a = "From: a@example.com\nSubject: one\n\nHello\n";
    const b = "From: b@example.com\nSubject: two\n\nBye\n\n\nwith blank lines\n";
    expect(await texts(file(`${POSTMARK}\n${a}\n${POSTMARK}\n${b}\n`))).toEqual([a, b]);
  });

  it("unescapes >From and >>From lines (mboxrd) and leaves other > lines alone", async () => {
    const p = file(`${POSTMARK}\nSubject: x\n\n>From the start\n>>From deeper\n> quoted\n>Fromage\n\n`);
    expect(await texts(p)).toEqual(["Subject: x\n\nFrom the start\n>From deeper\n> quoted\n>Fromage\n"]);
  });

  it("keeps CRLF line ends and splits CRLF files", async () => {
    const a = "Subject: one\r\n\r\nHello\r\n";
    const b = "Subject: two\r\n\r\n>From here\r\nBye\r\n";
    const p = file(`${POSTMARK}\r\n${a}\r\n${POSTMARK}\r\n${b}\r\n`);
    expect(await texts(p)).toEqual([a, "Subject: two\r\n\r\nFrom here\r\nBye\r\n"]);
  });

  it("reads a last message without a trailing newline", async () => {
    const p = file(`${POSTMARK}\nSubject: one\n\nA\n\n${POSTMARK}\nSubject: two\n\nlast line`);
    expect(await texts(p)).toEqual(["Subject: one\n\nA\n", "Subject: two\n\nlast line"]);
  });

  it("yields nothing for an empty file or one with only blank lines", async () => {
    expect(await texts(file(""))).toEqual([]);
    expect(await texts(file("\n\r\n\n"))).toEqual([]);
    expect(await texts(file(`${POSTMARK}\n`))).toEqual([]);
  });

  it("does not split on a 'From ' body line that does not follow a blank line", async () => {
    const body = "Subject: quote\n\nHe wrote:\nFrom what I hear, it works.\nFrom me to you\n";
    expect(await texts(file(`${POSTMARK}\n${body}\n${POSTMARK}\nSubject: 2\n\nx\n`))).toEqual([body, "Subject: 2\n\nx\n"]);
  });

  it("splits on a complete postmark even without a blank line before it (lenient writers)", async () => {
    const p = file(`${POSTMARK}\nSubject: 1\n\nx\nFrom 1768000000000000000@xxx Wed Jan 08 15:39:59 +0000 2025\nSubject: 2\n\ny\n`);
    expect(await texts(p)).toEqual(["Subject: 1\n\nx\n", "Subject: 2\n\ny\n"]);
  });

  it("treats leading content without a postmark as a message", async () => {
    expect(await texts(file("Subject: bare\n\nbody\n"))).toEqual(["Subject: bare\n\nbody\n"]);
  });

  it("skips a message over the size cap with a marker and goes on with the next", async () => {
    const big = `Subject: big\n\n${"x".repeat(200)}\n`.repeat(20); // ~4 KB
    const p = file(`${POSTMARK}\nSubject: a\n\n1\n\n${POSTMARK}\n${big}\n${POSTMARK}\nSubject: c\n\n3\n`);
    const items = await read(p, 1024);
    expect(items.map((i) => i.kind)).toEqual(["message", "oversized", "message"]);
    expect(items.map((i) => i.index)).toEqual([0, 1, 2]);
    const skipped = items[1]!;
    expect(skipped.kind === "oversized" && skipped.reason).toMatch(/too large/);
    expect(skipped.kind === "oversized" && skipped.bytes).toBe(Buffer.byteLength(big));
    expect(items[2]!.kind === "message" && items[2]!.raw.toString()).toBe("Subject: c\n\n3\n");
  });

  it("skips a single line longer than the cap that spans read chunks, without holding it", async () => {
    const huge = "y".repeat(3 * 1024 * 1024); // three read chunks, one line
    const p = file(`${POSTMARK}\nSubject: a\n\n${huge}\n\n${POSTMARK}\nSubject: b\n\nok\n`);
    const items = await read(p, 1024 * 1024);
    expect(items.map((i) => i.kind)).toEqual(["oversized", "message"]);
    expect(items[1]!.kind === "message" && items[1]!.raw.toString()).toBe("Subject: b\n\nok\n");
  });

  it("joins lines and messages that straddle read chunks", async () => {
    const messages = Array.from({ length: 300 }, (_, i) => `Subject: m${i}\n\n${"body line ".repeat(400 + (i % 37))}\n>From escaped ${i}\n`);
    const p = file(messages.map((m) => `${POSTMARK}\n${m}\n`).join(""));
    expect(fs.statSync(p).size).toBeGreaterThan(1024 * 1024);
    const got = await texts(p);
    expect(got).toHaveLength(300);
    expect(got[123]).toBe(messages[123]!.replace(">From escaped", "From escaped"));
  });
});

describe("looksLikeMbox", () => {
  it("recognizes a postmark at the start", () => {
    expect(looksLikeMbox(Buffer.from(`${POSTMARK}\nSubject: x`))).toBe(true);
    expect(looksLikeMbox(Buffer.from(`\ufeff\n${POSTMARK}`))).toBe(true);
    expect(looksLikeMbox(Buffer.from("From: a@example.com\nSubject: x"))).toBe(false);
    expect(looksLikeMbox(Buffer.from("Received: by x\n"))).toBe(false);
  });
});
