import { type NextRequest, NextResponse } from "next/server";
import { z } from "zod";
import { CONNECT_ERROR_FLAG } from "@/lib/google-connect";
import { getCurrentUser } from "@/server/auth/current-user";
import { requestOrigin } from "@/server/auth/request-info";
import { GoogleConnectError, startGoogleConnect } from "@/server/connections/google-oauth";
import { getWorkspace } from "@/server/workspaces/workspaces";

export const dynamic = "force-dynamic";

const query = z.object({ workspaceId: z.uuid(), returnTo: z.string().max(500).optional() });

/** GET /api/connect/google?workspaceId=<uuid>: sends the browser to Google's consent screen. */
export async function GET(request: NextRequest) {
  const origin = await requestOrigin();
  const to = (path: string) => NextResponse.redirect(new URL(path, origin), 302);
  const user = await getCurrentUser();
  if (!user) return to(`/sign-in?next=${encodeURIComponent(request.nextUrl.pathname + request.nextUrl.search)}`);
  const parsed = query.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success) return to("/connect/error?reason=invalid_request");
  const { workspaceId, returnTo } = parsed.data;
  if (!(await getWorkspace(user.id, workspaceId))) return to("/connect/error?reason=not_member");
  try {
    const { url, cookie } = startGoogleConnect({ userId: user.id, workspaceId, returnTo, origin });
    const response = NextResponse.redirect(url, 302);
    response.cookies.set(cookie.name, cookie.value, cookie.options);
    response.headers.set("Cache-Control", "no-store");
    return response;
  } catch (error) {
    if (error instanceof GoogleConnectError) {
      return to(`/w/${workspaceId}/settings?${CONNECT_ERROR_FLAG}=${error.kind}#connections`);
    }
    console.error("[connect google]", error);
    return to(`/connect/error?reason=unexpected&workspaceId=${workspaceId}`);
  }
}
