import { z } from "zod";

// What a person types to connect any IMAP/SMTP mailbox. Secrets (passwords) are split
// off before anything is stored in channel_connections.metadata.

export const SECURITY = ["tls", "starttls", "none"] as const;
export type Security = (typeof SECURITY)[number];

const host = z
  .string()
  .trim()
  .min(1, { message: "Enter the server's host name." })
  .max(253)
  .regex(/^[a-z0-9.-]+$|^\[[0-9a-f:.]+\]$/i, { message: "Use a host name like imap.example.com." });
const port = z.coerce.number().int().min(1, { message: "Ports run from 1 to 65535." }).max(65535, { message: "Ports run from 1 to 65535." });

export const imapConnectSchema = z.object({
  email: z.email({ message: "Enter the mailbox's email address." }).trim().toLowerCase(),
  displayName: z.string().trim().max(100).optional().default(""),
  imap: z.object({
    host,
    port,
    security: z.enum(SECURITY),
    username: z.string().trim().min(1, { message: "Enter the user name (often the email address)." }).max(320),
    password: z.string().min(1, { message: "Enter the password or app password." }).max(1000),
  }),
  smtp: z.object({
    host,
    port,
    security: z.enum(SECURITY),
    /** Empty: same as IMAP. */
    username: z.string().trim().max(320).optional().default(""),
    password: z.string().max(1000).optional().default(""),
  }),
  /** Self-hosted servers with their own certificate authority. */
  allowSelfSigned: z.boolean().optional().default(false),
});

export type ImapConnectInput = z.input<typeof imapConnectSchema>;
export type ImapConnectSettings = z.output<typeof imapConnectSchema>;

/** Non-secret settings as stored in channel_connections.metadata. */
export type ImapMetadata = {
  email: string;
  imap: { host: string; port: number; security: Security; username: string };
  smtp: { host: string; port: number; security: Security; username: string };
  allowSelfSigned: boolean;
  mailboxes: MailboxRoles;
  capabilities: { condstore: boolean };
};

export type MailboxRoles = {
  inbox: string;
  sent: string | null;
  archive: string | null;
  trash: string | null;
  junk: string | null;
};

export const metadataSchema = z.object({
  email: z.string(),
  imap: z.object({ host: z.string(), port: z.number(), security: z.enum(SECURITY), username: z.string() }),
  smtp: z.object({ host: z.string(), port: z.number(), security: z.enum(SECURITY), username: z.string() }),
  allowSelfSigned: z.boolean(),
  mailboxes: z.object({
    inbox: z.string(),
    sent: z.string().nullable(),
    archive: z.string().nullable(),
    trash: z.string().nullable(),
    junk: z.string().nullable(),
  }),
  capabilities: z.object({ condstore: z.boolean() }),
});
