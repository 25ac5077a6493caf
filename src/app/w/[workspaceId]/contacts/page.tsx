import { Users } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState } from "@/components/page/empty-state";
import { PageHeader } from "@/components/page/page-header";
import { requireUser } from "@/server/auth/current-user";
import { CONTACTS_LIMIT, listContacts } from "@/server/contacts/list-contacts";
import { ContactsTable } from "./contacts-table";

export const metadata: Metadata = { title: "Contacts" };

export default async function ContactsPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspaceId: string }>;
  searchParams: Promise<{ q?: string | string[] }>;
}) {
  const { workspaceId } = await params;
  const { q } = await searchParams;
  const filter = typeof q === "string" ? q : "";
  const user = await requireUser();
  const people = await listContacts(user.id, workspaceId, filter);
  return (
    <>
      <PageHeader title="Contacts" description="The people you correspond with, across every account." />
      {people.length === 0 && !filter ? (
        <EmptyState icon={Users} title="No contacts yet">
          Aiva builds this list from the senders and recipients of your messages, so it fills in as mail arrives.
        </EmptyState>
      ) : (
        <ContactsTable workspaceId={workspaceId} people={people} filter={filter} capped={people.length === CONTACTS_LIMIT} />
      )}
    </>
  );
}
