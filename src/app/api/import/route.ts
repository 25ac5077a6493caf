import { apiErrorResponse, jsonResponse } from "@/server/http/api-error";
import { receiveUpload } from "@/server/import/receive-upload";

export const dynamic = "force-dynamic";
// Large mailboxes take a while to arrive.
export const maxDuration = 800;

/** POST /api/import?workspaceId=<uuid>&name=<file name>, the .mbox/.eml file as the body → 202 { runId }. */
export async function POST(request: Request) {
  try {
    return jsonResponse(await receiveUpload(request), 202);
  } catch (error) {
    return apiErrorResponse(error, "import");
  }
}
