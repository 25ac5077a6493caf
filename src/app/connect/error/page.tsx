import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { Logo } from "@/components/brand/logo";
import { Button } from "@/components/ui/button";
import { googleConnectFailureMessage } from "@/lib/google-connect";

export const metadata: Metadata = { title: "Gmail wasn't connected" };

/** Where a failed Gmail connect lands: the reason in words and the way back. */
export default async function ConnectErrorPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const reason = typeof params.reason === "string" ? params.reason : null;
  const workspaceId = z.uuid().safeParse(params.workspaceId);
  const back = workspaceId.success ? `/w/${workspaceId.data}/settings#connections` : "/";

  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-4 px-6 text-center">
      <Logo className="text-lg" />
      <h1 className="text-xl font-semibold">Gmail wasn&apos;t connected</h1>
      <p role="alert" className="max-w-md text-sm text-muted-foreground">
        {googleConnectFailureMessage(reason)}
      </p>
      <Button asChild>
        <Link href={back}>{workspaceId.success ? "Back to Connected accounts" : "Go to my inbox"}</Link>
      </Button>
    </main>
  );
}
