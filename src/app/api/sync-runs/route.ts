import { apiErrorResponse, jsonResponse } from "@/server/http/api-error";
import { requireMember } from "@/server/http/require-member";
import { listSyncRunViews } from "@/server/sync/sync-run-views";

export const dynamic = "force-dynamic";

/** GET /api/sync-runs?workspaceId=<uuid> → { runs }: the workspace's recent syncs and imports, newest first. */
export async function GET(request: Request) {
  try {
    const { user, workspace } = await requireMember(new URL(request.url).searchParams.get("workspaceId"));
    return jsonResponse({ runs: await listSyncRunViews(user.id, workspace.id) });
  } catch (error) {
    return apiErrorResponse(error, "sync-runs");
  }
}
