"use client";

import { CircleAlert, CircleCheck, FileUp, X } from "lucide-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { LocalTime } from "@/components/local-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Progress } from "@/components/ui/progress";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/cn";
import { formatBytes, formatCount, plural } from "@/lib/format";
import type { SyncRunView } from "@/lib/inbox-types";

// Import mail from .mbox/.eml files: each file is uploaded (XMLHttpRequest, for upload
// progress), then imported by a background job whose run this panel polls until it ends.

const ACCEPTED = /\.(mbox|eml|mbx|txt)$/i;

type Upload = {
  key: string;
  file: File;
  phase: "waiting" | "uploading" | "sent" | "error";
  loaded: number;
  runId: string | null;
  error: string | null;
};

const isActive = (run: SyncRunView) => run.status === "queued" || run.status === "running";

export function ImportPanel({ workspaceId, initialRuns }: { workspaceId: string; initialRuns: SyncRunView[] }) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [runs, setRuns] = useState<SyncRunView[]>(initialRuns);
  const [dragging, setDragging] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const requests = useRef(new Map<string, XMLHttpRequest>());

  const update = useCallback((key: string, patch: Partial<Upload>) => {
    setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...patch } : u)));
  }, []);

  const refresh = useCallback(async () => {
    try {
      const response = await fetch(`/api/sync-runs?workspaceId=${encodeURIComponent(workspaceId)}`, { cache: "no-store" });
      if (!response.ok) return;
      const body = (await response.json()) as { runs: SyncRunView[] };
      setRuns(body.runs.filter((r) => r.trigger === "import"));
    } catch {
      // Offline for a moment: the next poll tries again.
    }
  }, [workspaceId]);

  const addFiles = (files: FileList | File[] | null) => {
    if (!files || files.length === 0) return;
    const added: Upload[] = [...files].map((file) => ({
      key: `${Date.now()}-${Math.random().toString(36).slice(2)}`,
      file,
      phase: ACCEPTED.test(file.name) ? "waiting" : "error",
      loaded: 0,
      runId: null,
      error: ACCEPTED.test(file.name) ? null : "This is not a mailbox file. Choose .mbox or .eml files.",
    }));
    setUploads((all) => [...all, ...added]);
  };

  // One upload at a time, in the order the files were added.
  useEffect(() => {
    if (uploads.some((u) => u.phase === "uploading")) return;
    const next = uploads.find((u) => u.phase === "waiting");
    if (!next || requests.current.has(next.key)) return;
    update(next.key, { phase: "uploading" });
    const xhr = new XMLHttpRequest();
    requests.current.set(next.key, xhr);
    const params = new URLSearchParams({ workspaceId, name: next.file.name });
    xhr.open("POST", `/api/import?${params}`);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.upload.onprogress = (event) => update(next.key, { loaded: event.loaded });
    xhr.onload = () => {
      requests.current.delete(next.key);
      let body: { runId?: string; error?: string } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // Not JSON (a proxy's error page): the status says enough.
      }
      if (xhr.status === 202 && body.runId) {
        update(next.key, { phase: "sent", runId: body.runId, loaded: next.file.size });
        void refresh();
      } else {
        update(next.key, { phase: "error", error: body.error ?? uploadFailure(xhr.status) });
      }
    };
    xhr.onerror = () => {
      requests.current.delete(next.key);
      update(next.key, { phase: "error", error: "The upload was interrupted. Check your connection and try again." });
    };
    xhr.onabort = () => {
      requests.current.delete(next.key);
      update(next.key, { phase: "error", error: "Upload cancelled." });
    };
    xhr.send(next.file);
  }, [uploads, update, refresh, workspaceId]);

  // Abandoned uploads stop with the page.
  useEffect(() => {
    const pending = requests.current;
    return () => pending.forEach((xhr) => xhr.abort());
  }, []);

  // Poll every second while something is importing; every ten seconds otherwise, so
  // imports started elsewhere (another tab, the CLI) show up too.
  const waiting = uploads.some((u) => u.phase === "sent" && !runs.some((r) => r.id === u.runId && !isActive(r)));
  const busy = waiting || runs.some(isActive);
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      if (busy || document.visibilityState === "visible") await refresh();
      if (!cancelled) timer = setTimeout(tick, busy ? 1000 : 10_000);
    };
    timer = setTimeout(tick, busy ? 1000 : 10_000);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [busy, refresh]);

  // A file dropped next to the zone should not replace the page with the file's text.
  useEffect(() => {
    const stop = (event: DragEvent) => {
      if (event.dataTransfer?.types.includes("Files")) event.preventDefault();
    };
    window.addEventListener("dragover", stop);
    window.addEventListener("drop", stop);
    return () => {
      window.removeEventListener("dragover", stop);
      window.removeEventListener("drop", stop);
    };
  }, []);

  return (
    <div className="grid gap-5">
      <button
        type="button"
        onClick={() => inputRef.current?.click()}
        onDragEnter={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = "copy";
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          addFiles(e.dataTransfer.files);
        }}
        aria-describedby="import-formats"
        className={cn(
          "group flex w-full flex-col items-center gap-1.5 rounded-lg border border-dashed px-4 py-8 text-center outline-none transition-colors",
          "hover:border-foreground/30 hover:bg-accent/50 focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50",
          dragging && "border-primary bg-accent",
        )}
      >
        <span className="mb-1 grid size-10 place-items-center rounded-full bg-muted transition-colors group-hover:bg-background">
          <FileUp className="size-5 text-muted-foreground" aria-hidden />
        </span>
        <span className="text-sm font-medium">{dragging ? "Drop to import" : "Drop .mbox or .eml files here"}</span>
        <span className="text-[13px] text-muted-foreground">or click to choose files</span>
      </button>
      <input
        ref={inputRef}
        type="file"
        multiple
        accept=".mbox,.eml,.mbx,.txt,message/rfc822,application/mbox"
        className="sr-only"
        tabIndex={-1}
        aria-label="Choose mailbox files"
        onChange={(e) => {
          addFiles(e.target.files);
          e.target.value = "";
        }}
      />
      <p id="import-formats" className="-mt-3 text-[13px] text-muted-foreground">
        Mailbox files (.mbox) and single messages (.eml). Messages already here are skipped, so importing a file twice is
        safe.
      </p>

      {uploads.length > 0 ? (
        <ul className="grid gap-2" aria-label="Uploads">
          {uploads.map((upload) => (
            <UploadItem
              key={upload.key}
              upload={upload}
              run={runs.find((r) => r.id === upload.runId) ?? null}
              onCancel={() => requests.current.get(upload.key)?.abort()}
              onDismiss={() => setUploads((all) => all.filter((u) => u.key !== upload.key))}
            />
          ))}
        </ul>
      ) : null}

      <TakeoutHelp />

      <section aria-labelledby="recent-imports" className="grid gap-2">
        <h3 id="recent-imports" className="text-sm font-medium">
          Recent imports
        </h3>
        {runs.length === 0 ? (
          <p className="text-[13px] text-muted-foreground">No imports yet.</p>
        ) : (
          <ul className="divide-y rounded-md border" aria-label="Recent imports">
            {runs.map((run) => (
              <RunRow key={run.id} run={run} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function uploadFailure(status: number): string {
  if (status === 401) return "Your session has ended. Sign in again.";
  if (status === 413) return "That file is larger than this server accepts.";
  if (status === 0) return "The upload was interrupted. Check your connection and try again.";
  return "The upload failed. Try again.";
}

/** "Imported 1,180 messages · 20 already here · 0 failed". */
export function resultLine(run: SyncRunView): string {
  return [
    run.imported > 0 ? `Imported ${plural(run.imported, "message")}` : "No new messages",
    `${formatCount(run.duplicates)} already here`,
    `${formatCount(run.failed)} failed`,
  ].join(" · ");
}

function progressLine(run: SyncRunView): string {
  if (run.total && run.total > 0) return `Importing… ${formatCount(run.processed)} of ${formatCount(run.total)}`;
  return run.processed > 0 ? `Importing… ${formatCount(run.processed)} so far` : "Reading the file…";
}

function UploadItem({
  upload,
  run,
  onCancel,
  onDismiss,
}: {
  upload: Upload;
  run: SyncRunView | null;
  onCancel: () => void;
  onDismiss: () => void;
}) {
  const size = upload.file.size;
  let status: React.ReactNode;
  let bar: React.ReactNode = null;
  let tone: "busy" | "done" | "failed" = "busy";

  if (upload.phase === "error") {
    tone = "failed";
    status = upload.error;
  } else if (upload.phase === "waiting") {
    status = "Waiting to upload…";
    bar = <Skeleton className="h-1.5 w-full rounded-full" />;
  } else if (upload.phase === "uploading") {
    status = `Uploading… ${formatBytes(upload.loaded)} of ${formatBytes(size)}`;
    bar = <Progress value={size > 0 ? (upload.loaded / size) * 100 : null} aria-label={`Uploading ${upload.file.name}`} />;
  } else if (!run || run.status === "queued") {
    status = "Uploaded. Waiting for the import to start…";
    bar = <Skeleton className="h-1.5 w-full rounded-full" />;
  } else if (run.status === "running") {
    status = progressLine(run);
    bar = (
      <Progress
        value={run.total ? (run.processed / run.total) * 100 : null}
        aria-label={`Importing ${upload.file.name}`}
      />
    );
  } else if (run.status === "succeeded") {
    tone = "done";
    status = resultLine(run);
  } else {
    tone = "failed";
    status = run.error ?? "The import failed.";
  }

  return (
    <li className="grid gap-2 rounded-md border px-3 py-2.5" aria-label={upload.file.name}>
      <div className="flex items-start gap-2.5">
        {tone === "done" ? (
          <CircleCheck className="mt-0.5 size-4 shrink-0 text-emerald-600 dark:text-emerald-400" aria-hidden />
        ) : tone === "failed" ? (
          <CircleAlert className="mt-0.5 size-4 shrink-0 text-destructive" aria-hidden />
        ) : (
          <FileUp className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden />
        )}
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium" title={upload.file.name}>
            {upload.file.name}
            <span className="ml-2 font-normal text-muted-foreground">{formatBytes(size)}</span>
          </p>
          <p
            role="status"
            className={cn("text-[13px]", tone === "failed" ? "text-destructive" : "text-muted-foreground")}
          >
            {status}
          </p>
        </div>
        {upload.phase === "uploading" ? (
          <Button variant="ghost" size="sm" className="-my-1 h-7" onClick={onCancel}>
            Cancel
          </Button>
        ) : tone !== "busy" ? (
          <Button
            variant="ghost"
            size="icon"
            className="-my-1 size-7"
            aria-label={`Dismiss ${upload.file.name}`}
            onClick={onDismiss}
          >
            <X />
          </Button>
        ) : null}
      </div>
      {bar}
    </li>
  );
}

const STATUS_BADGES: Record<SyncRunView["status"], { label: string; className: string }> = {
  queued: { label: "Queued", className: "border-transparent bg-secondary text-secondary-foreground" },
  running: { label: "Importing", className: "border-transparent bg-sky-500/15 text-sky-700 dark:text-sky-300" },
  succeeded: { label: "Done", className: "border-transparent bg-emerald-500/15 text-emerald-700 dark:text-emerald-300" },
  failed: { label: "Failed", className: "border-transparent bg-destructive/15 text-destructive" },
};

function RunRow({ run }: { run: SyncRunView }) {
  const badge = STATUS_BADGES[run.status];
  const counts =
    run.status === "running"
      ? progressLine(run).replace("Importing… ", "")
      : run.status === "queued"
        ? "Waiting to start"
        : `${formatCount(run.imported)} new · ${formatCount(run.duplicates)} already here · ${formatCount(run.failed)} failed`;
  return (
    <li className="grid gap-1 px-3 py-2.5 text-sm">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="min-w-0 flex-1 truncate font-medium" title={run.label ?? undefined}>
          {run.label ?? "Imported file"}
        </span>
        <Badge className={badge.className}>{badge.label}</Badge>
      </div>
      <div className="flex flex-wrap items-center gap-x-2 text-[13px] text-muted-foreground">
        <LocalTime iso={run.createdAt} format="relative" />
        <span aria-hidden>·</span>
        <span>{counts}</span>
      </div>
      {run.status === "failed" && run.error ? <p className="text-[13px] text-destructive">{run.error}</p> : null}
    </li>
  );
}

function TakeoutHelp() {
  return (
    <details className="group rounded-md border bg-muted/30 px-3 py-2.5 text-[13px] text-muted-foreground">
      <summary className="cursor-pointer list-none font-medium text-foreground outline-none focus-visible:underline [&::-webkit-details-marker]:hidden">
        <span className="mr-1.5 inline-block transition-transform group-open:rotate-90" aria-hidden>
          ›
        </span>
        Where do I get an .mbox file?
      </summary>
      <ul className="mt-2 grid list-disc gap-1.5 pl-5">
        <li>
          <span className="text-foreground">Gmail:</span> open{" "}
          <a
            className="text-foreground underline underline-offset-2"
            href="https://takeout.google.com/settings/takeout/custom/gmail"
            target="_blank"
            rel="noreferrer"
          >
            Google Takeout
          </a>
          , keep only <em>Mail</em> selected (pick labels under “All Mail data included” if you don&apos;t want
          everything), then <em>Next step → Create export</em>. Google emails you a link; unzip the download and upload the
          .mbox files from <code className="font-mono">Takeout/Mail</code>.
        </li>
        <li>
          <span className="text-foreground">Apple Mail:</span> select a mailbox, then <em>Mailbox → Export Mailbox…</em>;
          upload the file named <code className="font-mono">mbox</code> inside the exported folder (rename it to end in
          .mbox).
        </li>
        <li>
          <span className="text-foreground">Thunderbird:</span> the ImportExportTools NG add-on exports folders as .mbox.
        </li>
        <li>Any single email saved from your mail app as .eml works too.</li>
      </ul>
    </details>
  );
}
