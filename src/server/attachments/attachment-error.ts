import { SafeError } from "@/lib/errors";

// Why an attachment can't be downloaded, in words for the person and a reason the route
// turns into an HTTP status (attachment-response.ts).

export type AttachmentErrorReason =
  /** No such message in this workspace (or not visible to this person), or no such attachment. */
  | "not_found"
  /** The message came from an imported file, or its account can't fetch messages again. */
  | "not_kept"
  /** The provider no longer has the message where it was, or it no longer matches what Aiva stored. */
  | "changed"
  /** The provider could not be reached, or refused (password changed, access revoked...). */
  | "unreachable";

export class AttachmentError extends SafeError {
  constructor(
    message: string,
    readonly reason: AttachmentErrorReason,
  ) {
    super(message, `attachment_${reason}`);
    this.name = "AttachmentError";
  }
}
