import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ApiError } from "@/server/http/api-error";
import { requireMember } from "@/server/http/require-member";
import { QUEUES, getJobQueue } from "@/server/jobs/queue";
import type { ImportJobData } from "@/server/jobs/workers";
import { createSyncRun, finishSyncRun } from "@/server/sync/sync-runs";
import { ensureImportConnection } from "./import-connection";
import { formatLimit, importMaxBytes, importsDir, kindFromName, parseUploadQuery, streamToFile } from "./upload-rules";

// POST /api/import?workspaceId=<uuid>&name=<file name>, the file as the raw body.
// Checks who is asking and what they send, streams the bytes to a temporary file, records
// a sync run (what the Settings screen shows) and leaves the import itself to a job.

export async function receiveUpload(request: Request): Promise<{ runId: string }> {
  checkOrigin(request);
  const params = new URL(request.url).searchParams;
  const { user } = await requireMember(params.get("workspaceId"));
  const { workspaceId, fileName, kind } = parseUploadQuery(params);

  const maxBytes = importMaxBytes();
  const lengthHeader = request.headers.get("content-length");
  const declared = lengthHeader === null ? null : Number(lengthHeader);
  if (declared !== null && Number.isFinite(declared) && declared > maxBytes) {
    throw new ApiError(413, `That file is larger than this server accepts (${formatLimit(maxBytes)}).`);
  }
  if (!request.body || declared === 0) throw new ApiError(400, `“${fileName}” is empty.`);

  const filePath = path.join(/*turbopackIgnore: true*/ importsDir(), `${crypto.randomUUID()}.${kind}`);
  const bytes = await streamToFile(request.body, filePath, {
    maxBytes,
    mustLookLikeMbox: kindFromName(fileName) === "maybe-mbox",
    fileName,
    signal: request.signal,
  });
  if (bytes === 0) {
    fs.rmSync(filePath, { force: true });
    throw new ApiError(400, `“${fileName}” is empty.`);
  }

  let runId: string | null = null;
  let connectionId: string | null = null;
  try {
    connectionId = await ensureImportConnection(workspaceId, user.id);
    runId = await createSyncRun({ workspaceId, connectionId, trigger: "import", label: fileName });
    const data: ImportJobData = {
      runId,
      workspaceId,
      connectionId,
      userId: user.id,
      userEmail: user.email,
      filePath,
      fileName,
    };
    const boss = await getJobQueue();
    await boss.send(QUEUES.import, data);
    return { runId };
  } catch (error) {
    fs.rmSync(filePath, { force: true });
    if (runId && connectionId) {
      await finishSyncRun(runId, connectionId, { error: "The import could not be queued. Try again." }).catch(() => {});
    }
    throw error;
  }
}

/**
 * Browsers send Origin with every POST; one from another site is refused, so a page
 * elsewhere cannot push files into a signed-in person's workspace. Scripts (curl) that send
 * no Origin still need the session cookie.
 */
function checkOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  if (!origin) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new ApiError(403, "Uploads must come from Aiva itself.");
  }
  const allowed = new Set<string>();
  const add = (value: string | null | undefined) => {
    const trimmed = value?.split(",")[0]?.trim();
    if (trimmed) allowed.add(trimmed.toLowerCase());
  };
  add(request.headers.get("host"));
  add(request.headers.get("x-forwarded-host"));
  add(new URL(request.url).host);
  const publicUrl = process.env.AIVA_PUBLIC_URL?.trim();
  if (publicUrl) {
    try {
      add(new URL(publicUrl).host);
    } catch {
      // A malformed AIVA_PUBLIC_URL is reported elsewhere; it adds nothing here.
    }
  }
  if (!allowed.has(host.toLowerCase())) throw new ApiError(403, "Uploads must come from Aiva itself.");
}
