import { Inbox, Users } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/page/empty-state";
import { PageHeader } from "@/components/page/page-header";
import { Button } from "@/components/ui/button";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  return (
    <>
      <PageHeader title="Inbox" description="Everything that needs you, most important first." />
      <EmptyState
        icon={Inbox}
        title="Your inbox is empty"
        action={
          <Button asChild variant="outline">
            <Link href={`/w/${workspaceId}/settings#members`}>
              <Users aria-hidden /> Add members
            </Link>
          </Button>
        }
      >
        <p>
          Messages from the accounts connected to this workspace appear here, prioritized and summarized. Connecting
          mailboxes and chat accounts is not available in this version of Aiva yet.
        </p>
        <p className="mt-2">Meanwhile, bring your team in: workspace members share its inbox.</p>
      </EmptyState>
    </>
  );
}
