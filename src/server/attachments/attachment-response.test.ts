import { describe, expect, it, vi } from "vitest";
import { ApiError } from "@/server/http/api-error";
import { AttachmentError } from "./attachment-error";
import { attachmentErrorResponse, attachmentResponse, contentDisposition, safeContentType, safeFilename } from "./attachment-response";

const meta = (filename: string | null, mimeType: string) => ({ filename, mimeType, size: 3, contentId: null, disposition: "attachment" as const });

describe("safeContentType", () => {
  it("keeps ordinary types and drops parameters", () => {
    expect(safeContentType("application/pdf")).toBe("application/pdf");
    expect(safeContentType("image/PNG")).toBe("image/png");
    expect(safeContentType("text/plain; charset=iso-8859-1")).toBe("text/plain");
  });

  it("never lets the browser render markup or script", () => {
    for (const type of ["text/html", "application/xhtml+xml", "image/svg+xml", "text/xml", "application/xml", "text/javascript", "application/javascript", "application/x-sh", "text/xsl"]) {
      expect(safeContentType(type), type).toBe("application/octet-stream");
    }
  });

  it("turns malformed and unusual types into octet-stream", () => {
    for (const type of ["", "pdf", "multipart/mixed", "message/rfc822", "text/plain\r\nX-Evil: 1", "application/", "x/y"]) {
      expect(safeContentType(type), JSON.stringify(type)).toBe("application/octet-stream");
    }
  });
});

describe("safeFilename", () => {
  it("keeps a normal name, Unicode included", () => {
    expect(safeFilename("report.pdf", "application/pdf")).toBe("report.pdf");
    expect(safeFilename("Rapport d’été ✓.pdf", "application/pdf")).toBe("Rapport d’été ✓.pdf");
  });

  it("can't climb out of a folder, hide its extension or break a header", () => {
    expect(safeFilename("../../etc/passwd", "text/plain")).toBe("_.._etc_passwd");
    expect(safeFilename("..\\..\\boot.ini", "text/plain")).toBe("_.._boot.ini");
    expect(safeFilename("invoice\u202Efdp.exe", "application/pdf")).toBe("invoicefdp.exe");
    expect(safeFilename('a"b\r\nX-Evil: 1.txt', "text/plain")).toBe("a_bX-Evil_ 1.txt");
    expect(safeFilename(".bashrc", "text/plain")).toBe("bashrc");
  });

  it("names nameless attachments by type, and shortens long names keeping the extension", () => {
    expect(safeFilename(null, "application/pdf")).toBe("attachment.pdf");
    expect(safeFilename("   ", "application/x-unknown")).toBe("attachment.bin");
    expect(safeFilename("...", "message/rfc822")).toBe("attachment.eml");
    const long = safeFilename(`${"a".repeat(300)}.docx`, "application/octet-stream");
    expect(Array.from(long)).toHaveLength(180);
    expect(long.endsWith(".docx")).toBe(true);
  });
});

describe("contentDisposition", () => {
  it("is an attachment with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987)", () => {
    expect(contentDisposition("report.pdf")).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
    expect(contentDisposition("Rapport d’été (v2)*.pdf")).toBe(
      `attachment; filename="Rapport d__t_ (v2)*.pdf"; filename*=UTF-8''Rapport%20d%E2%80%99%C3%A9t%C3%A9%20%28v2%29%2A.pdf`,
    );
    expect(contentDisposition("100%.txt")).toBe(`attachment; filename="100_.txt"; filename*=UTF-8''100%25.txt`);
  });
});

describe("attachmentResponse", () => {
  it("sends the bytes as a download nothing may render, cache or embed", async () => {
    const response = attachmentResponse({ meta: meta("page.html", "text/html"), bytes: new Uint8Array([60, 98, 62]) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/octet-stream");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="page.html"; filename*=UTF-8''page.html`);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("content-security-policy")).toContain("sandbox");
    expect(response.headers.get("content-length")).toBe("3");
    expect(Buffer.from(await response.arrayBuffer()).toString()).toBe("<b>");
  });
});

describe("attachmentErrorResponse", () => {
  it("maps each reason to its status with the message a person reads", async () => {
    const cases = [
      ["not_found", 404],
      ["not_kept", 404],
      ["changed", 409],
      ["unreachable", 502],
    ] as const;
    for (const [reason, status] of cases) {
      const response = attachmentErrorResponse(new AttachmentError(`because ${reason}`, reason));
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual({ error: `because ${reason}`, reason });
    }
  });

  it("answers sign-in errors as every route does, and hides unexpected ones", async () => {
    expect(attachmentErrorResponse(new ApiError(401, "Your session has ended. Sign in again.")).status).toBe(401);
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = attachmentErrorResponse(new Error("ECONNRESET at 10.0.0.3 stack..."));
    expect(response.status).toBe(500);
    expect(JSON.stringify(await response.json())).not.toContain("10.0.0.3");
    log.mockRestore();
  });
});
