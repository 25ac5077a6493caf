import { type NextRequest, NextResponse } from "next/server";
import { completeSupabaseSignIn } from "@/server/auth/supabase/complete-sign-in";

export const dynamic = "force-dynamic";

// Supabase Auth's PKCE redirect target (OAuth and email confirmation links).
export async function GET(request: NextRequest) {
  const destination = await completeSupabaseSignIn(request.nextUrl.searchParams);
  return NextResponse.redirect(new URL(destination, request.nextUrl.origin));
}
