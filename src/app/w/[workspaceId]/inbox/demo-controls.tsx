"use client";

import { FlaskConical, Sparkles } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { loader, useLoaded } from "@/lib/lazy";
import { loadDemoWorkspaceAction } from "@/server/actions/workspaces/load-demo-workspace";

const loadRemoveDialog = loader(() => import("./remove-demo-dialog").then((m) => m.RemoveDemoDialog));

/**
 * The empty inbox's third way in: a workspace of sample mail to try everything on. (The
 * action is called as it is, without next-safe-action's hooks, to keep them out of the
 * inbox's first JavaScript.)
 */
export function LoadDemoButton() {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const failed = "The demo workspace could not be loaded. Try again.";
  const load = () =>
    startTransition(async () => {
      try {
        // getTimezoneOffset() is minutes *behind* UTC; the server wants minutes east.
        const result = await loadDemoWorkspaceAction({ utcOffsetMinutes: -new Date().getTimezoneOffset() });
        const data = result?.data;
        if (!data) {
          toast.error(result?.serverError ?? failed);
          return;
        }
        toast.success(data.created ? "Demo workspace ready: sample mail, classified." : "Here is your demo workspace.");
        router.push(`/w/${data.workspaceId}/inbox`);
      } catch {
        toast.error(failed);
      }
    });
  return (
    <Button variant="ghost" disabled={isPending} onClick={load}>
      <Sparkles aria-hidden /> {isPending ? "Loading sample mail…" : "Try it with sample mail"}
    </Button>
  );
}

/**
 * Says plainly that this workspace is sample data, and removes it on request. The
 * confirmation's code comes when the pointer or the focus reaches "Remove demo".
 */
export function DemoBanner({ workspaceId, canDelete }: { workspaceId: string; canDelete: boolean }) {
  const [open, setOpen] = useState(false);
  const [wanted, setWanted] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const Confirm = useLoaded(loadRemoveDialog, wanted, () => {
    setOpen(false);
    setWanted(false);
  });
  const preload = () => void loadRemoveDialog().catch(() => {});
  return (
    <div
      role="note"
      className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b bg-muted/50 px-4 py-2 text-[13px] text-muted-foreground sm:px-6"
    >
      <FlaskConical aria-hidden className="size-4 shrink-0" />
      <p className="min-w-0 flex-1">
        <span className="font-medium text-foreground">Demo workspace.</span> The mail here is sample data shipped with Aiva
        <span className="hidden sm:inline">, classified on this machine. Replies can be drafted and copied, not sent</span>.
      </p>
      {canDelete ? (
        <>
          <Button
            ref={button}
            variant="outline"
            size="sm"
            aria-haspopup="dialog"
            aria-expanded={open}
            onPointerEnter={preload}
            onFocus={preload}
            onClick={() => {
              setWanted(true);
              setOpen(true);
            }}
          >
            Remove demo
          </Button>
          {Confirm ? (
            <Confirm workspaceId={workspaceId} open={open} setOpen={setOpen} returnFocus={() => button.current?.focus()} />
          ) : null}
        </>
      ) : null}
    </div>
  );
}
