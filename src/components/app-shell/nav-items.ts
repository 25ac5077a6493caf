import { CalendarDays, CheckSquare, Inbox, Settings, Users, type LucideIcon } from "lucide-react";

export type NavItem = { segment: string; label: string; icon: LucideIcon; shortcut: string };

// `g` then the key jumps there, as in Gmail and Linear.
export const NAV_ITEMS: NavItem[] = [
  { segment: "inbox", label: "Inbox", icon: Inbox, shortcut: "i" },
  { segment: "tasks", label: "Tasks", icon: CheckSquare, shortcut: "t" },
  { segment: "calendar", label: "Calendar", icon: CalendarDays, shortcut: "c" },
  { segment: "contacts", label: "Contacts", icon: Users, shortcut: "p" },
  { segment: "settings", label: "Settings", icon: Settings, shortcut: "s" },
];
