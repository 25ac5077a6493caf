import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { SafeError } from "@/lib/errors";
import { emailSchema } from "@/server/auth/credentials";
import { loadAdapter } from "@/server/channels/registry";
import type { Address, OutgoingMessage } from "@/server/channels/types";
import { channelConnections, messages, profiles } from "@/server/db/schema";
import { withUser } from "@/server/db/with-rls";
import { ingestMessages } from "@/server/sync/ingest";
import { connectionSecrets, loadConnection } from "@/server/sync/run-sync";

// Sending goes out through the channel the conversation lives on, then the sent message
// is stored through the ingest pipeline so it shows in the thread at once (the next sync
// sees the provider's copy and recognises it as the same message). Each send is prepared
// first (who may send, through which account, to whom: errors show at once), then
// delivered; src/server/outbox holds it in between for the undo-send window.

/** A message ready to go: the account it leaves through and what it says. */
export type PreparedSend = { connectionId: string; outgoing: OutgoingMessage };

const recipients = z
  .array(emailSchema)
  .max(100, { message: "Send to at most 100 people at once." });

export const composeSchema = z.object({
  connectionId: z.uuid(),
  to: recipients.min(1, { message: "Add at least one recipient." }),
  cc: recipients.default([]),
  subject: z.string().trim().max(500).default(""),
  body: z.string().trim().min(1, { message: "Write something first." }).max(200_000),
});

export const replySchema = z.object({
  messageId: z.uuid(),
  body: z.string().trim().min(1, { message: "Write something first." }).max(200_000),
  replyAll: z.boolean().default(false),
});

const addresses = (emails: string[]): Address[] => emails.map((email) => ({ name: null, email }));

async function sendingAdapter(connectionId: string, workspaceId: string) {
  const connection = await loadConnection(connectionId);
  if (!connection || connection.workspaceId !== workspaceId) throw new SafeError("That account isn't connected here.", "not_found");
  const adapter = await loadAdapter(connection.provider);
  if (!adapter.send) throw new SafeError("This account can't send messages from Aiva.", "cannot_send");
  return { connection, adapter: { ...adapter, send: adapter.send } };
}

/** Sends a prepared message and stores the sent copy; returns the stored message's id. */
export async function deliver(workspaceId: string, { connectionId, outgoing }: PreparedSend): Promise<string> {
  const { connection, adapter } = await sendingAdapter(connectionId, workspaceId);
  const sent = await adapter.send(
    { connection, secrets: connectionSecrets(connection), signal: AbortSignal.timeout(60_000) },
    outgoing,
  );
  const { inserted } = await ingestMessages({ workspaceId, connectionId }, [{ ...sent, isRead: true }]);
  return inserted[0] ?? "";
}

async function sender(userId: string, connection: { metadata: Record<string, unknown>; providerAccountId: string }) {
  const [profile] = await withUser(userId, (tx) => tx.select({ name: profiles.displayName }).from(profiles).where(eq(profiles.id, userId)));
  const email = typeof connection.metadata.email === "string" ? connection.metadata.email : connection.providerAccountId;
  return { name: profile?.name ?? null, email };
}

export async function prepareNewMessage(userId: string, workspaceId: string, input: z.input<typeof composeSchema>): Promise<PreparedSend> {
  const { connectionId, to, cc, subject, body } = composeSchema.parse(input);
  // Reading the connection as the user proves they may use it (RLS).
  const [connection] = await withUser(userId, (tx) =>
    tx
      .select()
      .from(channelConnections)
      .where(and(eq(channelConnections.id, connectionId), eq(channelConnections.workspaceId, workspaceId))),
  );
  if (!connection) throw new SafeError("That account isn't connected in this workspace.", "not_found");
  await sendingAdapter(connectionId, workspaceId);
  return {
    connectionId,
    outgoing: { from: await sender(userId, connection), to: addresses(to), cc: addresses(cc), bcc: [], subject, text: body },
  };
}

export async function sendNewMessage(userId: string, workspaceId: string, input: z.input<typeof composeSchema>): Promise<{ messageId: string }> {
  return { messageId: await deliver(workspaceId, await prepareNewMessage(userId, workspaceId, input)) };
}

export async function prepareReply(userId: string, workspaceId: string, input: z.input<typeof replySchema>): Promise<PreparedSend> {
  const { messageId, body, replyAll } = replySchema.parse(input);
  const [original] = await withUser(userId, (tx) =>
    tx
      .select({
        message: messages,
        connection: { metadata: channelConnections.metadata, providerAccountId: channelConnections.providerAccountId },
      })
      .from(messages)
      .innerJoin(channelConnections, eq(channelConnections.id, messages.connectionId))
      .where(and(eq(messages.id, messageId), eq(messages.workspaceId, workspaceId))),
  );
  if (!original) throw new SafeError("That message doesn't exist in this workspace.", "not_found");
  const m = original.message;
  const from = await sender(userId, original.connection);
  const own = (a: Address) => a.email.toLowerCase() === from.email.toLowerCase();
  const to =
    m.direction === "outbound"
      ? m.recipients.to
      : m.senderEmail
        ? [{ name: m.senderName, email: m.senderEmail }]
        : [];
  const cc = replyAll ? [...m.recipients.to, ...m.recipients.cc].filter((a) => !own(a) && !to.some((t) => t.email === a.email)) : [];
  if (to.length === 0) throw new SafeError("This message has no sender address to reply to.", "no_recipient");
  const subject = m.subject ? (/^re:/i.test(m.subject) ? m.subject : `Re: ${m.subject}`) : "Re:";
  await sendingAdapter(m.connectionId, workspaceId);
  return {
    connectionId: m.connectionId,
    outgoing: {
      from,
      to,
      cc,
      bcc: [],
      subject,
      text: body,
      inReplyTo: { internetMessageId: m.internetMessageId, references: m.references ?? [], providerThreadId: m.providerThreadId },
    },
  };
}

export async function sendReply(userId: string, workspaceId: string, input: z.input<typeof replySchema>): Promise<{ messageId: string }> {
  return { messageId: await deliver(workspaceId, await prepareReply(userId, workspaceId, input)) };
}
