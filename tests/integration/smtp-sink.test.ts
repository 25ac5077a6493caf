import nodemailer from "nodemailer";
import { afterEach, describe, expect, it } from "vitest";
import { type SmtpSink, startSmtpSink } from "../helpers/smtp-sink";

// nodemailer -> the in-process SMTP sink (tests/helpers/smtp-sink.ts): what `npm test` uses
// instead of a real SMTP server.

const sinks: SmtpSink[] = [];
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((sink) => sink.close()));
});

async function sink(options?: Parameters<typeof startSmtpSink>[0]) {
  const started = await startSmtpSink(options);
  sinks.push(started);
  return started;
}

function transport(port: number, auth?: { user: string; pass: string; method?: string }) {
  return nodemailer.createTransport({
    host: "127.0.0.1",
    port,
    secure: false,
    ignoreTLS: true,
    auth: auth ? { user: auth.user, pass: auth.pass } : undefined,
    authMethod: auth?.method,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 10_000,
  });
}

describe("smtp sink", () => {
  it.each(["PLAIN", "LOGIN"])("accepts AUTH %s with the right password and records envelope and headers", async (method) => {
    const smtp = await sink({ auth: { user: "alice@example.test", pass: "s3cret" } });
    const info = await transport(smtp.port, { user: "alice@example.test", pass: "s3cret", method }).sendMail({
      from: '"Alice" <alice@example.test>',
      to: "bob@example.test",
      cc: "carol@example.test",
      bcc: "dave@example.test",
      subject: "Lunch on Thursday?",
      text: "Are you free?\n.\nA line with a lone dot.",
      headers: { "X-Aiva-Test": "yes" },
      messageId: "<lunch-1@example.test>",
      inReplyTo: "<earlier@example.test>",
    });

    expect(info.accepted).toEqual(["bob@example.test", "carol@example.test", "dave@example.test"]);
    expect(smtp.messages).toHaveLength(1);
    const [message] = smtp.messages;
    expect(message?.user).toBe("alice@example.test");
    expect(message?.envelope).toEqual({
      from: "alice@example.test",
      to: ["bob@example.test", "carol@example.test", "dave@example.test"],
    });
    const raw = message?.raw ?? "";
    expect(raw).toContain("\r\n\r\n"); // CRLF line ends as sent on the wire
    const headers = raw.slice(0, raw.indexOf("\r\n\r\n")).replaceAll("\r\n", "\n");
    expect(headers).toMatch(/^From: "?Alice"? <alice@example\.test>$/m);
    expect(headers).toMatch(/^To: bob@example\.test$/m);
    expect(headers).toMatch(/^Cc: carol@example\.test$/m);
    expect(headers).not.toMatch(/^Bcc:/im);
    expect(headers).toMatch(/^Subject: Lunch on Thursday\?$/m);
    expect(headers).toMatch(/^Message-ID: <lunch-1@example\.test>$/m);
    expect(headers).toMatch(/^In-Reply-To: <earlier@example\.test>$/m);
    expect(headers).toMatch(/^X-Aiva-Test: yes$/m);
    // dot-stuffing is undone by the server
    expect(raw).toContain("\r\n.\r\nA line with a lone dot.");
    expect(smtp.authFailures).toEqual([]);
  });

  it("rejects a wrong password with 535 and records nothing", async () => {
    const smtp = await sink({ auth: { user: "alice@example.test", pass: "s3cret" } });
    const error = await transport(smtp.port, { user: "alice@example.test", pass: "wrong" })
      .sendMail({ from: "alice@example.test", to: "bob@example.test", subject: "x", text: "x" })
      .then(
        () => null,
        (e: unknown) => e as { code?: string; responseCode?: number },
      );

    expect(error).not.toBeNull();
    expect(error?.responseCode).toBe(535);
    expect(error?.code).toBe("EAUTH");
    expect(smtp.messages).toEqual([]);
    expect(smtp.authFailures).toEqual(["alice@example.test"]);
  });

  it("requires AUTH when configured with credentials", async () => {
    const smtp = await sink({ auth: { user: "alice@example.test", pass: "s3cret" } });
    const error = await transport(smtp.port)
      .sendMail({ from: "alice@example.test", to: "bob@example.test", subject: "x", text: "x" })
      .then(
        () => null,
        (e: unknown) => e as { responseCode?: number },
      );
    expect(error?.responseCode).toBe(530);
    expect(smtp.messages).toEqual([]);
  });

  it("accepts anything without AUTH when configured without credentials", async () => {
    const smtp = await sink();
    await transport(smtp.port).sendMail({ from: "a@example.test", to: "b@example.test", subject: "open", text: "hi" });
    expect(smtp.messages.map((m) => m.envelope)).toEqual([{ from: "a@example.test", to: ["b@example.test"] }]);
    expect(smtp.messages[0]?.user).toBeUndefined();
  });
});
