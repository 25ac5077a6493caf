import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { HTML_CAP, mailDateOffsetMinutes, parseMime, parseMessageIds, parseGmailLabels, RAW_SOURCE_CAP, TEXT_CAP } from "./parse-mime";

/** Joins header and body lines with CRLF, as on the wire. */
const mail = (...lines: string[]): string => lines.join("\r\n");
const bytes = (...parts: Array<string | number[]>): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p))));
const sha = (data: string | Buffer): string => `sha256:${createHash("sha256").update(data).digest("hex")}`;

const BASIC_HEADERS = [
  "From: Alice Example <alice@example.com>",
  "To: Bob <bob@example.org>, carol@example.net",
  "Subject: Hello",
  "Date: Tue, 05 Mar 2024 10:15:00 +0100",
  "Message-ID: <Abc.123@Mail.Example.COM>",
];

describe("parseMime: envelope", () => {
  test("simple text message", async () => {
    const m = await parseMime(mail(...BASIC_HEADERS, "Content-Type: text/plain; charset=utf-8", "", "Hi Bob,", "", "See you at 5.", ""));
    expect(m.parseError).toBeNull();
    expect(m.rawSource).toBeNull();
    expect(m.subject).toBe("Hello");
    expect(m.from).toEqual({ name: "Alice Example", email: "alice@example.com" });
    expect(m.to).toEqual([
      { name: "Bob", email: "bob@example.org" },
      { name: null, email: "carol@example.net" },
    ]);
    expect(m.sentAt?.toISOString()).toBe("2024-03-05T09:15:00.000Z");
    expect(m.fullText).toBe("Hi Bob,\n\nSee you at 5.");
    expect(m.bodyText).toBe("Hi Bob,\n\nSee you at 5.");
    expect(m.bodyHtml).toBeNull();
    expect(m.snippet).toBe("Hi Bob, See you at 5.");
    expect(m.direction).toBe("inbound");
    expect([m.isRead, m.isStarred, m.isArchived]).toEqual([false, false, false]);
    expect(m.providerThreadId).toBeNull();
    expect(m.providerMeta).toEqual({});
  });

  test("Message-ID: brackets stripped; dedup key lowercases the host only", async () => {
    const m = await parseMime(mail(...BASIC_HEADERS, "", "x"));
    expect(m.internetMessageId).toBe("Abc.123@Mail.Example.COM");
    expect(m.providerMessageId).toBe("Abc.123@mail.example.com");
  });

  test("missing or invalid Message-ID: sha256 of the raw bytes, stable across re-imports", async () => {
    const raw = mail("From: a@example.com", "Subject: no id", "", "body");
    const a = await parseMime(raw);
    const b = await parseMime(Buffer.from(raw));
    expect(a.providerMessageId).toBe(sha(raw));
    expect(b.providerMessageId).toBe(a.providerMessageId);
    expect(a.internetMessageId).toBeNull();

    for (const bad of ["<>", "<not an id>", "no-at-sign"]) {
      const withBad = mail("From: a@example.com", `Message-ID: ${bad}`, "", "body");
      expect((await parseMime(withBad)).providerMessageId).toBe(sha(withBad));
    }
  });

  test("options: providerMessageId and direction", async () => {
    const m = await parseMime(mail(...BASIC_HEADERS, "", "x"), { providerMessageId: "INBOX:42", direction: "outbound" });
    expect(m.providerMessageId).toBe("INBOX:42");
    expect(m.direction).toBe("outbound");
  });

  test("References and In-Reply-To: ids without brackets, folded, deduplicated", async () => {
    const m = await parseMime(
      mail(
        ...BASIC_HEADERS,
        "In-Reply-To: Your message of \"Mon, 4 Mar 2024\" <parent@example.com>",
        "References: <root@example.com>",
        "\t<middle@example.com> <parent@example.com>",
        " <root@example.com>",
        "",
        "x",
      ),
    );
    expect(m.inReplyTo).toBe("parent@example.com");
    expect(m.references).toEqual(["root@example.com", "middle@example.com", "parent@example.com"]);
    expect(parseMessageIds("a@b c@d")).toEqual(["a@b", "c@d"]);
    expect(parseMessageIds("")).toEqual([]);
  });

  test("Date: missing, invalid and absurd dates give null", async () => {
    expect((await parseMime(mail("From: a@example.com", "Subject: s", "", "x"))).sentAt).toBeNull();
    expect((await parseMime(mail("From: a@example.com", "Date: not a date at all", "", "x"))).sentAt).toBeNull();
    expect((await parseMime(mail("From: a@example.com", "Date: Mon, 1 Jan 0001 00:00:00 +0000", "", "x"))).sentAt).toBeNull();
  });

  test.each([
    ["Tue, 05 Mar 2024 10:15:00 +0100", "2024-03-05T09:15:00.000Z"],
    ["Tue, 5 Mar 2024 10:15:00 +0100 (CET)", "2024-03-05T09:15:00.000Z"],
    ["5 Mar 2024 10:15 -0500", "2024-03-05T15:15:00.000Z"],
    ["Thu, 18 Jul 02 01:22:48 PDT", "2002-07-18T08:22:48.000Z"],
    ["Wed, 17 Jul 2002 17:17:27 GMT", "2002-07-17T17:17:27.000Z"],
    ["Tuesday, 05-Mar-2024 10:15:00 +01:00", "2024-03-05T09:15:00.000Z"],
    ["2024-03-05T10:15:00Z", "2024-03-05T10:15:00.000Z"],
  ])("Date: %s", async (header, iso) => {
    const m = await parseMime(mail("From: a@example.com", `Date: ${header}`, "", "x"));
    expect(m.sentAt?.toISOString()).toBe(iso);
  });

  test("addresses: groups flattened, unquoted comma in a display name repaired, name-only dropped", async () => {
    const m = await parseMime(
      mail(
        "From: Nissen, Dan E <Dan.Nissen@example.com>",
        "To: Team: a@example.com, B <b@example.com>;, undisclosed-recipients:;",
        "Cc: Just A Name",
        "Reply-To: \"Smith, J\" <j@example.com>",
        "Bcc: hidden@example.com",
        "Subject: s",
        "",
        "x",
      ),
    );
    expect(m.from).toEqual({ name: "Nissen, Dan E", email: "Dan.Nissen@example.com" });
    expect(m.to).toEqual([
      { name: null, email: "a@example.com" },
      { name: "B", email: "b@example.com" },
    ]);
    expect(m.cc).toEqual([]);
    expect(m.replyTo).toEqual([{ name: "Smith, J", email: "j@example.com" }]);
    expect(m.bcc).toEqual([{ name: null, email: "hidden@example.com" }]);
  });

  test("headers: lowercase whitelist of pre-filter signals only", async () => {
    const m = await parseMime(
      mail(
        "Return-Path: <bounce@list.example.com>",
        "Received: from mx.example.com by mx2.example.com",
        "DKIM-Signature: v=1; a=rsa-sha256; d=example.com",
        ...BASIC_HEADERS,
        "List-Unsubscribe: <mailto:unsub@list.example.com>,",
        " <https://list.example.com/unsub?u=1>",
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
        "List-ID: News <news.list.example.com>",
        "Precedence: bulk",
        "Auto-Submitted: auto-generated",
        "X-Auto-Response-Suppress: All",
        "X-Mailer: MassMailer 3.0",
        "X-Spam-Score: 12",
        "Content-Type: text/plain; charset=us-ascii",
        "",
        "x",
      ),
    );
    expect(m.headers).toEqual({
      "return-path": "<bounce@list.example.com>",
      "list-unsubscribe": "<mailto:unsub@list.example.com>, <https://list.example.com/unsub?u=1>",
      "list-unsubscribe-post": "List-Unsubscribe=One-Click",
      "list-id": "News <news.list.example.com>",
      precedence: "bulk",
      "auto-submitted": "auto-generated",
      "x-auto-response-suppress": "All",
      "x-mailer": "MassMailer 3.0",
      "content-type": "text/plain; charset=us-ascii",
      date: "Tue, 05 Mar 2024 10:15:00 +0100",
    });
  });

  test("mailDateOffsetMinutes: the writer's offset from the Date header", () => {
    expect(mailDateOffsetMinutes("Tue, 05 Mar 2024 10:15:00 +0100")).toBe(60);
    expect(mailDateOffsetMinutes("Mon, 14 May 2001 16:39:00 -0700 (PDT)")).toBe(-420);
    expect(mailDateOffsetMinutes("Fri, 1 Feb 2002 09:00:00 EST")).toBe(-300);
    expect(mailDateOffsetMinutes("Fri, 1 Feb 2002 09:00:00")).toBeNull();
    expect(mailDateOffsetMinutes("Fri, 1 Feb 2002 09:00:00 +9900")).toBeNull();
    expect(mailDateOffsetMinutes(undefined)).toBeNull();
  });

  test("X-Gmail-Labels (Takeout) become labels; flags stay false", async () => {
    const m = await parseMime(
      mail(...BASIC_HEADERS, "X-GM-THRID: 1791234567890123456", "X-Gmail-Labels: Inbox,Important,\"Work, 2024\",Category Updates", "", "x"),
    );
    expect(m.labels).toEqual(["Inbox", "Important", "Work, 2024", "Category Updates"]);
    expect(m.headers["x-gmail-labels"]).toContain("Inbox");
    expect(m.headers["x-gm-thrid"]).toBe("1791234567890123456");
    expect([m.isRead, m.isStarred, m.isArchived]).toEqual([false, false, false]);
    expect(parseGmailLabels("=?UTF-8?Q?Entw=C3=BCrfe?=,Opened")).toEqual(["Entwürfe", "Opened"]);
  });

  test("snippet: whitespace collapsed, at most 200 characters", async () => {
    const body = Array.from({ length: 80 }, (_, i) => `word${i}`).join(" \r\n\t ");
    const m = await parseMime(mail(...BASIC_HEADERS, "", body));
    expect(m.snippet!.length).toBeLessThanOrEqual(200);
    expect(m.snippet!.length).toBeGreaterThan(150);
    expect(m.snippet).toMatch(/^word0 word1 word2 /);
    expect(m.snippet).not.toMatch(/\s{2}|[\r\n\t]/);
  });
});

