"use client";

import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { toast } from "sonner";
import { FieldError } from "@/components/forms/field-error";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { guessMailServers } from "@/lib/mail-server-guess";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { connectImapAction } from "@/server/actions/connections/connect-imap";
import { updateImapConnectionAction } from "@/server/actions/connections/update-imap-connection";

type Security = "tls" | "starttls" | "none";
const SECURITY_LABEL: Record<Security, string> = { tls: "TLS", starttls: "STARTTLS", none: "None (unencrypted)" };
const DEFAULT_PORT: Record<"imap" | "smtp", Record<Security, number>> = {
  imap: { tls: 993, starttls: 143, none: 143 },
  smtp: { tls: 465, starttls: 587, none: 25 },
};

export type ImapFormInitial = {
  connectionId: string;
  email: string;
  displayName: string;
  imap: { host: string; port: number; security: Security; username: string };
  smtp: { host: string; port: number; security: Security; username: string };
  allowSelfSigned: boolean;
};

/** Connect a new IMAP/SMTP mailbox, or (with `initial`) change an existing one's settings. */
export function ImapForm({ workspaceId, initial, onDone }: { workspaceId: string; initial?: ImapFormInitial; onDone: () => void }) {
  const [email, setEmail] = useState(initial?.email ?? "");
  const [displayName, setDisplayName] = useState(initial?.displayName ?? "");
  const [imap, setImap] = useState({
    host: initial?.imap.host ?? "",
    port: String(initial?.imap.port ?? 993),
    security: (initial?.imap.security ?? "tls") as Security,
    username: initial?.imap.username ?? "",
    password: "",
  });
  const [smtp, setSmtp] = useState({
    host: initial?.smtp.host ?? "",
    port: String(initial?.smtp.port ?? 587),
    security: (initial?.smtp.security ?? "starttls") as Security,
    username: initial?.smtp.username ?? "",
    password: "",
  });
  const [sameLogin, setSameLogin] = useState(!initial || initial.smtp.username === initial.imap.username);
  const [allowSelfSigned, setAllowSelfSigned] = useState(initial?.allowSelfSigned ?? false);

  const onSuccess = () => {
    toast.success(initial ? "Mailbox settings saved. Syncing now." : "Mailbox connected. The first sync has started.");
    onDone();
  };
  const connect = useAction(connectImapAction, { onSuccess });
  const update = useAction(updateImapConnectionAction, { onSuccess });
  const active = initial ? update : connect;
  const errors = active.result.validationErrors as
    | { email?: { _errors?: string[] }; imap?: Record<string, { _errors?: string[] }>; smtp?: Record<string, { _errors?: string[] }> }
    | undefined;

  const fillFromEmail = (value: string) => {
    if (!value.includes("@")) return;
    const guess = guessMailServers(value);
    setImap((s) => ({ ...s, host: s.host || guess.imapHost, username: s.username || value }));
    setSmtp((s) => ({ ...s, host: s.host || guess.smtpHost }));
  };

  const submit = () => {
    const payload = {
      workspaceId,
      email,
      displayName,
      imap: { ...imap, port: Number(imap.port) },
      smtp: {
        ...smtp,
        port: Number(smtp.port),
        username: sameLogin ? "" : smtp.username,
        password: sameLogin ? "" : smtp.password,
      },
      allowSelfSigned,
    };
    if (initial) update.execute({ ...payload, connectionId: initial.connectionId });
    else connect.execute(payload);
  };

  return (
    <form
      noValidate
      className="grid gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {active.result.serverError ? (
        <Alert variant="destructive" role="alert">
          <AlertDescription>{active.result.serverError}</AlertDescription>
        </Alert>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="grid gap-1.5">
          <Label htmlFor="imap-email">Email address</Label>
          <Input
            id="imap-email"
            type="email"
            autoComplete="email"
            value={email}
            disabled={Boolean(initial)}
            onChange={(e) => setEmail(e.target.value)}
            onBlur={(e) => fillFromEmail(e.target.value)}
            aria-invalid={Boolean(errors?.email)}
          />
          <FieldError errors={errors?.email?._errors} />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="imap-display-name">
            Name in Aiva <span className="font-normal text-muted-foreground">(optional)</span>
          </Label>
          <Input id="imap-display-name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} placeholder="Work mail" />
        </div>
      </div>

      <ServerFields
        kind="imap"
        title="Incoming mail (IMAP)"
        value={imap}
        errors={errors?.imap}
        onChange={setImap}
        passwordLabel={initial ? "Password or app password (enter it again)" : "Password or app password"}
      />

      <fieldset className="grid gap-3 rounded-md border p-3">
        <legend className="px-1 text-sm font-medium">Outgoing mail (SMTP)</legend>
        <ServerFields kind="smtp" value={smtp} errors={errors?.smtp} onChange={setSmtp} hideLogin={sameLogin} bare />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" className="size-4 accent-primary" checked={sameLogin} onChange={(e) => setSameLogin(e.target.checked)} />
          Use the same user name and password as IMAP
        </label>
      </fieldset>

      <label className="flex items-start gap-2 text-sm text-muted-foreground">
        <input
          type="checkbox"
          className="mt-0.5 size-4 accent-primary"
          checked={allowSelfSigned}
          onChange={(e) => setAllowSelfSigned(e.target.checked)}
        />
        <span>
          Accept a self-signed certificate. Only for your own server: it lets anyone on the network between you read the
          connection.
        </span>
      </label>

      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button type="button" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={active.isPending}>
          {active.isPending ? "Checking the servers…" : initial ? "Save and sync" : "Connect mailbox"}
        </Button>
      </div>
    </form>
  );
}

