import { type NextRequest, NextResponse } from "next/server";
import { CONNECTED_FLAG } from "@/lib/google-connect";
import { getCurrentUser } from "@/server/auth/current-user";
import { requestOrigin } from "@/server/auth/request-info";
import { CONNECT_COOKIE, GoogleConnectError, clearedConnectCookie, finishGoogleConnect } from "@/server/connections/google-oauth";

export const dynamic = "force-dynamic";

/** GET /api/connect/google/callback: Google's redirect back. Finishes, forgets the flow, redirects. */
export async function GET(request: NextRequest) {
  const origin = await requestOrigin();
  let destination: string;
  const user = await getCurrentUser();
  if (!user) {
    destination = "/connect/error?reason=signed_out";
  } else {
    try {
      const done = await finishGoogleConnect({
        userId: user.id,
        query: request.nextUrl.searchParams,
        cookie: request.cookies.get(CONNECT_COOKIE)?.value,
        origin,
      });
      destination = withFlag(done.returnTo, `${CONNECTED_FLAG}=gmail`);
    } catch (error) {
      const kind = error instanceof GoogleConnectError ? error.kind : "unexpected";
      if (kind === "unexpected") console.error("[connect google callback]", error);
      const workspaceId = error instanceof GoogleConnectError ? error.workspaceId : undefined;
      destination = `/connect/error?reason=${kind}${workspaceId ? `&workspaceId=${workspaceId}` : ""}`;
    }
  }
  // Single use: whatever happened, this browser's half of the flow is gone.
  const response = NextResponse.redirect(new URL(destination, origin), 302);
  const cleared = clearedConnectCookie(origin);
  response.cookies.set(cleared.name, cleared.value, cleared.options);
  response.headers.set("Cache-Control", "no-store");
  return response;
}

/** Adds a query flag to a path that may carry a #fragment. */
function withFlag(path: string, flag: string): string {
  const [beforeHash, hash] = path.split("#", 2);
  const joiner = beforeHash!.includes("?") ? "&" : "?";
  return `${beforeHash}${joiner}${flag}${hash ? `#${hash}` : ""}`;
}
