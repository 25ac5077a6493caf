import Link from "next/link";
import { Logo } from "@/components/brand/logo";
import { Button } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-4 px-6 text-center">
      <Logo className="text-lg" />
      <h1 className="text-xl font-semibold">We couldn&apos;t find that page</h1>
      <p className="max-w-sm text-sm text-muted-foreground">
        It may have moved, or it belongs to a workspace you&apos;re not a member of. If someone shared a workspace link
        with you, ask them to add you as a member.
      </p>
      <Button asChild>
        <Link href="/">Go to my inbox</Link>
      </Button>
    </main>
  );
}
