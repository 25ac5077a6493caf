import { calendarAccess, listGoogleCalendars } from "@/server/calendar/google/connections";
import { googleConfig } from "@/server/channels/gmail/config";
import { metadataSchema } from "@/server/channels/imap/settings";
import { listConnections } from "@/server/connections/manage-connections";
import { type ConnectionView, MailboxConnections } from "./mailbox-connections";

/** Server part of Settings → Connections: loads the workspace's live accounts. */
export async function ConnectionsSection({ userId, workspaceId, canManage }: { userId: string; workspaceId: string; canManage: boolean }) {
  const [connections, calendars] = await Promise.all([listConnections(userId, workspaceId), listGoogleCalendars(userId, workspaceId)]);
  const views: ConnectionView[] = connections.map((c) => {
    const meta = c.provider === "imap" ? metadataSchema.safeParse(c.metadata) : null;
    return {
      id: c.id,
      provider: c.provider === "gmail" ? "gmail" : "imap",
      account: c.account,
      displayName: c.displayName,
      status: c.status as ConnectionView["status"],
      lastSyncAt: c.lastSyncAt?.toISOString() ?? null,
      lastError: c.lastError,
      run: c.latestRun
        ? {
            status: c.latestRun.status as NonNullable<ConnectionView["run"]>["status"],
            processed: c.latestRun.processed,
            total: c.latestRun.total,
            imported: c.latestRun.imported,
          }
        : null,
      calendars:
        c.provider === "gmail"
          ? {
              granted: calendarAccess(c.metadata.scopes).read,
              list: (calendars.get(c.id) ?? []).map((calendar) => ({
                ...calendar,
                status: calendar.status as ConnectionView["status"],
                lastSyncAt: calendar.lastSyncAt?.toISOString() ?? null,
              })),
            }
          : null,
      edit: meta?.success
        ? {
            connectionId: c.id,
            email: meta.data.email,
            displayName: c.displayName ?? "",
            imap: meta.data.imap,
            smtp: meta.data.smtp,
            allowSelfSigned: meta.data.allowSelfSigned,
          }
        : null,
    };
  });
  return (
    <MailboxConnections workspaceId={workspaceId} connections={views} gmail={{ available: gmailAvailable(), canManage }} />
  );
}

function gmailAvailable(): boolean {
  try {
    return googleConfig() !== null;
  } catch (error) {
    // A malformed GOOGLE_API_BASE_URL: say "not set up" here; the server log says why.
    console.error("[settings] Google configuration:", (error as Error).message);
    return false;
  }
}
