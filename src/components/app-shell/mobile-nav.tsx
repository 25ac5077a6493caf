"use client";

import { Sheet, SheetContent, SheetDescription, SheetTitle } from "@/components/ui/sheet";
import { type ShellProps, SidebarContents } from "./sidebar-contents";

/** The sidebar as a sheet on a phone; loaded when the menu button is first used. */
export function MobileNav({ open, setOpen, ...props }: Omit<ShellProps, "children"> & { open: boolean; setOpen: (open: boolean) => void }) {
  return (
    <Sheet open={open} onOpenChange={setOpen}>
      <SheetContent side="left" className="w-72 bg-sidebar p-0">
        <SheetTitle className="sr-only">Navigation</SheetTitle>
        <SheetDescription className="sr-only">Switch workspace or go to another section</SheetDescription>
        {/* Top padding keeps the sheet's close button clear of the workspace switcher. */}
        <div className="h-full pt-10">
          <SidebarContents {...props} onNavigate={() => setOpen(false)} />
        </div>
      </SheetContent>
    </Sheet>
  );
}
