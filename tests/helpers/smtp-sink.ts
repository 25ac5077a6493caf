import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerError } from "smtp-server";

// An in-process SMTP server for `npm test`: records what a client (nodemailer) sends, so tests
// can check the envelope and the raw message. Plain SMTP on 127.0.0.1 (no TLS: STARTTLS is not
// offered, so connect with `secure: false`; nodemailer then skips TLS on its own, or pass
// `ignoreTLS: true`). With `auth`, AUTH PLAIN and LOGIN are offered and required: wrong
// credentials get 535, MAIL FROM without AUTH gets 530. Without `auth`, AUTH is not offered and
// anything is accepted.
//
//   const sink = await startSmtpSink({ auth: { user: "u", pass: "p" } });
//   await nodemailer.createTransport({ host: "127.0.0.1", port: sink.port, secure: false,
//     auth: { user: "u", pass: "p" } }).sendMail(...);
//   sink.messages[0].envelope.to; sink.messages[0].raw;
//   await sink.close();
//
// A message is in `messages` before the server answers the DATA command, so it is there as
// soon as sendMail() resolves.

export type SmtpSinkMessage = {
  envelope: { from: string; to: string[] };
  /** The message as received (CRLF line ends, dot-unstuffed), decoded as UTF-8. */
  raw: string;
  /** The user that authenticated for this message, if any. */
  user?: string;
};

export type SmtpSink = {
  host: string;
  port: number;
  /** Every accepted message, in order. */
  messages: SmtpSinkMessage[];
  /** Failed AUTH attempts (user names), for assertions. */
  authFailures: string[];
  close(): Promise<void>;
};

export type SmtpSinkOptions = {
  auth?: { user: string; pass: string };
  /** Implicit TLS is not supported; the option exists to make that explicit. */
  secure?: false;
};

function smtpError(message: string, responseCode: number): SMTPServerError {
  const error: SMTPServerError = new Error(message);
  error.responseCode = responseCode;
  return error;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const { auth } = options;
  const messages: SmtpSinkMessage[] = [];
  const authFailures: string[] = [];

  const server = new SMTPServer({
    secure: false,
    name: "smtp-sink.test",
    banner: "aiva test sink",
    logger: false,
    disabledCommands: auth ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    authMethods: ["PLAIN", "LOGIN"],
    authOptional: !auth,
    allowInsecureAuth: true,
    size: 50 * 1024 * 1024,
    closeTimeout: 1_000,
    onAuth(attempt, _session, callback) {
      if (!auth) return callback(smtpError("5.7.0 Authentication not enabled", 503));
      if (attempt.method !== "PLAIN" && attempt.method !== "LOGIN") {
        return callback(smtpError("5.7.8 Unsupported authentication method", 504));
      }
      if (attempt.username === auth.user && attempt.password === auth.pass) {
        return callback(null, { user: attempt.username });
      }
      authFailures.push(attempt.username ?? "");
      return callback(smtpError("5.7.8 Authentication credentials invalid", 535));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", (error: Error) => callback(error));
      stream.on("end", () => {
        if (stream.sizeExceeded) return callback(smtpError("5.3.4 Message too big", 552));
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        const message: SmtpSinkMessage = {
          envelope: { from, to: session.envelope.rcptTo.map((r) => r.address) },
          raw: Buffer.concat(chunks).toString("utf8"),
        };
        if (typeof session.user === "string") message.user = session.user;
        messages.push(message);
        callback();
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  // Errors after listening (a client dropping the connection) must not crash the test run.
  server.on("error", () => {});
  const { port } = server.server.address() as AddressInfo;

  let closed: Promise<void> | null = null;
  return {
    host: "127.0.0.1",
    port,
    messages,
    authFailures,
    close() {
      closed ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return closed;
    },
  };
}
