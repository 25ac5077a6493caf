import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { authMode, signupAllowed } from "@/server/auth/config";
import { getCurrentUser } from "@/server/auth/current-user";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create your account" };
export const dynamic = "force-dynamic";

export default async function SignUpPage() {
  if (await getCurrentUser()) redirect("/");
  if (authMode() === "local" && !signupAllowed()) {
    return (
      <Card>
        <CardHeader>
          <CardTitle className="text-xl">Sign-ups are closed</CardTitle>
          <CardDescription>
            This Aiva doesn&apos;t accept new accounts. Ask its administrator to create one for you, then{" "}
            <Link href="/sign-in" className="font-medium text-foreground underline-offset-4 hover:underline">
              sign in
            </Link>
            .
          </CardDescription>
        </CardHeader>
      </Card>
    );
  }
  return <SignUpForm />;
}
