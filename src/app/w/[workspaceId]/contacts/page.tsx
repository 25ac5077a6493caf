import { Users } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState } from "@/components/page/empty-state";
import { PageHeader } from "@/components/page/page-header";

export const metadata: Metadata = { title: "Contacts" };

export default function ContactsPage() {
  return (
    <>
      <PageHeader title="Contacts" description="The people you correspond with, across every account." />
      <EmptyState icon={Users} title="No contacts yet">
        Aiva builds this list from the senders and recipients of your messages, so it fills in as mail arrives.
      </EmptyState>
    </>
  );
}
