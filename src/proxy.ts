import { type NextRequest, NextResponse } from "next/server";
import { authMode } from "@/server/auth/config";
import { SESSION_COOKIE } from "@/server/auth/session-cookie";
import { refreshSupabaseSession } from "@/server/auth/supabase/proxy-session";

// Runs before every page: refreshes the Supabase session (when Supabase Auth is on) and
// sends signed-out visitors of app pages to sign-in. This is a convenience, not the
// security boundary: pages, actions and the database check the user again.

const PUBLIC_PATHS = ["/sign-in", "/sign-up", "/auth/callback"];

export async function proxy(request: NextRequest) {
  const path = request.nextUrl.pathname;
  const isPublic = PUBLIC_PATHS.some((p) => path === p || path.startsWith(`${p}/`));

  let response = NextResponse.next({ request });
  let signedIn: boolean;
  if (authMode() === "supabase") {
    ({ response, signedIn } = await refreshSupabaseSession(request));
  } else {
    signedIn = Boolean(request.cookies.get(SESSION_COOKIE)?.value);
  }

  if (!signedIn && !isPublic) {
    const url = request.nextUrl.clone();
    url.pathname = "/sign-in";
    url.search = path === "/" ? "" : `?next=${encodeURIComponent(path + request.nextUrl.search)}`;
    return NextResponse.redirect(url);
  }
  return response;
}

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico)$).*)"],
};
