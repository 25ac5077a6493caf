import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Person, ThreadMessage, ThreadView } from "@/lib/inbox-types";
import { canDownloadAttachments } from "@/server/attachments/can-download";
import { supportedProviders } from "@/server/channels/registry";
import { channelConnections, messages, threads } from "@/server/db/schema";
import { withUser } from "@/server/db/with-rls";

// One conversation for the reader, oldest message first. Row-level security decides what
// exists: another workspace's thread, or one the user cannot see, is simply null.

const person = (p: { name?: string | null; email: string }): Person => ({ name: p.name ?? null, email: p.email });

export async function getThread(userId: string, workspaceId: string, threadId: string): Promise<ThreadView | null> {
  const found = await readThread(userId, workspaceId, threadId);
  if (!found) return null;
  // Outside the transaction: this may load the provider's adapter.
  const downloadable = found.view.messages.some((m) => m.attachments.length > 0) && (await canDownloadAttachments(found.provider));
  return { ...found.view, messages: found.view.messages.map((m) => ({ ...m, attachmentsDownloadable: downloadable })) };
}

async function readThread(userId: string, workspaceId: string, threadId: string): Promise<{ view: ThreadView; provider: string } | null> {
  return withUser(userId, async (tx) => {
    const [thread] = await tx
      .select({ id: threads.id, subject: threads.subject, provider: channelConnections.provider })
      .from(threads)
      .innerJoin(channelConnections, eq(channelConnections.id, threads.connectionId))
      .where(and(eq(threads.id, threadId), eq(threads.workspaceId, workspaceId)));
    if (!thread) return null;

    const rows = await tx
      .select({
        id: messages.id,
        senderName: messages.senderName,
        senderEmail: messages.senderEmail,
        recipients: messages.recipients,
        sentAt: messages.sentAt,
        subject: messages.subject,
        snippet: messages.snippet,
        bodyHtml: messages.bodyHtml,
        fullText: messages.fullText,
        bodyText: messages.bodyText,
        attachments: messages.attachments,
        isRead: messages.isRead,
        isStarred: messages.isStarred,
        isArchived: messages.isArchived,
        parseError: messages.parseError,
        direction: messages.direction,
        // The raw source can be large: only fetched where the reader offers it.
        rawSource: sql<string | null>`case when ${messages.parseError} is not null then ${messages.rawSource} end`,
      })
      .from(messages)
      .where(and(eq(messages.threadId, thread.id), eq(messages.workspaceId, workspaceId), isNull(messages.trashedAt)))
      .orderBy(sql`${messages.sentAt} asc nulls first`, asc(messages.createdAt), asc(messages.id));
    if (rows.length === 0) return null;

    const view: ThreadView = {
      id: thread.id,
      canReply: supportedProviders().includes(thread.provider as never),
      subject: thread.subject ?? rows.find((r) => r.subject)?.subject ?? null,
      messages: rows.map(
        (r): ThreadMessage => ({
          id: r.id,
          sender: r.senderEmail || r.senderName ? { name: r.senderName, email: r.senderEmail ?? "" } : null,
          to: (r.recipients?.to ?? []).map(person),
          cc: (r.recipients?.cc ?? []).map(person),
          sentAt: r.sentAt?.toISOString() ?? null,
          subject: r.subject,
          snippet: r.snippet,
          bodyHtml: r.bodyHtml,
          bodyText: r.fullText ?? r.bodyText,
          // Inline images the HTML shows stay out of the list; the index is the stored position.
          attachments: (r.attachments ?? []).flatMap((a, index) =>
            a.disposition === "inline" && a.contentId ? [] : [{ index, filename: a.filename, mimeType: a.mimeType, size: a.size }],
          ),
          attachmentsDownloadable: false,
          isRead: r.isRead,
          isStarred: r.isStarred,
          isArchived: r.isArchived,
          parseError: r.parseError,
          rawSource: r.rawSource,
          outbound: r.direction === "outbound",
        }),
      ),
    };
    return { view, provider: thread.provider };
  });
}