describe("parseMime: charsets and encoded words", () => {
  test("iso-2022-jp body and RFC 2047 subject", async () => {
    // こんにちは in ISO-2022-JP
    const jis = [0x1b, 0x24, 0x42, 0x24, 0x33, 0x24, 0x73, 0x24, 0x4b, 0x24, 0x41, 0x24, 0x4f, 0x1b, 0x28, 0x42];
    expect(new TextDecoder("iso-2022-jp").decode(Uint8Array.from(jis))).toBe("こんにちは");
    const subject = `=?ISO-2022-JP?B?${Buffer.from(jis).toString("base64")}?=`;
    const raw = bytes(
      mail("From: =?ISO-2022-JP?B?GyRCOzNFRBsoQg==?= <yamada@example.jp>", `Subject: ${subject}`, "Content-Type: text/plain; charset=ISO-2022-JP", "Content-Transfer-Encoding: 7bit", "", ""),
      jis,
      "\r\n",
    );
    const m = await parseMime(raw);
    expect(m.subject).toBe("こんにちは");
    expect(m.from).toEqual({ name: "山田", email: "yamada@example.jp" });
    expect(m.fullText).toBe("こんにちは");
  });

  test("windows-1252 8bit body and Q-encoded subject", async () => {
    const raw = bytes(
      mail("From: a@example.com", "Subject: =?windows-1252?Q?Caf=E9_=93menu=94?=", "Content-Type: text/plain; charset=windows-1252", "Content-Transfer-Encoding: 8bit", "", ""),
      [0x80, 0x20, 0x35, 0x20, 0x93, 0x71, 0x75, 0x6f, 0x74, 0x65, 0x94, 0x20, 0x63, 0x61, 0x66, 0xe9],
    );
    const m = await parseMime(raw);
    expect(m.subject).toBe("Café “menu”");
    expect(m.fullText).toBe("€ 5 “quote” café");
  });

  test("iso-8859-1 label with windows-1252 punctuation (and Node's C1 decoding bug) gives real quotes", async () => {
    const raw = bytes(
      mail("From: =?iso-8859-1?Q?Ren=E9_=93the=94?= <r@example.com>", "Subject: s", "Content-Type: text/plain; charset=iso-8859-1", "", ""),
      [0x93, 0x48, 0x69, 0x94, 0x20, 0x96, 0x20, 0x80, 0x35],
    );
    const m = await parseMime(raw);
    expect(m.from?.name).toBe("René “the”");
    expect(m.fullText).toBe("“Hi” – €5");
  });

  test("koi8-r quoted-printable body", async () => {
    // Привет in KOI8-R
    const koi = [0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4];
    expect(new TextDecoder("koi8-r").decode(Uint8Array.from(koi))).toBe("Привет");
    const qp = koi.map((b) => `=${b.toString(16).toUpperCase()}`).join("");
    const m = await parseMime(
      mail("From: a@example.com", "Subject: =?KOI8-R?B?" + Buffer.from(koi).toString("base64") + "?=", "Content-Type: text/plain; charset=koi8-r", "Content-Transfer-Encoding: quoted-printable", "", `${qp}, =ED=C9=D2!`),
    );
    expect(m.subject).toBe("Привет");
    expect(m.fullText).toBe("Привет, Мир!");
  });

  test("unknown charset does not throw", async () => {
    const m = await parseMime(mail("From: a@example.com", "Subject: s", "Content-Type: text/plain; charset=x-no-such-charset", "", "plain ascii"));
    expect(m.parseError).toBeNull();
    expect(m.fullText).toBe("plain ascii");
  });
});

