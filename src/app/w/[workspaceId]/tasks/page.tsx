import { CheckSquare } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState } from "@/components/page/empty-state";
import { PageHeader } from "@/components/page/page-header";

export const metadata: Metadata = { title: "Tasks" };

export default function TasksPage() {
  return (
    <>
      <PageHeader title="Tasks" description="Action items from your messages, with their due dates." />
      <EmptyState icon={CheckSquare} title="No tasks yet">
        Aiva turns requests in your messages into tasks you confirm or discard. They&apos;ll show up here once messages
        arrive in this workspace.
      </EmptyState>
    </>
  );
}
