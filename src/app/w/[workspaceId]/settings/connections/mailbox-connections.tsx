"use client";

import { AlertTriangle, CalendarDays, CheckCircle2, Mail, RefreshCw } from "lucide-react";
import { useRouter, useSearchParams } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { Suspense, useEffect, useState } from "react";
import { toast } from "sonner";
import { CONNECTED_FLAG, CONNECT_ERROR_FLAG, googleConnectFailureMessage } from "@/lib/google-connect";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { disconnectConnectionAction } from "@/server/actions/connections/disconnect-connection";
import { syncNowAction } from "@/server/actions/connections/sync-now";
import { type ImapFormInitial, ImapForm } from "./imap-form";

export type ConnectionView = {
  id: string;
  provider: "imap" | "gmail";
  account: string;
  displayName: string | null;
  status: "active" | "syncing" | "paused" | "error" | "reauth_required" | "disconnected";
  lastSyncAt: string | null;
  lastError: string | null;
  edit: ImapFormInitial | null;
  /** A Google account's calendars (same grant as its Gmail); null for other providers. */
  calendars: { granted: boolean; list: CalendarView[] } | null;
  run: { status: "queued" | "running" | "succeeded" | "failed"; processed: number; total: number | null; imported: number } | null;
};

export type CalendarView = {
  id: string;
  name: string;
  color: string | null;
  primary: boolean;
  accessRole: string;
  writable: boolean;
  status: ConnectionView["status"];
  lastSyncAt: string | null;
  lastError: string | null;
};

const STATUS: Record<ConnectionView["status"], { label: string; variant: "secondary" | "destructive" | "outline" }> = {
  active: { label: "Connected", variant: "secondary" },
  syncing: { label: "Syncing", variant: "outline" },
  paused: { label: "Paused", variant: "outline" },
  error: { label: "Needs attention", variant: "destructive" },
  reauth_required: { label: "Reconnect needed", variant: "destructive" },
  disconnected: { label: "Disconnected", variant: "outline" },
};

const PROVIDER_LABEL: Record<ConnectionView["provider"], string> = { imap: "IMAP", gmail: "Gmail" };

/** Where "Connect Gmail" and "Reconnect" go: the OAuth start route, which redirects to Google. */
const gmailConnectHref = (workspaceId: string) => `/api/connect/google?workspaceId=${encodeURIComponent(workspaceId)}`;

const numberFormat = new Intl.NumberFormat();

