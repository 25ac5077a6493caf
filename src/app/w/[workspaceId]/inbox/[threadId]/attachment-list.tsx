"use client";

import {
  CalendarDays,
  Download,
  File,
  FileArchive,
  FileAudio,
  FileImage,
  FileSpreadsheet,
  FileText,
  FileVideo,
  LoaderCircle,
  Mail,
  Paperclip,
} from "lucide-react";
import { useParams } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { formatBytes } from "@/lib/format";
import type { AttachmentView } from "@/lib/inbox-types";

// A message's attachments. Aiva stores only their names and sizes; where the account can
// fetch the message again (a connected mailbox, not an imported file), each one downloads
// on demand from the provider through the attachments route. The download is fetched here
// rather than followed as a plain link, so a failure (message moved, server unreachable)
// becomes a toast on this row instead of a page of JSON.

const chip = "inline-flex max-w-full items-center gap-1.5 rounded-md border bg-muted/40 px-2 py-1 text-xs";

function iconFor(mimeType: string) {
  const type = mimeType.toLowerCase();
  if (type.startsWith("image/")) return FileImage;
  if (type.startsWith("audio/")) return FileAudio;
  if (type.startsWith("video/")) return FileVideo;
  if (type === "text/calendar" || type === "application/ics") return CalendarDays;
  if (type === "message/rfc822") return Mail;
  if (/zip|compressed|tar|gzip|x-7z|rar/.test(type)) return FileArchive;
  if (/spreadsheet|excel|csv/.test(type)) return FileSpreadsheet;
  if (type === "application/pdf" || type.startsWith("text/") || /word|document|rtf/.test(type)) return FileText;
  return File;
}

/** The cleaned name the server chose (RFC 5987 `filename*`), if it sent one. */
function filenameFrom(response: Response): string | null {
  const header = response.headers.get("content-disposition") ?? "";
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (!encoded) return null;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return null;
  }
}

function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The browser reads the blob after the click returns; free it a little later.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function DownloadLink({ href, attachment }: { href: string; attachment: AttachmentView }) {
  const [busy, setBusy] = useState(false);
  const name = attachment.filename || "Unnamed attachment";
  const Icon = iconFor(attachment.mimeType);

  const download = async () => {
    if (busy) return;
    setBusy(true);
    const fail = (description: string) => toast.error(`Couldn't download ${name}`, { id: href, description });
    try {
      const response = await fetch(href, { credentials: "same-origin", cache: "no-store" });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: unknown } | null;
        fail(typeof body?.error === "string" ? body.error : "Something went wrong on our side. Please try again.");
        return;
      }
      saveBlob(await response.blob(), filenameFrom(response) ?? attachment.filename ?? "attachment");
    } catch {
      fail("Aiva couldn't be reached. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  };

  return (
    <a
      href={href}
      download={attachment.filename ?? ""}
      onClick={(event) => {
        event.preventDefault();
        void download();
      }}
      aria-busy={busy}
      title={`Download ${name}`}
      className={`${chip} outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring`}
    >
      {busy ? (
        <LoaderCircle className="size-3.5 shrink-0 animate-spin text-muted-foreground" aria-hidden />
      ) : (
        <Icon className="size-3.5 shrink-0 text-muted-foreground" aria-hidden />
      )}
      <span className="sr-only">Download </span>
      <span className="truncate">{name}</span>
      <span className="shrink-0 text-muted-foreground">{formatBytes(attachment.size)}</span>
      <Download className="size-3.5 shrink-0 text-muted-foreground" aria-hidden />
    </a>
  );
}

export function AttachmentList({
  messageId,
  attachments,
  downloadable,
}: {
  messageId: string;
  attachments: AttachmentView[];
  downloadable: boolean;
}) {
  const { workspaceId } = useParams<{ workspaceId: string }>();
  const base = `/api/workspaces/${encodeURIComponent(workspaceId)}/messages/${encodeURIComponent(messageId)}/attachments`;
  return (
    <div className="grid gap-1.5">
      <ul className="flex flex-wrap gap-2" aria-label="Attachments">
        {attachments.map((a) =>
          downloadable ? (
            <li key={a.index} className="max-w-full">
              <DownloadLink href={`${base}/${a.index}`} attachment={a} />
            </li>
          ) : (
            <li key={a.index} className={chip}>
              <Paperclip className="size-3.5 shrink-0 text-muted-foreground" aria-hidden />
              <span className="truncate">{a.filename || "Unnamed attachment"}</span>
              <span className="shrink-0 text-muted-foreground">{formatBytes(a.size)}</span>
            </li>
          ),
        )}
      </ul>
      {downloadable ? null : (
        <p className="text-xs text-muted-foreground">Aiva keeps the names and sizes of these attachments, not their content.</p>
      )}
    </div>
  );
}
