import { apiErrorResponse, jsonResponse } from "@/server/http/api-error";
import { requireMember } from "@/server/http/require-member";
import { inboxFiltersSchema, inboxViewSchema, listMessages } from "@/server/inbox/list-messages";

export const dynamic = "force-dynamic";

/** GET /api/messages?workspaceId=<uuid>&view=<priority|newest|...>&cursor=<from the previous page> → { items, nextCursor }. */
export async function GET(request: Request) {
  try {
    const params = new URL(request.url).searchParams;
    const { user, workspace } = await requireMember(params.get("workspaceId"));
    const view = inboxViewSchema.parse(params.get("view") ?? undefined);
    const filters = inboxFiltersSchema.parse({
      account: params.get("account") ?? undefined,
      category: params.get("category") ?? undefined,
      priority: params.get("priority") ?? undefined,
    });
    return jsonResponse(await listMessages(user.id, workspace.id, { cursor: params.get("cursor"), view, filters }));
  } catch (error) {
    return apiErrorResponse(error, "messages");
  }
}