describe("parseMime: structure", () => {
  test("RFC 2231 filenames (encoded and continued), attachment metadata without bytes", async () => {
    const pdf = Buffer.alloc(3000, 7);
    const m = await parseMime(
      mail(
        ...BASIC_HEADERS,
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="XX"',
        "",
        "--XX",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "See attached.",
        "--XX",
        "Content-Type: application/pdf",
        "Content-Disposition: attachment; filename*=UTF-8''%E2%82%AC%20rates.pdf",
        "Content-Transfer-Encoding: base64",
        "",
        pdf.toString("base64"),
        "--XX",
        "Content-Type: text/plain; name*0*=UTF-8''Sch%C3%B6ne; name*1*=%20Gr%C3%BC%C3%9Fe.txt",
        "Content-Disposition: attachment; filename*0*=UTF-8''Sch%C3%B6ne; filename*1*=%20Gr%C3%BC%C3%9Fe.txt",
        "",
        "hallo",
        "--XX--",
        "",
      ),
    );
    expect(m.fullText).toBe("See attached.");
    expect(m.attachments).toEqual([
      { filename: "€ rates.pdf", mimeType: "application/pdf", size: 3000, contentId: null, disposition: "attachment" },
      { filename: "Schöne Grüße.txt", mimeType: "text/plain", size: expect.any(Number), contentId: null, disposition: "attachment" },
    ]);
    for (const a of m.attachments) expect(Object.keys(a).sort()).toEqual(["contentId", "disposition", "filename", "mimeType", "size"]);
  });

  test("multipart/alternative inside multipart/related with a cid image", async () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
    const m = await parseMime(
      mail(
        ...BASIC_HEADERS,
        'Content-Type: multipart/related; boundary="REL"',
        "",
        "--REL",
        'Content-Type: multipart/alternative; boundary="ALT"',
        "",
        "--ALT",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Our logo: [logo]",
        "--ALT",
        "Content-Type: text/html; charset=utf-8",
        "",
        '<p>Our logo: <img src="cid:logo@example.com" alt="logo"><script>alert(1)</script></p>',
        "--ALT--",
        "--REL",
        "Content-Type: image/png",
        "Content-ID: <logo@example.com>",
        "Content-Disposition: inline; filename=logo.png",
        "Content-Transfer-Encoding: base64",
        "",
        png.toString("base64"),
        "--REL--",
      ),
    );
    expect(m.fullText).toBe("Our logo: [logo]");
    expect(m.bodyHtml).toContain('src="cid:logo@example.com"');
    expect(m.bodyHtml).not.toContain("script");
    expect(m.attachments).toEqual([
      { filename: "logo.png", mimeType: "image/png", size: png.length, contentId: "logo@example.com", disposition: "inline" },
    ]);
  });

  test("text/calendar invitation → calendar with METHOD and the ICS text", async () => {
    const ics = [
      "BEGIN:VCALENDAR",
      "PRODID:-//Example//EN",
      "VERSION:2.0",
      "METHOD:REQUEST",
      "BEGIN:VEVENT",
      "UID:evt-1@example.com",
      "DTSTART:20240310T150000Z",
      "DTEND:20240310T160000Z",
      "SUMMARY:Planning",
      "ORGANIZER:mailto:alice@example.com",
      "END:VEVENT",
      "END:VCALENDAR",
    ].join("\r\n");
    const m = await parseMime(
      mail(
        ...BASIC_HEADERS,
        'Content-Type: multipart/mixed; boundary="M"',
        "",
        "--M",
        'Content-Type: multipart/alternative; boundary="A"',
        "",
        "--A",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "You are invited: Planning",
        "--A",
        'Content-Type: text/calendar; charset=utf-8; method=request',
        "Content-Transfer-Encoding: base64",
        "",
        Buffer.from(ics).toString("base64"),
        "--A--",
        "--M",
        "Content-Type: application/ics; name=invite.ics",
        "Content-Disposition: attachment; filename=invite.ics",
        "",
        ics.replace("METHOD:REQUEST", "METHOD:CANCEL"),
        "--M",
        "Content-Type: application/octet-stream; name=same-invite.ics",
        "Content-Disposition: attachment; filename=same-invite.ics",
        "Content-Transfer-Encoding: base64",
        "",
        Buffer.from(ics).toString("base64"),
        "--M--",
      ),
    );
    expect(m.fullText).toBe("You are invited: Planning");
    expect(m.calendar).toHaveLength(2);
    expect(m.calendar[0]!.method).toBe("REQUEST");
    expect(m.calendar[0]!.ics).toContain("BEGIN:VEVENT");
    expect(m.calendar[0]!.ics).toContain("SUMMARY:Planning");
    expect(m.calendar[1]!.method).toBe("CANCEL"); // from the ICS when the part has no method param
    // the third part repeats the first invite: listed as an attachment, not twice in calendar
    expect(m.attachments.map((a) => a.mimeType)).toEqual(["text/calendar", "application/ics", "application/octet-stream"]);
  });

  test("HTML-only message: text from html-to-text, HTML sanitized", async () => {
    const m = await parseMime(
      mail(
        ...BASIC_HEADERS,
        "Content-Type: text/html; charset=utf-8",
        "",
        "<html><head><title>Newsletter</title><style>p{color:red}</style></head><body>",
        '<h1>Big News</h1><p>Read <a href="https://example.com/a" onclick="x()">the article</a>.</p>',
        "<table><tr><td>Price</td><td>$5</td></tr></table><script>alert(1)</script>",
        "</body></html>",
      ),
    );
    expect(m.fullText).toBe("Big News\n\nRead the article.\n\nPrice $5");
    expect(m.bodyText).toBe(m.fullText);
    expect(m.snippet).toBe("Big News Read the article. Price $5");
    expect(m.bodyHtml).toContain('<a href="https://example.com/a" target="_blank" rel="noopener noreferrer nofollow">the article</a>');
    expect(m.bodyHtml).not.toMatch(/script|onclick|<style|Newsletter/);
  });

  test("quoted reply: bodyText trimmed, fullText whole", async () => {
    const m = await parseMime(
      mail(...BASIC_HEADERS, "", "Sounds good, see you then.", "", "On Mon, Mar 4, 2024 at 9:00 AM Bob <bob@example.org> wrote:", "> Shall we meet at 5?", "> Bob"),
    );
    expect(m.bodyText).toBe("Sounds good, see you then.");
    expect(m.fullText).toContain("> Shall we meet at 5?");
  });

  test("broken base64 does not throw", async () => {
    const m = await parseMime(
      mail(...BASIC_HEADERS, "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "", "SGVsbG8g!!!@@@###d29y", "bGQ=====garbage", "%%%"),
    );
    expect(m.parseError).toBeNull();
    expect(m.subject).toBe("Hello");
    expect(typeof (m.fullText ?? "")).toBe("string");
  });

  test("broken multipart: missing final boundary, undeclared boundary", async () => {
    const m = await parseMime(mail(...BASIC_HEADERS, 'Content-Type: multipart/mixed; boundary="B"', "", "--B", "Content-Type: text/plain", "", "part one"));
    expect(m.parseError).toBeNull();
    expect(m.fullText).toBe("part one");
    const n = await parseMime(mail(...BASIC_HEADERS, "Content-Type: multipart/mixed", "", "--B", "Content-Type: text/plain", "", "part"));
    expect(n.parseError).toBeNull();
  });

  test("header-only message (no body, no blank line)", async () => {
    const m = await parseMime(mail("From: Alice <alice@example.com>", "Subject: Just a subject", "Date: Tue, 05 Mar 2024 10:15:00 +0000"));
    expect(m.parseError).toBeNull();
    expect(m.subject).toBe("Just a subject");
    expect(m.from?.email).toBe("alice@example.com");
    expect(m.fullText).toBeNull();
    expect(m.bodyText).toBeNull();
    expect(m.snippet).toBeNull();
  });

  test("mbox From_ line before the headers", async () => {
    const m = await parseMime(mail("From alice@example.com  Tue Mar  5 10:15:00 2024", ...BASIC_HEADERS, "", "body"));
    expect(m.parseError).toBeNull();
    expect(m.subject).toBe("Hello");
    expect(m.fullText).toBe("body");
  });

  test("Uint8Array view with an offset", async () => {
    const raw = Buffer.from(`xxxx${mail(...BASIC_HEADERS, "", "view body")}`);
    const view = new Uint8Array(raw.buffer, raw.byteOffset + 4, raw.byteLength - 4);
    const m = await parseMime(view);
    expect(m.subject).toBe("Hello");
    expect(m.fullText).toBe("view body");
  });
});

