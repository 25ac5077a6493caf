import { Inbox, Mail, SearchX, Upload } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/page/empty-state";
import { PageHeader } from "@/components/page/page-header";
import { Button } from "@/components/ui/button";
import { requireUser } from "@/server/auth/current-user";
import { listConnections } from "@/server/connections/manage-connections";
import { INBOX_VIEW_DESCRIPTIONS } from "@/lib/inbox-views";
import { inboxFiltersSchema, inboxViewSchema, listMessages } from "@/server/inbox/list-messages";
import { searchMessages } from "@/server/inbox/search-messages";
import { SafeError } from "@/lib/errors";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { isDemoWorkspace } from "@/server/demo/demo-workspace";
import { getWorkspace } from "@/server/workspaces/workspaces";
import { ComposeDialog } from "./compose-dialog";
import { DemoBanner, LoadDemoButton } from "./demo-controls";
import { InboxList } from "./inbox-list";
import { FilterBar } from "./filter-bar";
import { SearchBox } from "./search-box";
import { ViewTabs } from "./view-tabs";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspaceId: string }>;
  searchParams: Promise<{ view?: string | string[]; q?: string | string[]; account?: string; category?: string; priority?: string }>;
}) {
  const { workspaceId } = await params;
  const query = await searchParams;
  const view = inboxViewSchema.parse(query.view);
  const filters = inboxFiltersSchema.parse({ account: query.account, category: query.category, priority: query.priority });
  const filtered = Boolean(filters.account || filters.category || filters.priority);
  const user = await requireUser();
  const q = typeof query.q === "string" ? query.q.trim() : "";
  if (q) return <SearchResults workspaceId={workspaceId} userId={user.id} q={q} />;
  const [page, connections, demo, workspace] = await Promise.all([
    listMessages(user.id, workspaceId, { view, filters }),
    listConnections(user.id, workspaceId),
    isDemoWorkspace(user.id, workspaceId),
    getWorkspace(user.id, workspaceId),
  ]);
  // The welcome screen is for an empty workspace, not for an empty view of a full one.
  const workspaceEmpty = page.items.length === 0 && !filtered && (view === "priority" || view === "newest");
  const accounts = connections.map((c) => ({ id: c.id, label: c.displayName && c.displayName !== c.account ? `${c.displayName} <${c.account}>` : c.account }));
  return (
    <>
      {demo ? <DemoBanner workspaceId={workspaceId} canDelete={workspace?.role === "owner"} /> : null}
      <PageHeader title="Inbox" description={INBOX_VIEW_DESCRIPTIONS[view]}>
        <div className="flex w-full items-center gap-2 sm:w-auto">
          <SearchBox workspaceId={workspaceId} initial="" />
          {accounts.length ? <ComposeDialog workspaceId={workspaceId} accounts={accounts} /> : null}
        </div>
      </PageHeader>
      <ViewTabs workspaceId={workspaceId} current={view}>
        <FilterBar accounts={accounts} />
      </ViewTabs>
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
              <LoadDemoButton />
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
          <p className="mt-2">
            Or try Aiva first on a workspace of sample mail: it opens beside this one and can be removed in a click.
          </p>
        </EmptyState>
      ) : (
        <InboxList key={`${view}:${filters.account}:${filters.category}:${filters.priority}`} workspaceId={workspaceId} initial={page} view={view} filters={filters} />
      )}
    </>
  );
}

async function SearchResults({ workspaceId, userId, q }: { workspaceId: string; userId: string; q: string }) {
  let result: Awaited<ReturnType<typeof searchMessages>> | null = null;
  let refusal: string | null = null;
  try {
    result = await searchMessages(userId, workspaceId, q);
  } catch (error) {
    if (!(error instanceof SafeError)) throw error;
    refusal = error.message;
  }
  const count = result?.items.length ?? 0;
  return (
    <>
      <PageHeader
        title="Search"
        description={refusal ? "Nothing searched yet." : count === 50 ? "The 50 newest matches, best first." : `${count} ${count === 1 ? "match" : "matches"}.`}
      >
        <SearchBox workspaceId={workspaceId} initial={q} />
      </PageHeader>
      {refusal || result?.problems.length ? (
        <div className="px-4 pt-3 md:px-6">
          <Alert>
            <AlertDescription>{refusal ?? result!.problems.join(" ")}</AlertDescription>
          </Alert>
        </div>
      ) : null}
      {result && count === 0 ? (
        <EmptyState icon={SearchX} title="No messages match">
          <p>
            Try fewer words, or operators: <code>from:</code>, <code>to:</code>, <code>is:unread</code>, <code>is:starred</code>,{" "}
            <code>category:newsletter</code>, <code>channel:imap</code>, <code>before:2026-03-01</code>, <code>after:2026-01-31</code>.
          </p>
        </EmptyState>
      ) : result ? (
        <InboxList key={q} workspaceId={workspaceId} initial={{ items: result.items, nextCursor: null }} view="newest" live={false} />
      ) : null}
    </>
  );
}
