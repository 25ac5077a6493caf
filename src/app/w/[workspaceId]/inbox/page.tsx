import { Inbox, Upload } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/page/empty-state";
import { PageHeader } from "@/components/page/page-header";
import { Button } from "@/components/ui/button";
import { requireUser } from "@/server/auth/current-user";
import { listMessages } from "@/server/inbox/list-messages";
import { InboxList } from "./inbox-list";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const user = await requireUser();
  const page = await listMessages(user.id, workspaceId);
  return (
    <>
      <PageHeader title="Inbox" description="Everything in this workspace, newest first." />
      {page.items.length === 0 ? (
        <EmptyState
          icon={Inbox}
          title="Your inbox is empty"
          action={
            <Button asChild variant="outline">
              <Link href={`/w/${workspaceId}/settings#import`}>
                <Upload aria-hidden /> Import mail
              </Link>
            </Button>
          }
        >
          <p>
            Messages of this workspace appear here. Bring in mail you exported from Gmail, Apple Mail or Thunderbird in{" "}
            <Link className="text-foreground underline underline-offset-2" href={`/w/${workspaceId}/settings#import`}>
              Settings → Import mail
            </Link>
            .
          </p>
          <p className="mt-2">Workspace members share its inbox.</p>
        </EmptyState>
      ) : (
        <InboxList workspaceId={workspaceId} initial={page} />
      )}
    </>
  );
}
