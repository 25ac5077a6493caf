import type { gmail_v1 } from "@googleapis/gmail";
import type { SecretAccess, StoredConnection } from "../types";
import { openGmail } from "./gmail-session";

// What other parts of Aiva use from Google: the OAuth client (the connect flow's code
// exchange) and an authorized Gmail client for a stored connection.

export { googleOAuthClient } from "./gmail-session";

/**
 * An authorized Gmail client for a connection. Tokens are refreshed shortly before they
 * expire and saved back through `secrets`; a revoked grant throws ChannelError("auth").
 * Calls made on it directly get no retry policy: map their errors with describeGoogleError.
 */
export async function gmailClientFor(
  connection: Pick<StoredConnection, "id">,
  secrets: SecretAccess,
  signal?: AbortSignal,
): Promise<gmail_v1.Gmail> {
  return (await openGmail(connection, secrets, signal)).gmail;
}
