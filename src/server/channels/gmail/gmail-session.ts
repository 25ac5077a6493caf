import { gmail, type gmail_v1 } from "@googleapis/gmail";
import type { SecretAccess, StoredConnection } from "../types";
import { type GoogleSession, openGoogleSession } from "./google-session";

// The Gmail session every adapter call goes through (client.ts is the public face of it):
// the connection's Google session (google-session.ts: token refresh, retries, reauth) with
// a Gmail client on top.

export { type CallOptions, googleOAuthClient, requireGoogleConfig, retryDelay, sleep } from "./google-session";

/** A Gmail client with its OAuth client and the retry policy every adapter call goes through. */
export type GmailSession = GoogleSession & { gmail: gmail_v1.Gmail };

export async function openGmail(connection: Pick<StoredConnection, "id">, secrets: SecretAccess, signal?: AbortSignal): Promise<GmailSession> {
  const session = await openGoogleSession(secrets, { signal, label: `gmail ${connection.id}` });
  const client = gmail({ version: "v1", auth: session.auth, rootUrl: session.config.gmailRootUrl, retry: false, signal: session.signal });
  return Object.assign(session, { gmail: client });
}
