"use client";

import { PenSquare } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { PendingDialog, loader, usePreloadWhenIdle, useLoaded } from "@/lib/lazy";
import { useSingleKeys } from "@/components/keyboard/use-single-keys";

export type SendingAccount = { id: string; label: string };

const loadForm = loader(() => import("./compose-form").then((m) => m.ComposeForm));

/**
 * A new message from one of the workspace's connected mailboxes. `c` opens it.
 *
 * The button and the key are here from the first moment; the dialog and its form come
 * when the browser is idle after the page loads, or on the first use if that is sooner.
 */
export function ComposeDialog({ workspaceId, accounts }: { workspaceId: string; accounts: SendingAccount[] }) {
  const [open, setOpen] = useState(false);
  const [wanted, setWanted] = useState(false);
  const Form = useLoaded(loadForm, wanted, () => {
    setOpen(false);
    setWanted(false);
  });
  usePreloadWhenIdle(loadForm);
  const show = () => {
    setWanted(true);
    setOpen(true);
  };

  useSingleKeys({ c: show });

  return (
    <>
      <Button size="sm" onClick={show} aria-keyshortcuts="c">
        <PenSquare aria-hidden /> Compose
      </Button>
      {Form ? (
        <Form workspaceId={workspaceId} accounts={accounts} open={open} setOpen={setOpen} />
      ) : open ? (
        <PendingDialog />
      ) : null}
    </>
  );
}