type ServerValue = { host: string; port: string; security: Security; username: string; password: string };

function ServerFields(props: {
  kind: "imap" | "smtp";
  title?: string;
  value: ServerValue;
  errors?: Record<string, { _errors?: string[] }>;
  onChange: (update: (value: ServerValue) => ServerValue) => void;
  hideLogin?: boolean;
  bare?: boolean;
  passwordLabel?: string;
}) {
  const { kind, value, errors, onChange } = props;
  const id = (field: string) => `${kind}-${field}`;
  const body = (
    <>
      <div className="grid gap-3 sm:grid-cols-[1fr_6rem_10rem]">
        <div className="grid gap-1.5">
          <Label htmlFor={id("host")}>Server</Label>
          <Input
            id={id("host")}
            value={value.host}
            placeholder={kind === "imap" ? "imap.example.com" : "smtp.example.com"}
            onChange={(e) => onChange((s) => ({ ...s, host: e.target.value }))}
            aria-invalid={Boolean(errors?.host)}
          />
          <FieldError errors={errors?.host?._errors} />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor={id("port")}>Port</Label>
          <Input
            id={id("port")}
            inputMode="numeric"
            value={value.port}
            onChange={(e) => onChange((s) => ({ ...s, port: e.target.value.replace(/\D/g, "") }))}
            aria-invalid={Boolean(errors?.port)}
          />
          <FieldError errors={errors?.port?._errors} />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor={id("security")}>Security</Label>
          <Select
            value={value.security}
            onValueChange={(security: Security) =>
              onChange((s) => ({ ...s, security, port: String(DEFAULT_PORT[kind][security]) }))
            }
          >
            <SelectTrigger id={id("security")} aria-label={`${kind.toUpperCase()} security`}>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {(Object.keys(SECURITY_LABEL) as Security[]).map((s) => (
                <SelectItem key={s} value={s}>
                  {SECURITY_LABEL[s]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
      </div>
      {props.hideLogin ? null : (
        <div className="grid gap-3 sm:grid-cols-2">
          <div className="grid gap-1.5">
            <Label htmlFor={id("username")}>User name</Label>
            <Input
              id={id("username")}
              autoComplete="username"
              value={value.username}
              onChange={(e) => onChange((s) => ({ ...s, username: e.target.value }))}
              aria-invalid={Boolean(errors?.username)}
            />
            <FieldError errors={errors?.username?._errors} />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor={id("password")}>{props.passwordLabel ?? "Password"}</Label>
            <Input
              id={id("password")}
              type="password"
              autoComplete="current-password"
              value={value.password}
              onChange={(e) => onChange((s) => ({ ...s, password: e.target.value }))}
              aria-invalid={Boolean(errors?.password)}
            />
            <FieldError errors={errors?.password?._errors} />
          </div>
        </div>
      )}
    </>
  );
  if (props.bare) return body;
  return (
    <fieldset className="grid gap-3 rounded-md border p-3">
      <legend className="px-1 text-sm font-medium">{props.title}</legend>
      {body}
    </fieldset>
  );
}
