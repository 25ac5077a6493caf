import crypto from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import type { Address, OutgoingMessage } from "./types";

// An outgoing message as RFC 822 bytes (nodemailer's MailComposer), for every channel that
// sends mail: a fresh Message-ID on the sender's domain, and In-Reply-To / References when
// it answers a message, so every client threads it.

const format = (a: Address) => (a.name ? { name: a.name, address: a.email } : a.email);
const bracket = (id: string) => (id.startsWith("<") ? id : `<${id}>`);

export async function composeMessage(message: OutgoingMessage, options: { keepBcc?: boolean; now?: Date } = {}): Promise<Buffer> {
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
    date: options.now ?? new Date(),
  });
  const mail = composer.compile();
  // Gmail reads recipients from the headers (and strips Bcc itself); SMTP uses the envelope.
  if (options.keepBcc) mail.keepBcc = true;
  return mail.build();
}
