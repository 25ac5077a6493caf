import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { authMode, signupAllowed } from "@/server/auth/config";
import { getCurrentUser } from "@/server/auth/current-user";
import { oauthProviders } from "@/server/auth/oauth-providers";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

const CALLBACK_ERRORS: Record<string, string> = {
  callback: "That sign-in link didn't work (it may have expired or been used already). Try again.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  if (await getCurrentUser()) redirect(params.next?.startsWith("/") ? params.next : "/");
  return (
    <SignInForm
      next={params.next}
      notice={params.signedOut ? "You're signed out." : undefined}
      error={params.error ? (CALLBACK_ERRORS[params.error] ?? CALLBACK_ERRORS.callback) : undefined}
      providers={oauthProviders()}
      canSignUp={authMode() === "supabase" || signupAllowed()}
    />
  );
}
