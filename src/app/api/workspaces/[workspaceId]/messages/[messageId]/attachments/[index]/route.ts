import { attachmentErrorResponse, attachmentResponse } from "@/server/attachments/attachment-response";
import { downloadAttachment } from "@/server/attachments/download-attachment";
import { requireMember } from "@/server/http/require-member";

export const dynamic = "force-dynamic";

type Params = { workspaceId: string; messageId: string; index: string };

/**
 * GET → the attachment's bytes, fetched from the message's provider now (as a download).
 * Errors are JSON `{ error }`: 401 signed out, 400 bad workspace id, 404 unknown message or
 * attachment (or one whose content Aiva doesn't keep), 409 the message moved or changed at
 * the provider, 502 the provider couldn't be reached.
 */
export async function GET(_request: Request, { params }: { params: Promise<Params> }) {
  try {
    const { workspaceId, messageId, index } = await params;
    const { user, workspace } = await requireMember(workspaceId);
    return attachmentResponse(await downloadAttachment(user.id, workspace.id, { messageId, index }));
  } catch (error) {
    return attachmentErrorResponse(error);
  }
}
