"use client";

import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { FieldError } from "@/components/forms/field-error";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { sendMessageAction } from "@/server/actions/mail/send-message";
import { useUndoableSend } from "./use-undoable-send";
import type { SendingAccount } from "./compose-dialog";

const splitAddresses = (value: string) =>
  value
    .split(/[,;\s]+/)
    .map((part) => part.trim())
    .filter(Boolean);

/**
 * The composer's dialog and form, loaded when the browser is idle or on first use (see
 * ./compose-dialog.tsx). It stays mounted once shown, so a closed draft keeps its text.
 */
export function ComposeForm({
  workspaceId,
  accounts,
  open,
  setOpen,
}: {
  workspaceId: string;
  accounts: SendingAccount[];
  open: boolean;
  setOpen: (open: boolean) => void;
}) {
  const router = useRouter();
  const [from, setFrom] = useState(accounts[0]?.id ?? "");
  const [to, setTo] = useState("");
  const [cc, setCc] = useState("");
  const [subject, setSubject] = useState("");
  const [body, setBody] = useState("");
  const track = useUndoableSend(workspaceId);
  const { execute, result, isPending, reset } = useAction(sendMessageAction, {
    onSuccess: ({ data }) => {
      if (!data) return;
      // The fields keep their text until the message is out: Undo or a failure reopens them.
      setOpen(false);
      track(data, {
        label: "Message",
        onUndone: () => setOpen(true),
        onFailed: () => setOpen(true),
        onSent: () => {
          setTo("");
          setCc("");
          setSubject("");
          setBody("");
          reset();
          router.refresh();
        },
      });
    },
  });

  const errors = result.validationErrors as Record<string, { _errors?: string[] } & Record<string, { _errors?: string[] }>> | undefined;
  const firstError = (field: string) => {
    const entry = errors?.[field];
    if (!entry) return undefined;
    if (entry._errors?.length) return entry._errors;
    const nested = Object.values(entry).find((v) => typeof v === "object" && v && "_errors" in v) as { _errors?: string[] } | undefined;
    return nested?._errors;
  };
  const send = () => execute({ workspaceId, connectionId: from, to: splitAddresses(to), cc: splitAddresses(cc), subject, body });

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogContent className="sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>New message</DialogTitle>
          <DialogDescription className="sr-only">Write and send a new message from a connected mailbox.</DialogDescription>
        </DialogHeader>
        <form
          noValidate
          className="grid gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            send();
          }}
        >
          {result.serverError ? (
            <Alert variant="destructive" role="alert">
              <AlertDescription>{result.serverError}</AlertDescription>
            </Alert>
          ) : null}
          {accounts.length > 1 ? (
            <div className="grid gap-1.5">
              <Label htmlFor="compose-from">From</Label>
              <Select value={from} onValueChange={setFrom}>
                <SelectTrigger id="compose-from">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {accounts.map((a) => (
                    <SelectItem key={a.id} value={a.id}>
                      {a.label}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </div>
          ) : null}
          <div className="grid gap-1.5">
            <Label htmlFor="compose-to">To</Label>
            <Input id="compose-to" value={to} onChange={(e) => setTo(e.target.value)} placeholder="name@example.com, …" autoFocus />
            <FieldError errors={firstError("to")} />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="compose-cc">
              Cc <span className="font-normal text-muted-foreground">(optional)</span>
            </Label>
            <Input id="compose-cc" value={cc} onChange={(e) => setCc(e.target.value)} />
            <FieldError errors={firstError("cc")} />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="compose-subject">Subject</Label>
            <Input id="compose-subject" value={subject} onChange={(e) => setSubject(e.target.value)} />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="compose-body">Message</Label>
            <textarea
              id="compose-body"
              value={body}
              onChange={(e) => setBody(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
                  e.preventDefault();
                  send();
                }
              }}
              rows={8}
              className="min-h-40 w-full resize-y rounded-md border bg-transparent px-3 py-2 text-sm shadow-xs outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
            />
            <FieldError errors={firstError("body")} />
          </div>
          <div className="flex justify-end gap-2">
            <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
              Discard
            </Button>
            <Button type="submit" disabled={isPending}>
              {isPending ? "Sending…" : "Send"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