describe("parseMime: size caps", () => {
  test("huge text part capped at 200 KB with a note", async () => {
    const line = "0123456789 ".repeat(9) + "\r\n";
    const body = line.repeat(Math.ceil((TEXT_CAP * 1.5) / line.length));
    const m = await parseMime(mail(...BASIC_HEADERS, "", body));
    expect(m.parseError).toBeNull();
    expect(m.fullText!.length).toBeLessThan(TEXT_CAP + 200);
    expect(m.fullText).toMatch(/\[Aiva: text part truncated at 200 KB of \d+ KB\]$/);
    expect(m.providerMeta.parseNotes).toHaveLength(1);
  });

  test("huge HTML capped at 500 KB; big attachment kept as metadata only", async () => {
    const html = `<div>${"<p>paragraph of text</p>".repeat(Math.ceil((HTML_CAP * 1.2) / 23))}</div>`;
    const blob = Buffer.alloc(3 * 1024 * 1024, 1);
    const m = await parseMime(
      mail(
        ...BASIC_HEADERS,
        'Content-Type: multipart/mixed; boundary="B"',
        "",
        "--B",
        "Content-Type: text/html",
        "",
        html,
        "--B",
        "Content-Type: application/octet-stream; name=blob.bin",
        "Content-Transfer-Encoding: base64",
        "",
        blob.toString("base64").replace(/.{76}/g, "$&\r\n"),
        "--B--",
      ),
    );
    expect(m.parseError).toBeNull();
    expect(m.bodyHtml!.length).toBeLessThan(HTML_CAP + 1000);
    expect(m.bodyHtml).toContain("[Aiva: message truncated at 500 KB");
    expect(m.fullText!.length).toBeLessThan(TEXT_CAP + 300);
    expect(m.attachments).toEqual([{ filename: "blob.bin", mimeType: "application/octet-stream", size: blob.length, contentId: null, disposition: null }]);
    expect(JSON.stringify(m).length).toBeLessThan(2 * 1024 * 1024);
  });
});

