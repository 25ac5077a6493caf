import net from "node:net";
import { ImapFlow } from "imapflow";
import { ChannelError } from "../errors";
import type { Security } from "./settings";

export type ImapServer = {
  host: string;
  port: number;
  security: Security;
  username: string;
  password: string;
  allowSelfSigned: boolean;
};

const TIMEOUT_MS = Number(process.env.AIVA_IMAP_TIMEOUT_MS) || 20_000;

/** Connects and logs in, or throws a ChannelError that says what went wrong. */
export async function openImap(server: ImapServer, signal?: AbortSignal): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: server.security === "tls",
    doSTARTTLS: server.security === "starttls" ? true : server.security === "none" ? false : undefined,
    auth: { user: server.username, pass: server.password },
    tls: { rejectUnauthorized: !server.allowSelfSigned, servername: net.isIP(server.host) ? undefined : server.host },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS * 3,
    qresync: false,
  });
  // A connection error after connect() would otherwise be an unhandled 'error' event.
  client.on("error", () => {});
  const abort = () => client.close();
  signal?.addEventListener("abort", abort, { once: true });
  try {
    await client.connect();
    return client;
  } catch (error) {
    client.close();
    throw describeImapError(error, server);
  } finally {
    signal?.removeEventListener("abort", abort);
  }
}

export async function closeImap(client: ImapFlow): Promise<void> {
  try {
    await client.logout();
  } catch {
    client.close();
  }
}

type ErrorLike = { code?: string; message?: string; authenticationFailed?: boolean; responseText?: string; serverResponseCode?: string };

/** Turns socket, TLS and IMAP failures into messages a person can act on. */
export function describeImapError(error: unknown, server: { host: string; port: number }): ChannelError {
  if (error instanceof ChannelError) return error;
  const e = (error ?? {}) as ErrorLike;
  const where = `${server.host}:${server.port}`;
  const text = `${e.message ?? ""} ${e.responseText ?? ""}`;
  if (e.authenticationFailed || e.serverResponseCode === "AUTHENTICATIONFAILED" || /auth(entication)? failed|invalid credentials|LOGIN failed/i.test(text)) {
    return new ChannelError(
      "The mail server rejected the user name or password. If your provider uses app passwords (Gmail, iCloud, Yahoo, Fastmail), create one and use it here.",
      "auth",
      { cause: error },
    );
  }
  switch (e.code) {
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new ChannelError(`Couldn't find a server called ${server.host}. Check the host name.`, "config", { cause: error });
    case "ECONNREFUSED":
      return new ChannelError(`${where} refused the connection. Check the port and that the server accepts IMAP.`, "config", { cause: error });
    case "ETIMEDOUT":
    case "ESOCKET":
    case "CONNECT_TIMEOUT":
    case "GREETING_TIMEOUT":
    case "UPGRADE_TIMEOUT":
      return new ChannelError(`${where} didn't answer in time. Check the host and port, or try again later.`, "transient", { cause: error });
    case "ECONNRESET":
    case "EPIPE":
    case "NoConnection":
      return new ChannelError(`The connection to ${where} dropped. Aiva will try again.`, "transient", { cause: error });
  }
  if (/certificate|self[- ]signed|SSL|TLS|wrong version number|handshake/i.test(text) || /^ERR_TLS|^ERR_SSL|CERT/.test(e.code ?? "")) {
    return new ChannelError(
      `The secure connection to ${where} failed (${(e.message ?? "TLS error").slice(0, 120)}). Check the security setting (TLS on 993, STARTTLS on 143), or allow a self-signed certificate if your server uses one.`,
      "config",
      { cause: error },
    );
  }
  if (/timed? ?out/i.test(text)) {
    return new ChannelError(`${where} didn't answer in time. Aiva will try again.`, "transient", { cause: error });
  }
  return new ChannelError(`The mail server at ${where} reported an error: ${(e.message ?? "unknown").slice(0, 200)}`, "transient", { cause: error });
}
