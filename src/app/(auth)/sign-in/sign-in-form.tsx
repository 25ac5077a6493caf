"use client";

import Link from "next/link";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { FieldError } from "@/components/forms/field-error";
import { signInAction } from "@/server/actions/auth/sign-in";
import { signInWithProviderAction } from "@/server/actions/auth/sign-in-with-provider";

const PROVIDER_LABELS = { google: "Continue with Google", azure: "Continue with Microsoft" } as const;

export function SignInForm(props: {
  next?: string;
  notice?: string;
  error?: string;
  providers: ("google" | "azure")[];
  canSignUp: boolean;
}) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { execute, result, isPending } = useAction(signInAction);
  const provider = useAction(signInWithProviderAction);
  const fieldErrors = result.validationErrors;
  const error = result.serverError ?? provider.result.serverError ?? props.error;

  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-xl">Sign in</CardTitle>
        <CardDescription>Welcome back. Your inbox is waiting.</CardDescription>
      </CardHeader>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          execute({ email, password, next: props.next });
        }}
      >
        <CardContent className="grid gap-4">
          {props.notice && !error ? (
            <Alert>
              <AlertDescription>{props.notice}</AlertDescription>
            </Alert>
          ) : null}
          {error ? (
            <Alert variant="destructive" role="alert">
              <AlertDescription>{error}</AlertDescription>
            </Alert>
          ) : null}
          {props.providers.map((id) => (
            <Button
              key={id}
              type="button"
              variant="outline"
              disabled={provider.isPending}
              onClick={() => provider.execute({ provider: id })}
            >
              {PROVIDER_LABELS[id]}
            </Button>
          ))}
          <div className="grid gap-2">
            <Label htmlFor="email">Email</Label>
            <Input
              id="email"
              type="email"
              autoComplete="email"
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              aria-invalid={Boolean(fieldErrors?.email)}
              required
            />
            <FieldError errors={fieldErrors?.email?._errors} />
          </div>
          <div className="grid gap-2">
            <Label htmlFor="password">Password</Label>
            <Input
              id="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-invalid={Boolean(fieldErrors?.password)}
              required
            />
            <FieldError errors={fieldErrors?.password?._errors} />
          </div>
        </CardContent>
        <CardFooter className="mt-6 flex flex-col gap-3">
          <Button type="submit" className="w-full" disabled={isPending}>
            {isPending ? "Signing in…" : "Sign in"}
          </Button>
          {props.canSignUp ? (
            <p className="text-sm text-muted-foreground">
              New to Aiva?{" "}
              <Link href="/sign-up" className="font-medium text-foreground underline-offset-4 hover:underline">
                Create an account
              </Link>
            </p>
          ) : null}
        </CardFooter>
      </form>
    </Card>
  );
}
