"use client";

import { loader, useMenuOnFirstUse } from "@/lib/lazy";
import { UserMenuButton } from "./user-menu-button";

const loadDropdown = loader(() => import("./user-menu-dropdown").then((m) => m.UserMenuDropdown));

/**
 * The account button; its menu's code (the dropdown) comes when the pointer or the focus
 * reaches the button, and the menu opens on the first click or key as it always did.
 */
export function UserMenu({ email, displayName }: { email: string; displayName: string | null }) {
  const { Loaded: Dropdown, triggerProps } = useMenuOnFirstUse(loadDropdown);
  if (Dropdown) return <Dropdown email={email} displayName={displayName} />;
  return <UserMenuButton email={email} label={displayName || email} {...triggerProps} />;
}
