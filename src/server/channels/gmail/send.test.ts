import { describe, expect, it } from "vitest";
import { composeRaw } from "./send";

describe("composing a Gmail message", () => {
  it("threads a reply and keeps Bcc for Gmail to route", async () => {
    const source = (
      await composeRaw({
        from: { name: "Alice", email: "alice@aiva.test" },
        to: [{ name: null, email: "dana@client.test" }],
        cc: [{ name: "Carl", email: "carl@client.test" }],
        bcc: [{ name: null, email: "boss@aiva.test" }],
        subject: "Re: Report",
        text: "Done.",
        html: "<p>Done.</p>",
        inReplyTo: { internetMessageId: "r2@client.test", references: ["r1@client.test", "r2@client.test"], providerThreadId: "t1" },
      })
    ).toString();
    expect(source).toMatch(/^In-Reply-To: <r2@client\.test>$/m);
    expect(source).toMatch(/^References: <r1@client\.test> <r2@client\.test>$/m);
    expect(source).toMatch(/^Message-ID: <[0-9a-f-]+@aiva\.test>$/m);
    expect(source).toMatch(/^Bcc: boss@aiva\.test$/m);
    expect(source).toMatch(/^Cc: Carl <carl@client\.test>$/m);
    expect(source).toContain("multipart/alternative");
  });

  it("omits threading headers for a new message", async () => {
    const source = (
      await composeRaw({ from: { name: null, email: "a@aiva.test" }, to: [{ name: null, email: "b@x.test" }], cc: [], bcc: [], subject: "Hi", text: "Hello" })
    ).toString();
    expect(source).not.toMatch(/^In-Reply-To:/m);
    expect(source).not.toMatch(/^References:/m);
  });
});
