import { SafeError } from "@/lib/errors";

/**
 * A provider failure described for the person who owns the connection.
 * - `auth`: the credentials stopped working; the connection needs the user (reauth_required).
 * - `transient`: network, timeouts, rate limits; retry with backoff.
 * - `config`: wrong host, TLS mismatch...; retrying won't help until settings change.
 */
export class ChannelError extends SafeError {
  constructor(
    message: string,
    readonly kind: "auth" | "transient" | "config",
    options?: { cause?: unknown },
  ) {
    super(message, `channel_${kind}`);
    if (options?.cause) this.cause = options.cause;
  }
}

/**
 * The provider no longer has a message where Aiva last saw it (deleted, or moved where the
 * adapter cannot follow). The message is for the person; nothing is retried.
 */
export class MessageGoneError extends SafeError {
  constructor(message: string) {
    super(message, "message_gone");
  }
}