describe("parseMime: hostile header values stay fast", () => {
  test("long runs in From, Date, Message-ID and References", async () => {
    const started = performance.now();
    const m = await parseMime(
      mail(
        `From: ${"a".repeat(100_000)}`,
        `Date: Tue,${" ".repeat(100_000)}5 Mar 2024`,
        `Message-ID: <x@${">".repeat(50_000)}`,
        `References: @${">".repeat(100_000)}x ${"<".repeat(50_000)}`,
        "Subject: s",
        "",
        `${" ".repeat(100_000)}body`,
      ),
    );
    expect(performance.now() - started).toBeLessThan(3000);
    expect(m.subject).toBe("s");
    expect(m.references).toEqual([]);
  });
});

describe("parseMime: never throws", () => {
  const cases: Array<[string, string | Buffer]> = [
    ["empty string", ""],
    ["empty buffer", Buffer.alloc(0)],
    ["only newlines", "\r\n\r\n\r\n"],
    ["random binary", Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256))],
    ["Outlook .msg", Buffer.concat([Buffer.from("d0cf11e0a1b11ae1", "hex"), Buffer.alloc(600)])],
    ["text without headers", "hello world\nthis is not an email\n"],
    ["deep nesting", "Subject: deep\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n" + Array.from({ length: 300 }, (_, i) => `--b${i}\r\nContent-Type: multipart/mixed; boundary=b${i + 1}\r\n\r\n`).join("")],
  ];

  test.each(cases)("%s → parseError with rawSource", async (_name, raw) => {
    const m = await parseMime(raw);
    expect(m.parseError).toEqual(expect.any(String));
    expect(m.parseError!.length).toBeLessThan(120);
    expect(m.rawSource).toEqual(expect.any(String));
    expect(m.rawSource).not.toContain("\u0000");
    expect(m.providerMessageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(m.bodyText).toBeNull();
    expect(m.bodyHtml).toBeNull();
    expect(m.attachments).toEqual([]);
  });

  test("parser failure keeps best-effort subject/from, latin1 raw source, capped at 2 MB", async () => {
    // headers over postal-mime's 2 MiB limit make it reject
    const pad = Array.from({ length: 2600 }, () => `X-Pad: ${"\xe9".repeat(990)}`).join("\r\n");
    const raw = bytes(mail("Subject: =?UTF-8?Q?Gro=C3=9F?=", "From: \"Big, Sender\" <big@example.com>", pad, "", "body"));
    const m = await parseMime(raw);
    expect(m.parseError).toMatch(/MIME parser failed: .*header size/);
    expect(m.subject).toBe("Groß");
    expect(m.from).toEqual({ name: "Big, Sender", email: "big@example.com" });
    expect(m.rawSource).toContain("X-Pad: éééé"); // invalid UTF-8 → decoded as latin1
    expect(m.rawSource!.length).toBeLessThan(RAW_SOURCE_CAP + 200);
    expect(m.rawSource).toMatch(/\[Aiva: raw source truncated at 2\.0 MB of \d\.\d MB\]$/);
    expect(m.providerMessageId).toBe(sha(raw));
  });
});
