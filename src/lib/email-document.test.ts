import { describe, expect, it } from "vitest";
import { emailDocument, hasRemoteImages } from "./email-document";

describe("email document", () => {
  it("finds remote images in img tags and CSS, not embedded ones", () => {
    expect(hasRemoteImages('<img src="https://t.example/pixel.gif">')).toBe(true);
    expect(hasRemoteImages("<img width=1 src=//t.example/p.gif>")).toBe(true);
    expect(hasRemoteImages('<td style="background:url(http://x.example/bg.png)">')).toBe(true);
    expect(hasRemoteImages('<img src="cid:logo@x"><img src="data:image/png;base64,AAAA">')).toBe(false);
    expect(hasRemoteImages('<a href="https://example.com">link</a>')).toBe(false);
  });

  it("lets remote images through the CSP only when allowed", () => {
    const blocked = emailDocument("<p>x</p>");
    expect(blocked).toContain("img-src cid: data:;");
    expect(blocked).not.toMatch(/img-src[^;]*https:/);
    expect(emailDocument("<p>x</p>", true)).toMatch(/img-src cid: data: https: http:;/);
    expect(blocked).toContain("default-src 'none'");
  });
});
