import { describe, expect, it } from "vitest";
import { parseMime } from "@/server/mail/parse-mime";
import { binaryBytes, mimeWithAttachments } from "../../../tests/helpers/mime-attachments";
import { AttachmentError } from "./attachment-error";
import { extractAttachment } from "./extract-attachment";

const pdf = binaryBytes(5000);
const csv = Buffer.from("name,amount\nAda,12\n", "utf8");
const source = mimeWithAttachments({ From: "dana@client.test", To: "ada@example.com", Subject: "Files", "Message-ID": "<files-1@client.test>" }, "See attached.", [
  { filename: "logo.png", mimeType: "image/png", bytes: binaryBytes(300, 3), disposition: "inline", contentId: "logo@x" },
  { filename: "report.pdf", mimeType: "application/pdf", bytes: pdf },
  { filename: "Übersicht 2026.csv", mimeType: "text/csv", bytes: csv },
]);

describe("extractAttachment", () => {
  it("finds each attachment by its stored index, byte for byte", async () => {
    const stored = (await parseMime(source)).attachments;
    expect(stored.map((a) => a.filename)).toEqual(["logo.png", "report.pdf", "Übersicht 2026.csv"]);
    const report = await extractAttachment(source, 1, stored[1]!);
    expect(Buffer.from(report.bytes).equals(pdf)).toBe(true);
    expect(report.meta).toEqual(stored[1]);
    const sheet = await extractAttachment(source, 2, stored[2]!);
    expect(Buffer.from(sheet.bytes).toString("utf8")).toBe(csv.toString("utf8"));
  });

  it("refuses when the part at that index isn't the one stored (name, type or size differ)", async () => {
    const stored = (await parseMime(source)).attachments;
    for (const changed of [
      { ...stored[1]!, filename: "other.pdf" },
      { ...stored[1]!, mimeType: "application/zip" },
      { ...stored[1]!, size: stored[1]!.size + 1 },
    ]) {
      const error = await extractAttachment(source, 1, changed).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AttachmentError);
      expect((error as AttachmentError).reason).toBe("changed");
      expect((error as Error).message).toMatch(/no longer matches/);
    }
    // The right metadata at the wrong index is refused too.
    await expect(extractAttachment(source, 2, stored[1]!)).rejects.toMatchObject({ reason: "changed" });
  });

  it("refuses an index past the end, and a source that is not the message any more", async () => {
    const stored = (await parseMime(source)).attachments;
    await expect(extractAttachment(source, 3, stored[1]!)).rejects.toMatchObject({ reason: "changed" });
    await expect(extractAttachment(Buffer.from("Subject: hi\r\n\r\nno parts\r\n"), 1, stored[1]!)).rejects.toMatchObject({ reason: "changed" });
    await expect(extractAttachment(Buffer.alloc(0), 0, stored[0]!)).rejects.toMatchObject({ reason: "changed" });
  });
});
