import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { localEngine } from "./engine";
import { listEmlFiles, runEval } from "./eval-runner";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "aiva-eval-test-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function write(relative: string, content: string) {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

// Minimal wrappers as a harness writes them: no Message-ID, plain body.
write(
  "b/request.eml",
  "From: Pat Sender <pat@example.com>\r\nTo: Robin Reader <robin@example.com>\r\nDate: Mon, 14 May 2001 10:00:00 -0700\r\nSubject: Budget\r\n\r\nCould you send me the budget by Friday?\r\n",
);
write("a/news.eml", "From: x@example.com\r\nTo: y@example.com\r\nDate: Fri, 13 Feb 1998 15:44:00 +0000\r\nSubject: News\r\n\r\nPolice found the body Friday.\r\n");
write("a/broken.eml", "");
write("a/ignored.txt", "not mail");

describe("eval runner", () => {
  test("walks .eml files recursively, sorted", async () => {
    expect(await listEmlFiles(root)).toEqual(["a/broken.eml", "a/news.eml", "b/request.eml"]);
  });

  test("one record per file, in the documented shape", async () => {
    const records: unknown[] = [];
    const { results, stats } = await runEval({ corpus: root, engine: localEngine, onRecord: (r) => void records.push(r) });
    expect(stats.files).toBe(3);
    expect(records.map((r) => (r as { file: string }).file)).toEqual(["a/broken.eml", "a/news.eml", "b/request.eml"]);
    const request = results[2]!.record;
    expect(Object.keys(request)).toEqual(["file", "category", "priority", "actionability", "spam", "bulk", "tasks", "meeting", "dates"]);
    expect(request.tasks).toEqual([{ title: "Send Pat the budget", due: "2001-05-18" }]);
    expect(request.meeting).toEqual({ detected: false, start: null });
    expect(request.dates).toEqual([{ text: "Friday", value: "2001-05-18" }]);
    expect(results[1]!.record.dates).toEqual([{ text: "Friday", value: "1998-02-13" }]);
    // An empty file still gets a line.
    expect(results[0]!.record.file).toBe("a/broken.eml");
    expect(JSON.parse(JSON.stringify(results[0]!.record)).tasks).toEqual([]);
  });
});
