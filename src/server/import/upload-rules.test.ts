import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ApiError } from "@/server/http/api-error";
import {
  DEFAULT_IMPORT_MAX_BYTES,
  formatLimit,
  importMaxBytes,
  importsDir,
  looksLikeMbox,
  parseUploadQuery,
  streamToFile,
} from "./upload-rules";

const WORKSPACE = "6f1c3f0e-8a59-4d59-9a53-1d1f6b0c2e7a";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aiva-upload-rules-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function query(values: Record<string, string>) {
  return new URLSearchParams(values);
}

async function refusal(work: () => unknown): Promise<ApiError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("expected an ApiError");
}

function streamOf(...chunks: (string | Buffer)[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new Uint8Array(Buffer.from(chunk)));
      controller.close();
    },
  });
}

let n = 0;
const dest = () => path.join(dir, `upload-${++n}.part`);

describe("upload query", () => {
  it("accepts .mbox and .eml by name, keeping only the last path segment", () => {
    expect(parseUploadQuery(query({ workspaceId: WORKSPACE, name: "All mail.mbox" }))).toEqual({
      workspaceId: WORKSPACE,
      fileName: "All mail.mbox",
      kind: "mbox",
    });
    expect(parseUploadQuery(query({ workspaceId: WORKSPACE, name: "C:\\Users\\ada\\Invoice.EML" }))).toMatchObject({
      fileName: "Invoice.EML",
      kind: "eml",
    });
    expect(parseUploadQuery(query({ workspaceId: WORKSPACE, name: "../../etc/Inbox.mbx" }))).toMatchObject({
      fileName: "Inbox.mbx",
      kind: "mbox",
    });
  });

  it("answers 400 for a bad workspace id or a missing name, 415 for other files", async () => {
    expect((await refusal(() => parseUploadQuery(query({ workspaceId: "nope", name: "a.mbox" })))).status).toBe(400);
    expect((await refusal(() => parseUploadQuery(query({ workspaceId: WORKSPACE })))).status).toBe(400);
    expect((await refusal(() => parseUploadQuery(query({ workspaceId: WORKSPACE, name: "  " })))).status).toBe(400);
    const pdf = await refusal(() => parseUploadQuery(query({ workspaceId: WORKSPACE, name: "report.pdf" })));
    expect(pdf.status).toBe(415);
    expect(pdf.message).toContain(".mbox and .eml");
    expect((await refusal(() => parseUploadQuery(query({ workspaceId: WORKSPACE, name: "mbox" })))).status).toBe(415);
  });
});

describe("limits and places", () => {
  it("reads AIVA_IMPORT_MAX_BYTES, falling back to 4 GiB", () => {
    expect(importMaxBytes({})).toBe(DEFAULT_IMPORT_MAX_BYTES);
    expect(importMaxBytes({ AIVA_IMPORT_MAX_BYTES: "1048576" })).toBe(1048576);
    expect(importMaxBytes({ AIVA_IMPORT_MAX_BYTES: "lots" })).toBe(DEFAULT_IMPORT_MAX_BYTES);
    expect(formatLimit(DEFAULT_IMPORT_MAX_BYTES)).toBe("4 GiB");
  });

  it("keeps uploads in the data folder, or the temp folder with DATABASE_URL", () => {
    expect(importsDir({ DATABASE_URL: "postgres://x/y" })).toBe(path.join(os.tmpdir(), "aiva-imports"));
    expect(importsDir({})).toMatch(/imports$/);
  });
});

describe("streaming an upload to disk", () => {
  it("writes every byte", async () => {
    const file = dest();
    const bytes = await streamToFile(streamOf("From a@b Mon Jan  1 00:00:00 2024\n", "Subject: hi\n\nbody\n"), file, {
      maxBytes: 1000,
    });
    expect(bytes).toBe(fs.statSync(file).size);
    expect(fs.readFileSync(file, "utf8")).toContain("Subject: hi");
  });

  it("stops at the size limit with 413 and leaves no partial file", async () => {
    const file = dest();
    const error = await refusal(() => streamToFile(streamOf("x".repeat(600), "y".repeat(600)), file, { maxBytes: 1000 }));
    expect(error.status).toBe(413);
    expect(fs.existsSync(file)).toBe(false);
  });

  it("refuses a .txt that is not an mbox (415), and takes one that is", async () => {
    const file = dest();
    const error = await refusal(() =>
      streamToFile(streamOf("Dear diary,\n".repeat(100)), file, { maxBytes: 1e6, mustLookLikeMbox: true, fileName: "diary.txt" }),
    );
    expect(error.status).toBe(415);
    expect(error.message).toContain("diary.txt");
    expect(fs.existsSync(file)).toBe(false);

    // Short files are judged at the end; the sniffed bytes are still written.
    const ok = dest();
    await streamToFile(streamOf("\nFrom a@b Mon Jan  1 00:00:00 2024\n", "\nhi\n"), ok, { maxBytes: 1e6, mustLookLikeMbox: true });
    expect(fs.readFileSync(ok, "utf8")).toBe("\nFrom a@b Mon Jan  1 00:00:00 2024\n\nhi\n");
  });

  it("recognizes an mbox start", () => {
    expect(looksLikeMbox(Buffer.from("From MAILER-DAEMON Fri Jul  8 12:08:34 2011\n"))).toBe(true);
    expect(looksLikeMbox(Buffer.from("\uFEFFFrom x"))).toBe(true);
    expect(looksLikeMbox(Buffer.from("Return-Path: <a@b>\n"))).toBe(false);
  });
});
