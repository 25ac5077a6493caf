import net from "node:net";
import nodemailer from "nodemailer";
import { composeMessage } from "../compose-message";
import { ChannelError } from "../errors";
import type { OutgoingMessage } from "../types";
import type { ImapMetadata } from "./settings";

const TIMEOUT_MS = Number(process.env.AIVA_SMTP_TIMEOUT_MS) || 20_000;

function transport(metadata: ImapMetadata, password: string) {
  const { host, port, security, username } = metadata.smtp;
  return nodemailer.createTransport({
    host,
    port,
    secure: security === "tls",
    requireTLS: security === "starttls",
    ignoreTLS: security === "none",
    auth: { user: username, pass: password },
    tls: { rejectUnauthorized: !metadata.allowSelfSigned, servername: net.isIP(host) ? undefined : host },
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS * 3,
  });
}

type SmtpErrorLike = { code?: string; responseCode?: number; message?: string; command?: string };

export function describeSmtpError(error: unknown, metadata: ImapMetadata): ChannelError {
  const e = (error ?? {}) as SmtpErrorLike;
  const where = `${metadata.smtp.host}:${metadata.smtp.port}`;
  if (e.code === "EAUTH" || e.responseCode === 535 || e.responseCode === 534) {
    return new ChannelError(
      "The outgoing (SMTP) server rejected the user name or password. If your provider uses app passwords, use one here too.",
      "auth",
      { cause: error },
    );
  }
  if (e.code === "EDNS" || /ENOTFOUND|EAI_AGAIN/.test(e.message ?? "")) {
    return new ChannelError(`Couldn't find an outgoing server called ${metadata.smtp.host}. Check the host name.`, "config", { cause: error });
  }
  if (e.code === "ECONNECTION" && /ECONNREFUSED/.test(e.message ?? "")) {
    return new ChannelError(`${where} refused the connection. Check the SMTP port (587 for STARTTLS, 465 for TLS).`, "config", { cause: error });
  }
  if (e.code === "ETLS" || /certificate|SSL|TLS|wrong version number/i.test(e.message ?? "")) {
    return new ChannelError(
      `The secure connection to ${where} failed. Check the SMTP security setting (STARTTLS on 587, TLS on 465).`,
      "config",
      { cause: error },
    );
  }
  if (e.code === "ETIMEDOUT" || e.code === "ECONNECTION" || e.code === "ESOCKET") {
    return new ChannelError(`${where} didn't answer in time. Try again in a moment.`, "transient", { cause: error });
  }
  if (e.responseCode && e.responseCode >= 500) {
    return new ChannelError(`The outgoing server refused the message: ${(e.message ?? "").slice(0, 200)}`, "config", { cause: error });
  }
  return new ChannelError(`Sending through ${where} failed: ${(e.message ?? "unknown error").slice(0, 200)}`, "transient", { cause: error });
}

export async function verifySmtp(metadata: ImapMetadata, password: string): Promise<void> {
  const smtp = transport(metadata, password);
  try {
    await smtp.verify();
  } catch (error) {
    throw describeSmtpError(error, metadata);
  } finally {
    smtp.close();
  }
}

/** Builds the message (Message-ID, In-Reply-To, References), sends it, and returns its source. */
export async function sendViaSmtp(metadata: ImapMetadata, password: string, message: OutgoingMessage): Promise<Buffer> {
  const raw = await composeMessage(message);
  const envelope = {
    from: message.from.email,
    to: [...message.to, ...message.cc, ...message.bcc].map((a) => a.email),
  };
  if (envelope.to.length === 0) throw new ChannelError("Add at least one recipient.", "config");
  const smtp = transport(metadata, password);
  try {
    await smtp.sendMail({ envelope, raw });
  } catch (error) {
    throw describeSmtpError(error, metadata);
  } finally {
    smtp.close();
  }
  return raw;
}
