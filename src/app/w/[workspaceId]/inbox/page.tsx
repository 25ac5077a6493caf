import { Inbox, Mail, Upload } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/page/empty-state";
import { PageHeader } from "@/components/page/page-header";
import { Button } from "@/components/ui/button";
import { requireUser } from "@/server/auth/current-user";
import { listConnections } from "@/server/connections/manage-connections";
import { INBOX_VIEW_DESCRIPTIONS } from "@/lib/inbox-views";
import { inboxViewSchema, listMessages } from "@/server/inbox/list-messages";
import { ComposeDialog } from "./compose-dialog";
import { InboxList } from "./inbox-list";
import { ViewTabs } from "./view-tabs";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspaceId: string }>;
  searchParams: Promise<{ view?: string | string[] }>;
}) {
  const { workspaceId } = await params;
  const view = inboxViewSchema.parse((await searchParams).view);
  const user = await requireUser();
  const [page, connections] = await Promise.all([listMessages(user.id, workspaceId, { view }), listConnections(user.id, workspaceId)]);
  // The welcome screen is for an empty workspace, not for an empty view of a full one.
  const workspaceEmpty = page.items.length === 0 && (view === "priority" || view === "newest");
  const accounts = connections.map((c) => ({ id: c.id, label: c.displayName && c.displayName !== c.account ? `${c.displayName} <${c.account}>` : c.account }));
  return (
    <>
      <PageHeader title="Inbox" description={INBOX_VIEW_DESCRIPTIONS[view]}>
        {accounts.length ? <ComposeDialog workspaceId={workspaceId} accounts={accounts} /> : null}
      </PageHeader>
      <ViewTabs workspaceId={workspaceId} current={view} />
      {workspaceEmpty ? (
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
        <InboxList key={view} workspaceId={workspaceId} initial={page} view={view} />
      )}
    </>
  );
}