function since(iso: string | null): string {
  if (!iso) return "Not synced yet";
  const minutes = Math.round((Date.now() - new Date(iso).getTime()) / 60_000);
  if (minutes < 1) return "Synced just now";
  if (minutes < 60) return `Synced ${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `Synced ${hours} h ago`;
  return `Synced ${new Date(iso).toLocaleDateString()}`;
}

export type GmailAvailability = { available: boolean; canManage: boolean };

export function MailboxConnections({
  workspaceId,
  connections,
  gmail,
}: {
  workspaceId: string;
  connections: ConnectionView[];
  gmail: GmailAvailability;
}) {
  const router = useRouter();
  const [editing, setEditing] = useState<ImapFormInitial | "new" | null>(null);
  const busy = connections.some(
    (c) => c.status === "syncing" || c.run?.status === "queued" || c.run?.status === "running" || c.calendars?.list.some((k) => k.status === "syncing"),
  );

  // While something syncs, refresh the server-rendered status every two seconds.
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => router.refresh(), 2000);
    return () => clearInterval(timer);
  }, [busy, router]);

  return (
    <div className="grid gap-3">
      {connections.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          No mailboxes yet. Connect Gmail, or any IMAP/SMTP account (Fastmail, iCloud, your company&apos;s server): Aiva
          keeps INBOX and Sent in sync both ways.
        </p>
      ) : (
        <ul className="divide-y rounded-md border" aria-label="Connected mailboxes">
          {connections.map((connection) => (
            <ConnectionRow key={connection.id} workspaceId={workspaceId} connection={connection} onEdit={setEditing} />
          ))}
        </ul>
      )}
      <div className="flex flex-wrap items-center gap-2">
        {gmail.available ? (
          <Button variant="outline" asChild>
            <a href={gmailConnectHref(workspaceId)}>
              <Mail aria-hidden /> Connect Gmail
            </a>
          </Button>
        ) : (
          <Button variant="outline" disabled aria-describedby="gmail-unavailable">
            <Mail aria-hidden /> Connect Gmail
          </Button>
        )}
        <Button variant="outline" onClick={() => setEditing("new")}>
          <Mail aria-hidden /> Connect a mailbox
        </Button>
      </div>
      {gmail.available ? null : (
        <p id="gmail-unavailable" className="text-xs text-muted-foreground">
          {gmail.canManage
            ? "Set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET on the server to connect Gmail."
            : "Gmail isn't set up on this Aiva server yet."}
        </p>
      )}
      <Suspense fallback={null}>
        <ConnectResult />
      </Suspense>
      <Dialog open={editing !== null} onOpenChange={(open) => !open && setEditing(null)}>
        <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-2xl">
          <DialogHeader>
            <DialogTitle>{editing === "new" ? "Connect an IMAP mailbox" : "Mailbox settings"}</DialogTitle>
            <DialogDescription>
              Aiva checks the settings with your mail servers before saving. Passwords are stored encrypted.
            </DialogDescription>
          </DialogHeader>
          {editing ? (
            <ImapForm
              workspaceId={workspaceId}
              initial={editing === "new" ? undefined : editing}
              onDone={() => {
                setEditing(null);
                router.refresh();
              }}
            />
          ) : null}
        </DialogContent>
      </Dialog>
    </div>
  );
}

function ConnectionRow({
  workspaceId,
  connection,
  onEdit,
}: {
  workspaceId: string;
  connection: ConnectionView;
  onEdit: (initial: ImapFormInitial) => void;
}) {
  const router = useRouter();
  const sync = useAction(syncNowAction, {
    onSuccess: ({ data }) => {
      toast.success(data?.queued ? "Sync started." : "A sync is already on its way.");
      router.refresh();
    },
    onError: ({ error }) => toast.error(error.serverError ?? "Couldn't start a sync."),
  });
  const remove = useAction(disconnectConnectionAction, {
    onSuccess: () => {
      toast.success(`${connection.account} was disconnected.`);
      router.refresh();
    },
    onError: ({ error }) => toast.error(error.serverError ?? "Couldn't disconnect."),
  });
  const status = STATUS[connection.status];
  const running = connection.run && (connection.run.status === "running" || connection.run.status === "queued");
  const needsFix = connection.status === "error" || connection.status === "reauth_required";

  return (
    <li className="grid gap-2 px-3 py-3">
      <div className="flex flex-wrap items-center gap-3">
        <span className="grid size-8 shrink-0 place-items-center rounded-full bg-muted" aria-hidden>
          {needsFix ? <AlertTriangle className="size-4 text-destructive" /> : <CheckCircle2 className="size-4 text-muted-foreground" />}
        </span>
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium">{connection.displayName || connection.account}</p>
          <p className="truncate text-xs text-muted-foreground">
            {`${PROVIDER_LABEL[connection.provider]} · `}
            {connection.displayName && connection.displayName !== connection.account ? `${connection.account} · ` : ""}
            {running
              ? connection.run!.total
                ? `Syncing… ${numberFormat.format(connection.run!.processed)} of ${numberFormat.format(connection.run!.total)}`
                : "Syncing…"
              : since(connection.lastSyncAt)}
          </p>
        </div>
        <Badge variant={status.variant}>{status.label}</Badge>
        <div className="flex gap-1">
          <Button
            variant="ghost"
            size="sm"
            disabled={sync.isPending || Boolean(running)}
            onClick={() => sync.execute({ workspaceId, connectionId: connection.id })}
          >
            <RefreshCw className={running ? "animate-spin" : undefined} aria-hidden /> Sync now
          </Button>
          {connection.provider === "gmail" && connection.status === "reauth_required" ? (
            <Button variant="ghost" size="sm" asChild>
              <a href={gmailConnectHref(workspaceId)}>Reconnect</a>
            </Button>
          ) : null}
          {connection.edit ? (
            <Button variant="ghost" size="sm" onClick={() => onEdit(connection.edit!)}>
              {connection.status === "reauth_required" ? "Reconnect" : "Edit"}
            </Button>
          ) : null}
          <AlertDialog>
            <AlertDialogTrigger asChild>
              <Button variant="ghost" size="sm" disabled={remove.isPending}>
                Disconnect
              </Button>
            </AlertDialogTrigger>
            <AlertDialogContent>
              <AlertDialogHeader>
                <AlertDialogTitle>Disconnect {connection.account}?</AlertDialogTitle>
                <AlertDialogDescription>
                  {connection.calendars?.list.length
                    ? "Its messages and calendars are removed from Aiva. Nothing is deleted in your Google account, and you can connect it again later."
                    : "Its messages are removed from Aiva. Nothing is deleted on your mail server, and you can connect it again later."}
                </AlertDialogDescription>
              </AlertDialogHeader>
              <AlertDialogFooter>
                <AlertDialogCancel>Cancel</AlertDialogCancel>
                <AlertDialogAction
                  className="bg-destructive text-white hover:bg-destructive/90"
                  onClick={() => remove.execute({ workspaceId, connectionId: connection.id })}
                >
                  Disconnect
                </AlertDialogAction>
              </AlertDialogFooter>
            </AlertDialogContent>
          </AlertDialog>
        </div>
      </div>
      {needsFix && connection.lastError ? (
        <p role="status" className="rounded-md bg-destructive/10 px-3 py-2 text-[13px] text-destructive">
          {connection.lastError}
        </p>
      ) : null}
      {connection.calendars ? <GoogleCalendars workspaceId={workspaceId} connection={connection} calendars={connection.calendars} /> : null}
    </li>
  );
}

const ACCESS_LABEL: Record<string, string> = { reader: "Read-only", freeBusyReader: "Free/busy only" };

/** The calendars that came with a Google account, under it: name, colour, last sync, problems. */
function GoogleCalendars({
  workspaceId,
  connection,
  calendars,
}: {
  workspaceId: string;
  connection: ConnectionView;
  calendars: NonNullable<ConnectionView["calendars"]>;
}) {
  if (!calendars.granted) {
    return (
      <div className="ml-11 flex flex-wrap items-center gap-2 rounded-md border border-dashed px-3 py-2 text-[13px] text-muted-foreground">
        <CalendarDays className="size-4 shrink-0" aria-hidden />
        <span className="min-w-0 flex-1">
          Google Calendar wasn&apos;t allowed when this account was connected, so its calendars aren&apos;t in Aiva.
        </span>
        <Button variant="outline" size="sm" asChild>
          <a href={gmailConnectHref(workspaceId)} aria-label={`Reconnect ${connection.account} and allow Google Calendar`}>
            Allow Calendar
          </a>
        </Button>
      </div>
    );
  }
  if (calendars.list.length === 0) {
    return (
      <p className="ml-11 flex items-center gap-2 text-[13px] text-muted-foreground">
        <CalendarDays className="size-4 shrink-0" aria-hidden />
        {connection.status === "reauth_required"
          ? "Its calendars appear here again once the account is reconnected."
          : "Its calendars appear here after the first sync."}
      </p>
    );
  }
  return (
    <div className="ml-11 grid gap-1">
      <div className="flex items-center gap-2">
        <p className="text-xs font-medium text-muted-foreground" id={`calendars-${connection.id}`}>
          Calendars
        </p>
        {connection.status !== "reauth_required" && calendars.list.some((c) => c.status === "reauth_required") ? (
          <Button variant="ghost" size="sm" className="h-7" asChild>
            <a href={gmailConnectHref(workspaceId)} aria-label={`Reconnect ${connection.account} for its calendars`}>
              Reconnect
            </a>
          </Button>
        ) : null}
      </div>
      {/* A group, not a nested list: "Connected mailboxes" keeps one item per account. */}
      <div role="group" className="grid gap-1" aria-labelledby={`calendars-${connection.id}`}>
        {calendars.list.map((calendar) => {
          const problem = calendar.status === "error" || calendar.status === "reauth_required";
          return (
            <div key={calendar.id} className="grid gap-1 text-[13px]">
              <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-0.5">
                <span
                  aria-hidden
                  className="inline-block size-2.5 shrink-0 rounded-full border border-foreground/10 bg-muted-foreground/50"
                  style={calendar.color ? { backgroundColor: calendar.color } : undefined}
                />
                <span className="min-w-0 truncate font-medium">{calendar.name}</span>
                {calendar.primary ? <Badge variant="outline">Primary</Badge> : null}
                {ACCESS_LABEL[calendar.accessRole] ? <Badge variant="outline">{ACCESS_LABEL[calendar.accessRole]}</Badge> : null}
                <span className="text-xs text-muted-foreground">
                  {problem ? STATUS[calendar.status].label : calendar.status === "syncing" ? "Syncing…" : since(calendar.lastSyncAt)}
                </span>
              </div>
              {/* A revoked grant is said once, on the account above. */}
              {problem && calendar.lastError && !(calendar.status === "reauth_required" && connection.status === "reauth_required") ? (
                <p role="status" className="rounded-md bg-destructive/10 px-2 py-1 text-xs text-destructive">
                  {calendar.lastError}
                </p>
              ) : null}
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** The toast after coming back from Google (the callback adds ?connected=gmail). */
function ConnectResult() {
  const params = useSearchParams();
  const router = useRouter();
  const connected = params.get(CONNECTED_FLAG);
  const failed = params.get(CONNECT_ERROR_FLAG);
  useEffect(() => {
    if (!connected && !failed) return;
    if (connected === "gmail") toast.success("Gmail is connected. The first sync has started.");
    else if (failed) toast.error(googleConnectFailureMessage(failed));
    // Forget the flag, so a reload doesn't say it again.
    const url = new URL(window.location.href);
    url.searchParams.delete(CONNECTED_FLAG);
    url.searchParams.delete(CONNECT_ERROR_FLAG);
    router.replace(`${url.pathname}${url.search}${url.hash}`, { scroll: false });
  }, [connected, failed, router]);
  return null;
}
