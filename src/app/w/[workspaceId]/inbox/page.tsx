import { Inbox, Mail, Upload } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/page/empty-state";
import { PageHeader } from "@/components/page/page-header";
import { Button } from "@/components/ui/button";
import { requireUser } from "@/server/auth/current-user";
import { listConnections } from "@/server/connections/manage-connections";
import { listMessages } from "@/server/inbox/list-messages";
import { ComposeDialog } from "./compose-dialog";
import { InboxList } from "./inbox-list";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const user = await requireUser();
  const [page, connections] = await Promise.all([listMessages(user.id, workspaceId), listConnections(user.id, workspaceId)]);
  const accounts = connections.map((c) => ({ id: c.id, label: c.displayName && c.displayName !== c.account ? `${c.displayName} <${c.account}>` : c.account }));
  return (
    <>
      <PageHeader title="Inbox" description="Everything in this workspace, newest first.">
        {accounts.length ? <ComposeDialog workspaceId={workspaceId} accounts={accounts} /> : null}
      </PageHeader>
      {page.items.length === 0 ? (
        <EmptyState
          icon={Inbox}
          title="Your inbox is empty"
          action={
            <>
              <Button asChild>
                <Link href={`/w/${workspaceId}/settings#connections`}>
                  <Mail aria-hidden /> Connect a mailbox
                </Link>
              </Button>
              <Button asChild variant="outline">
                <Link href={`/w/${workspaceId}/settings#import`}>
                  <Upload aria-hidden /> Import mail
                </Link>
              </Button>
            </>
          }
        >
          <p>
            Connect any IMAP mailbox to keep it in sync here, or bring in mail you exported from Gmail, Apple Mail or
            Thunderbird in{" "}
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
