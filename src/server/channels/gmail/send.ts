import crypto from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { ChannelError } from "../errors";
import type { AdapterContext, Address, NormalizedMessage, OutgoingMessage } from "../types";
import { openGmail } from "./gmail-session";
import { toNormalized } from "./mappers";

// Sending through Gmail: the message is built here (RFC 822 with Message-ID, In-Reply-To
// and References), handed to messages.send with the conversation's threadId, and the copy
// Gmail filed under SENT is read back so it is stored exactly as the next sync would see it.

const format = (a: Address) => (a.name ? { name: a.name, address: a.email } : a.email);
const bracket = (id: string) => (id.startsWith("<") ? id : `<${id}>`);

/** The message as RFC 822 bytes, Bcc kept (Gmail reads recipients from the headers and strips Bcc). */
export async function composeRaw(message: OutgoingMessage, now = new Date()): Promise<Buffer> {
  const domain = message.from.email.split("@")[1] || "aiva.local";
  const reply = message.inReplyTo ?? null;
  const references = reply ? [...reply.references, ...(reply.internetMessageId ? [reply.internetMessageId] : [])] : [];
  const composer = new MailComposer({
    from: format(message.from),
    to: message.to.map(format),
    cc: message.cc.map(format),
    bcc: message.bcc.map(format),
    subject: message.subject,
    text: message.text,
    html: message.html ?? undefined,
    messageId: `<${crypto.randomUUID()}@${domain}>`,
    inReplyTo: reply?.internetMessageId ? bracket(reply.internetMessageId) : undefined,
    references: references.length ? [...new Set(references)].map(bracket) : undefined,
    date: now,
  });
  const mail = composer.compile();
  mail.keepBcc = true;
  return mail.build();
}

export async function sendGmail(context: AdapterContext, message: OutgoingMessage): Promise<NormalizedMessage> {
  if (message.to.length + message.cc.length + message.bcc.length === 0) throw new ChannelError("Add at least one recipient.", "config");
  const api = await openGmail(context.connection, context.secrets, context.signal);
  try {
    const raw = (await composeRaw(message)).toString("base64url");
    const threadId = message.inReplyTo?.providerThreadId ?? undefined;
    // Not idempotent: after an unclear failure (5xx, dropped connection) a retry could send twice.
    const sent = await api.call(() => api.gmail.users.messages.send({ userId: "me", requestBody: { raw, threadId } }), { idempotent: false });
    const id = sent.data.id;
    if (!id) throw new ChannelError("Gmail accepted the message but didn't say where it is. It was sent; refresh to see it.", "transient");
    const copy = await api.call(() => api.gmail.users.messages.get({ userId: "me", id, format: "raw" }));
    const normalized = await toNormalized(copy.data);
    return { ...normalized, direction: "outbound", isRead: true };
  } finally {
    await api.tokensSaved().catch(() => {});
  }
}
