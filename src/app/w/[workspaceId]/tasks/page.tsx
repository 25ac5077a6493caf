import { CheckSquare } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState } from "@/components/page/empty-state";
import { PageHeader } from "@/components/page/page-header";
import { requireUser } from "@/server/auth/current-user";
import { listTasks } from "@/server/tasks/tasks";
import { TaskBoard } from "./task-board";

export const metadata: Metadata = { title: "Tasks" };

export default async function TasksPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const user = await requireUser();
  const tasks = await listTasks(user.id, workspaceId);
  return (
    <>
      <PageHeader title="Tasks" description="Action items from your messages, with their due dates." />
      {tasks.length === 0 ? (
        <EmptyState icon={CheckSquare} title="No tasks yet">
          Aiva finds requests in your messages and suggests them as tasks; confirm one from a message&apos;s AI summary
          and it shows up here. Turn on &ldquo;Suggest tasks&rdquo; in Settings → AI to have them found as mail arrives.
        </EmptyState>
      ) : (
        <TaskBoard workspaceId={workspaceId} tasks={tasks} />
      )}
    </>
  );
}
