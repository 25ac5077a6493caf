"use client";

import { useState } from "react";
import { loader, useLoaded } from "@/lib/lazy";
import { UserMenuButton } from "./user-menu-button";

const loadDropdown = loader(() => import("./user-menu-dropdown").then((m) => m.UserMenuDropdown));

/**
 * The account button; its menu's code (the dropdown) comes when the pointer or the focus
 * reaches the button, and the menu opens on the first click or key as it always did.
 */
export function UserMenu({ email, displayName }: { email: string; displayName: string | null }) {
  const [wanted, setWanted] = useState(false);
  const Dropdown = useLoaded(loadDropdown, wanted, () => setWanted(false));
  if (Dropdown) return <Dropdown email={email} displayName={displayName} />;
  const preload = () => void loadDropdown().catch(() => {});
  return (
    <UserMenuButton
      email={email}
      label={displayName || email}
      aria-haspopup="menu"
      aria-expanded={false}
      data-state="closed"
      onPointerEnter={preload}
      onFocus={preload}
      onClick={() => setWanted(true)}
      onKeyDown={(event) => {
        if (event.key === "ArrowDown") {
          event.preventDefault();
          setWanted(true);
        }
      }}
    />
  );
}
