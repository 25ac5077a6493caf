import { and, desc, eq, ilike, or, sql } from "drizzle-orm";
import { contacts } from "@/server/db/schema";
import { withUser } from "@/server/db/with-rls";

// The Contacts page: one row per address across every account (ingest keeps the counts),
// most recent correspondence first, optionally filtered by name or address.

export type ContactView = {
  id: string;
  email: string;
  name: string | null;
  received: number;
  sent: number;
  lastMessageAt: string | null;
  firstSeenAt: string | null;
};

export const CONTACTS_LIMIT = 500;

export async function listContacts(userId: string, workspaceId: string, filter?: string): Promise<ContactView[]> {
  const needle = filter?.trim().slice(0, 200);
  const like = needle ? `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await withUser(userId, (tx) =>
    tx
      .select()
      .from(contacts)
      .where(and(eq(contacts.workspaceId, workspaceId), like ? or(ilike(contacts.email, like), ilike(contacts.name, like)) : undefined))
      .orderBy(sql`${contacts.lastMessageAt} desc nulls last`, desc(contacts.messagesReceived))
      .limit(CONTACTS_LIMIT),
  );
  return rows.map((c) => ({
    id: c.id,
    email: c.email,
    name: c.name,
    received: c.messagesReceived,
    sent: c.messagesSent,
    lastMessageAt: c.lastMessageAt?.toISOString() ?? null,
    firstSeenAt: c.firstSeenAt?.toISOString() ?? null,
  }));
}
