import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { z } from "zod";
import { requireUser } from "@/server/auth/current-user";
import { getInsight } from "@/server/ai/suggestions";
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
  return { workspaceId, thread, userId: user.id };
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { thread } = await load(params);
  return { title: thread.subject || "(no subject)" };
}

export default async function ThreadPage({ params }: { params: Params }) {
  const { workspaceId, thread, userId } = await load(params);
  // The AI panel speaks about the latest message from the other side of the conversation.
  const focus = thread.messages.findLast((m) => !m.outbound) ?? thread.messages.at(-1)!;
  const insight = await getInsight(userId, workspaceId, focus.id);
  return <ThreadReader workspaceId={workspaceId} thread={thread} insight={insight} />;
}
