"use client";

import { Button } from "@/components/ui/button";

// What a person sees when a page fails unexpectedly: no stack trace, a way forward.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="flex min-h-[60dvh] flex-col items-center justify-center gap-3 px-6 text-center">
      <h1 className="text-lg font-semibold">Something went wrong</h1>
      <p className="max-w-sm text-sm text-muted-foreground">
        This page couldn&apos;t load. It&apos;s been logged; try again in a moment.
      </p>
      <Button onClick={reset}>Try again</Button>
    </main>
  );
}
