import EmailReplyParser from "email-reply-parser";
import { describe, expect, test } from "vitest";
import { replyParserVisibleText, toPlainText, trimQuotedAndSignature } from "./plain-text";

const lines = (...l: string[]): string => l.join("\n");

describe("toPlainText", () => {
  test("prefers the text part, normalizing line endings", () => {
    expect(toPlainText("Hello\r\nworld  \r\n\r\n\r\n\r\nbye\r\n", "<p>ignored</p>")).toBe("Hello\nworld\n\nbye");
  });

  test("converts HTML when there is no text part: no wrapping, links as their text", () => {
    const html =
      "<html><head><title>T</title><style>p{color:red}</style></head><body>" +
      `<h1>Weekly update</h1><p>${"A long paragraph that must not be wrapped. ".repeat(5).trim()}</p>` +
      '<p>Read <a href="https://example.com/article?id=1">the article</a> &amp; reply.</p>' +
      '<img src="https://example.com/pixel.gif" alt="pixel"><ul><li>one</li><li>two</li></ul>' +
      "<table><tr><td>Total</td><td>$5.00</td></tr></table><script>alert(1)</script></body></html>";
    expect(toPlainText(null, html)).toBe(
      lines(
        "Weekly update",
        "",
        "A long paragraph that must not be wrapped. ".repeat(5).trim(),
        "",
        "Read the article & reply.",
        "",
        " * one",
        " * two",
        "",
        "Total $5.00",
      ),
    );
  });

  test("whitespace-only text part falls back to HTML", () => {
    expect(toPlainText("\r\n\r\n", "<div>From HTML</div>")).toBe("From HTML");
  });

  test("nothing to convert", () => {
    expect(toPlainText(null, null)).toBeNull();
    expect(toPlainText("  ", "<div>&nbsp;</div>")).toBeNull();
  });
});

