import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { z } from "zod";
import { requireUser } from "@/server/auth/current-user";
import { getThread } from "@/server/inbox/get-thread";
import { ThreadReader } from "./thread-reader";

type Params = Promise<{ workspaceId: string; threadId: string }>;

// Metadata and page read the same thread once per request.
const readThread = cache(getThread);

async function load(params: Params) {
  const { workspaceId, threadId } = await params;
  if (!z.uuid().safeParse(threadId).success) notFound();
  const user = await requireUser();
  // Row-level security decides: another workspace's conversation does not exist here.
  const thread = await readThread(user.id, workspaceId, threadId);
  if (!thread) notFound();
  return { workspaceId, thread };
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { thread } = await load(params);
  return { title: thread.subject || "(no subject)" };
}

export default async function ThreadPage({ params }: { params: Params }) {
  const { workspaceId, thread } = await load(params);
  return <ThreadReader workspaceId={workspaceId} thread={thread} />;
}
