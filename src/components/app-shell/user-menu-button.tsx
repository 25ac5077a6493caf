import { Button } from "@/components/ui/button";

/** The account button at the foot of the sidebar: the user menu's trigger. */
export function UserMenuButton({ email, label, ...props }: React.ComponentProps<typeof Button> & { email: string; label: string }) {
  return (
    <Button variant="ghost" className="h-10 w-full justify-start gap-2 px-2" aria-label={`Account: ${email}`} {...props}>
      <span aria-hidden className="grid size-6 shrink-0 place-items-center rounded-full bg-muted text-xs font-semibold uppercase">
        {label.charAt(0)}
      </span>
      <span className="min-w-0 flex-1 truncate text-left text-sm">{label}</span>
    </Button>
  );
}