describe("trimQuotedAndSignature", () => {
  test("plain text is unchanged", () => {
    expect(trimQuotedAndSignature("Just a note.\n\nSecond paragraph.")).toBe("Just a note.\n\nSecond paragraph.");
  });

  test("Gmail: On <date>, <name> wrote: (wrapped over two lines) with > quotes", () => {
    const text = lines(
      "Thanks, that works for me.",
      "",
      "On Tue, Mar 5, 2024 at 10:15 AM Alice Example <alice@example.com>",
      "wrote:",
      "",
      "> Can we move the call to 3pm?",
      ">",
      "> Alice",
    );
    expect(trimQuotedAndSignature(text)).toBe("Thanks, that works for me.");
  });

  test.each([
    ["French", "Le mar. 5 mars 2024 à 10:15, Alice <alice@example.com> a écrit :"],
    ["German", "Am Di., 5. März 2024 um 10:15 Uhr schrieb Alice <alice@example.com>:"],
    ["Spanish", "El mar, 5 mar 2024 a las 10:15, Alice (<alice@example.com>) escribió:"],
    ["Italian", "Il giorno mar 5 mar 2024 alle ore 10:15 Alice <alice@example.com> ha scritto:"],
    ["Portuguese", "Em ter., 5 de mar. de 2024 às 10:15, Alice <alice@example.com> escreveu:"],
    ["Dutch", "Op di 5 mrt 2024 om 10:15 schreef Alice <alice@example.com>:"],
    ["Swedish", "Den tis 5 mars 2024 kl 10:15 skrev Alice <alice@example.com>:"],
    ["Polish", "W dniu wt., 5.03.2024 o 10:15 Alice <alice@example.com> napisał(a):"],
    ["Russian", "вт, 5 мар. 2024 г. в 10:15, Alice <alice@example.com>: написал(а):"],
    ["Chinese", "Alice <alice@example.com> 于2024年3月5日周二 10:15写道："],
    ["Japanese", "2024年3月5日(火) 10:15 Alice <alice@example.com>:"],
    ["Apple Mail", "> On 5 Mar 2024, at 10:15, Alice <alice@example.com> wrote:"],
  ])("quote header in %s", (_lang, header) => {
    const text = lines("My answer is yes.", "", header, "", "> Original question?", "> Alice");
    expect(trimQuotedAndSignature(text)).toBe("My answer is yes.");
  });

  // Quote headers are looked for only on lines that could end one (a colon or a verb):
  // headers without a colon, in any case, and verbs ending in other scripts still count.
  test.each([
    ["no colon", "On Tue, Mar 5, 2024 at 10:15 AM Alice <alice@example.com> wrote"],
    ["upper case", "ON TUE, MAR 5, 2024 AT 10:15 AM ALICE <ALICE@EXAMPLE.COM> WROTE"],
    ["space before the colon", "On Tue, Mar 5, 2024, Alice <alice@example.com> wrote   :"],
    ["Czech, no colon", "Dne 5. 3. 2024 v 10:15 Alice <alice@example.com> napsal(a)"],
    ["Turkish", "5 Mar 2024 Sal, 10:15 tarihinde Alice <alice@example.com> şunu yazdı:"],
    ["Greek, no colon", "Στις 5/3/2024 10:15, η Alice <alice@example.com> έγραψε"],
    ["Lithuanian, no colon", "2024-03-05 10:15 Alice <alice@example.com> rašė"],
  ])("quote header ending without the usual colon: %s", (_case, header) => {
    const text = lines("My answer is yes.", "", header, "", "> Original question?", "> Alice");
    expect(trimQuotedAndSignature(text)).toBe("My answer is yes.");
  });

  test("Outlook: -----Original Message----- block without > quoting", () => {
    const text = lines(
      "Approved.",
      "",
      "Vince",
      "",
      " -----Original Message-----",
      "From: \tKim, Jinbaek",
      "Sent:\tTuesday, June 19, 2001 10:08 AM",
      "To:\tKaminski, Vince J",
      "Subject:\tthe summary report",
      "",
      "Vince, please approve the attached.",
    );
    expect(trimQuotedAndSignature(text)).toBe("Approved.\n\nVince");
  });

  test("Outlook: rule + From:/Sent:/To:/Subject: block", () => {
    const text = lines(
      "Sure, 3pm works.",
      "",
      "________________________________",
      "From: Alice Example <alice@example.com>",
      "Sent: Tuesday, March 5, 2024 10:15 AM",
      "To: Bob <bob@example.org>",
      "Subject: Call",
      "",
      "Can we move the call to 3pm?",
    );
    expect(trimQuotedAndSignature(text)).toBe("Sure, 3pm works.");
  });

  test("Outlook block in German", () => {
    const text = lines(
      "Passt.",
      "",
      "Von: Alice Example",
      "Gesendet: Dienstag, 5. März 2024 10:15",
      "An: Bob",
      "Betreff: Termin",
      "",
      "Geht 15 Uhr?",
    );
    expect(trimQuotedAndSignature(text)).toBe("Passt.");
  });

  test("a lone From: line in the text is not a quote header", () => {
    const text = lines("From: the marketing team, with love.", "", "Our spring sale starts today.");
    expect(trimQuotedAndSignature(text)).toBe(text);
  });

  test("-- signature", () => {
    const text = lines("See you tomorrow.", "", "-- ", "Bob Builder", "Head of Things, Example Corp", "+1 555 1234");
    expect(trimQuotedAndSignature(text)).toBe("See you tomorrow.");
  });

  test.each(["Sent from my iPhone", "Sent from my Samsung Galaxy smartphone.", "Get Outlook for iOS", "Von meinem iPhone gesendet", "Envoyé de mon iPad", "Enviado desde mi iPhone"])(
    "mobile signature: %s",
    (signature) => {
      expect(trimQuotedAndSignature(lines("On my way.", "", signature))).toBe("On my way.");
    },
  );

  test("inline (interleaved) replies keep the new text", () => {
    const text = lines(
      "On Tue, Mar 5, 2024 at 10:15 AM Alice <alice@example.com> wrote:",
      "> Can you do Thursday?",
      "",
      "Yes, Thursday is fine.",
      "",
      "> And can you bring the slides?",
      "",
      "I will.",
    );
    const out = trimQuotedAndSignature(text);
    expect(out).toContain("Yes, Thursday is fine.");
    expect(out).toContain("I will.");
    expect(out).not.toContain("Can you do Thursday?");
    expect(out).not.toContain("wrote:");
  });

  test("bottom-posted reply keeps the answer", () => {
    const text = lines("Alice <alice@example.com> writes:", "", "> Is the build green?", "", "Yes, all green since this morning.");
    expect(trimQuotedAndSignature(text)).toBe("Yes, all green since this morning.");
  });

  test("pasted text after a plain 'wrote:' sentence is not cut", () => {
    const text = lines("Here is what the customer wrote:", "", "The product arrived broken.", "Please refund me.");
    expect(trimQuotedAndSignature(text)).toBe(text);
  });

  test("never empty: a message that is only quoted text comes back as is", () => {
    const quoted = lines("> only", "> quoted text");
    expect(trimQuotedAndSignature(quoted)).toBe(quoted);
    const forward = lines("-----Original Message-----", "From: A", "Sent: Monday", "To: B", "Subject: x", "", "Forwarded body");
    expect(trimQuotedAndSignature(forward)).toBe(forward);
    expect(trimQuotedAndSignature(lines("-- ", "Only a signature"))).toBe(lines("-- ", "Only a signature"));
  });

  test("empty input stays empty", () => {
    expect(trimQuotedAndSignature("")).toBe("");
    expect(trimQuotedAndSignature("   ")).toBe("   ");
  });

  test("pathological lines for email-reply-parser's regexes stay fast and intact", () => {
    const longLine = "Lorem 2024 from <x@y> consectetur. ".repeat(600); // 21,000 characters
    const shortLine = "On 2024 from <x@y> at 10 wrote \"a\" <b@c> 12.03.2024 10:15 ".repeat(4).slice(0, 240);
    const text = [longLine, ...Array.from({ length: 400 }, () => shortLine), `> ${longLine}`].join("\n");
    const started = performance.now();
    const out = trimQuotedAndSignature(text);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(out.startsWith(longLine.trimEnd())).toBe(true);
    expect(out).not.toContain(`> ${longLine}`);
  });

  test("long runs of whitespace stay linear (ReDoS)", () => {
    const spaces = " ".repeat(100_000);
    const started = performance.now();
    expect(toPlainText(`hello${spaces}\n${spaces}x${spaces}\n`, null)).toBe(`hello\n${spaces}x`);
    const out = trimQuotedAndSignature(`hello\n${spaces}x\n${spaces}*${spaces}\n${"\t".repeat(50_000)}From:`);
    expect(out.startsWith("hello")).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test("large input is handled quickly", () => {
    const big = `${"The quarterly figures, 2024 from <x@y> attached below. ".repeat(4000)}\n> quoted`;
    const started = performance.now();
    const out = trimQuotedAndSignature(big);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(out).not.toContain("> quoted");
  });
});

describe("replyParserVisibleText", () => {
  // Lines that hit each of email-reply-parser's quote-header and signature regexes (and
  // near misses), mixed into messages in many arrangements: the port must answer exactly
  // as the library does.
  const headers = [
    "On Tue, Mar 5, 2024 at 10:15 AM Alice <alice@example.com>",
    "wrote:",
    "On Tue, Mar 5, 2024 at 10:15 AM Alice <alice@example.com> wrote:",
    "Le mar. 5 mars 2024 à 10:15, Alice <alice@example.com> a écrit :",
    "El mar, 5 mar 2024 a las 10:15, Alice escribió:",
    "Il giorno 5 mar 2024 Alice ha scritto:",
    "Em ter., 5 de mar. de 2024 Alice escreveu:",
    "Am Di., 5. März 2024 schrieb Alice <alice@example.com>:",
    "Am 5. März 2024 um 10:15 schrieb Alice:",
    "Op di 5 mrt 2024 om 10:15",
    "schreef Alice <alice@example.com>:",
    "W dniu 5.03.2024 Alice napisał(a):",
    "Dnia 5.03.2024 Alice pisze:",
    "Den tis 5 mars 2024 skrev Alice <alice@example.com>:",
    "tis. 5 mars 2024 skrev Alice <alice@example.com>:",
    "pe 5.3.2024 klo 10.15 Alice kirjoitti:",
    "ср, 5 мар. 2024 г. в 10:15, Alice <alice@example.com>:",
    "在 2024年3月5日, 10:15, Alice 写道：",
    "2024. 3. 5. 오전 10:15, Alice 작성:",
    "2024/03/05 10:15、Alice のメッセージ:",
    "Alice <alice@example.com> schrieb:",
    "Alice on Tuesday at 10 wrote:",
    "From: Alice <alice@example.com>",
    "From : Alice",
    "[alice@example.com]",
    "Von: Alice <alice@example.com>",
    "De : Alice <alice@example.com>",
    "Van: Alice [alice@example.com]",
    "Da: Alice <alice@example.com>",
    "2024-03-05 10:15 GMT+01:00 Alice <alice@example.com>:",
    '05.03.2024 10:15 "Alice" <alice@example.com>:',
    '10:15, 5 March 2024, "Alice" <alice@example.com>:',
    "Tuesday 2024 from Alice <alice@example.com>:",
    "-----Original Message-----",
    "--- original message ---",
    "----- Oprindelig besked -----",
    "-------- Message d'origine --------",
    "-------- Ursprüngliche Nachricht --------",
  ];
  const signatures = [
    "--", "-- ", "  ---", "__", "++", "==", "________________________________", "Sent from my iPhone",
    "Get Outlook for Android", "Cheers,", "cheers!", "Best wishes,", "Kind Regards,", "Best regards", "Warm and Regards",
    "Regards,  ", "Von meinem iPhone gesendet", "Gesendet von Mail für Windows", "Sendt fra min iPhone",
    "Envoyé depuis mon iPhone", "Envoyé de mon iPad", "Envoyé à partir de Outlook", "Télécharger Outlook pour iOS",
    "Bien à vous,", "Cordialement,", "Bien cordialement", "Bonne journée!", "Bonne soirée", "Enviado desde mi iPhone",
    "In data 5 marzo 2024 Alice", "ha scritto:", "Verzonden vanaf mijn iPad", "Verstuurd vanaf mijn iPhone",
  ];
  const body = ["Thanks, that works.", "", "  indented line  ", "> quoted line", ">> deeper", "> ", "Second paragraph~", "Regards to the team, see below.", "~~"];
  const pool = [...headers, ...signatures, ...body];

  test("answers exactly as email-reply-parser", () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const samples: string[] = [];
    for (const line of pool) {
      samples.push(line, `Reply.\n\n${line}\n\n> quoted\n> more`, `Reply.\n${line}\nBody below\n`, `> q\n\n${line}\n\nanswer`);
    }
    for (let i = 0; i < 3000; i++) {
      const n = 1 + Math.floor(rand() * 12);
      samples.push(Array.from({ length: n }, () => pool[Math.floor(rand() * pool.length)]!).join("\n"));
    }
    const differing = samples.filter((text) => replyParserVisibleText(text) !== new EmailReplyParser().read(text).getVisibleText());
    expect(differing).toEqual([]);
  });
});
