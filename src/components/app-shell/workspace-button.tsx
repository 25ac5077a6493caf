import { ChevronsUpDown } from "lucide-react";
import { Button } from "@/components/ui/button";

export type ShellWorkspace = { id: string; name: string; role: "owner" | "admin" | "member"; isPersonal: boolean };

export function WorkspaceInitial({ name }: { name: string }) {
  return (
    <span
      aria-hidden
      className="grid size-6 shrink-0 place-items-center rounded-md bg-primary/10 text-xs font-semibold text-primary"
    >
      {name.trim().charAt(0).toUpperCase() || "?"}
    </span>
  );
}

/** The current workspace at the top of the sidebar: the workspace menu's trigger. */
export function WorkspaceButton({ current, ...props }: React.ComponentProps<typeof Button> & { current: ShellWorkspace }) {
  return (
    <Button
      variant="ghost"
      className="h-10 w-full justify-start gap-2 px-2 text-left"
      aria-label={`Workspace: ${current.name}. Switch workspace`}
      {...props}
    >
      <WorkspaceInitial name={current.name} />
      <span className="min-w-0 flex-1 truncate font-medium" title={current.name}>
        {current.name}
      </span>
      <ChevronsUpDown className="size-4 opacity-50" aria-hidden />
    </Button>
  );
}
