import type { Metadata } from "next";
import { PageHeader } from "@/components/page/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ThemeChoice } from "@/components/theme-choice";
import { getAiOverview } from "@/server/ai/settings";
import { requireUser } from "@/server/auth/current-user";
import { listSyncRunViews } from "@/server/sync/sync-run-views";
import { listMembers } from "@/server/workspaces/members";
import { hasRole } from "@/server/workspaces/roles";
import { getWorkspace } from "@/server/workspaces/workspaces";
import { AiSettingsPanel } from "./ai-settings-panel";
import { ConnectionsSection } from "./connections/connections-section";
import { ImportPanel } from "./import-panel";
import { MembersPanel } from "./members-panel";
import { DeleteWorkspace } from "./delete-workspace";
import { WorkspaceNameForm } from "./workspace-name-form";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const user = await requireUser();
  const workspace = await getWorkspace(user.id, workspaceId);
  if (!workspace) return null; // the layout already answered 404
  const [members, runs, ai] = await Promise.all([
    listMembers(user.id, workspaceId),
    listSyncRunViews(user.id, workspaceId),
    getAiOverview(user.id, workspaceId),
  ]);
  const canManage = hasRole(workspace.role, "admin");

  return (
    <>
      <PageHeader title="Settings" description={`${workspace.name} · you are ${article(workspace.role)} ${workspace.role}`} />
      <div className="mx-auto grid max-w-3xl gap-6 px-4 py-6 md:px-8">
        <Card id="workspace">
          <CardHeader>
            <CardTitle>Workspace</CardTitle>
            <CardDescription>The name everyone in this workspace sees.</CardDescription>
          </CardHeader>
          <CardContent>
            <WorkspaceNameForm workspaceId={workspace.id} name={workspace.name} canEdit={canManage} />
            {workspace.role === "owner" && !workspace.isPersonal ? <DeleteWorkspace workspaceId={workspace.id} name={workspace.name} /> : null}
          </CardContent>
        </Card>

        <Card id="members">
          <CardHeader>
            <CardTitle>Members</CardTitle>
            <CardDescription>
              Members share this workspace&apos;s accounts and inbox. Owners and admins manage who belongs.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <MembersPanel
              workspaceId={workspace.id}
              currentUserId={user.id}
              currentRole={workspace.role}
              members={members.map((m) => ({ ...m, joinedAt: m.joinedAt.toISOString() }))}
            />
          </CardContent>
        </Card>

        <Card id="connections">
          <CardHeader>
            <CardTitle>Connected accounts</CardTitle>
            <CardDescription>
              Mailboxes Aiva keeps in sync both ways: what you read, star or archive here happens on the server too.
              Outlook, Slack, Teams and WhatsApp connections are not available in this version yet.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <ConnectionsSection userId={user.id} workspaceId={workspace.id} canManage={canManage} />
          </CardContent>
        </Card>

        <Card id="import">
          <CardHeader>
            <CardTitle>Import mail</CardTitle>
            <CardDescription>
              Bring in mail exported from Gmail, Apple Mail, Thunderbird or any app that saves .mbox or .eml files.
              Everyone in this workspace sees what you import.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <ImportPanel workspaceId={workspace.id} initialRuns={runs.filter((r) => r.trigger === "import")} />
          </CardContent>
        </Card>

        {ai ? (
          <Card id="ai">
            <CardHeader>
              <CardTitle>AI</CardTitle>
              <CardDescription>
                How Aiva reads your mail: which engine, what it does on its own, and what it has cost.
              </CardDescription>
            </CardHeader>
            <CardContent>
              <AiSettingsPanel
                workspaceId={workspace.id}
                initial={ai.settings}
                canEdit={canManage}
                usage={{
                  days: ai.days.map((d) => ({ day: d.day, calls: d.calls, errors: d.errors, tokens: d.promptTokens + d.completionTokens, costUsd: d.costUsd })),
                  totals: ai.totals,
                  decided: ai.decided,
                  activeEngine: ai.activeEngine,
                  openAiConfigured: ai.openAiConfigured,
                }}
              />
            </CardContent>
          </Card>
        ) : null}

        <Card id="appearance">
          <CardHeader>
            <CardTitle>Appearance</CardTitle>
            <CardDescription>Light, dark, or follow your system.</CardDescription>
          </CardHeader>
          <CardContent>
            <ThemeChoice />
          </CardContent>
        </Card>
      </div>
    </>
  );
}

function article(role: string) {
  return role === "owner" || role === "admin" ? "an" : "a";
}
