"use client";

import { Search, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useSingleKeys } from "@/components/keyboard/use-single-keys";

/** Search over the workspace's mail. `/` focuses it; Escape leaves the results. */
export function SearchBox({ workspaceId, initial }: { workspaceId: string; initial: string }) {
  const router = useRouter();
  const [value, setValue] = useState(initial);
  const input = useRef<HTMLInputElement>(null);
  const inboxHref = `/w/${workspaceId}/inbox`;

  useSingleKeys({ "/": () => input.current?.focus() });

  return (
    <form
      role="search"
      className="relative w-full sm:w-80"
      onSubmit={(event) => {
        event.preventDefault();
        const q = value.trim();
        router.push(q ? `${inboxHref}?q=${encodeURIComponent(q)}` : inboxHref);
      }}
    >
      <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
      <input
        ref={input}
        type="search"
        name="q"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            setValue("");
            input.current?.blur();
            if (initial) router.push(inboxHref);
          }
        }}
        placeholder="Search mail  ( / )"
        aria-label="Search mail"
        aria-keyshortcuts="/"
        maxLength={500}
        className="h-8 w-full rounded-md border bg-background pr-8 pl-8 text-sm outline-none placeholder:text-muted-foreground focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 [&::-webkit-search-cancel-button]:hidden"
      />
      {value ? (
        <button
          type="button"
          aria-label="Clear search"
          onClick={() => {
            setValue("");
            if (initial) router.push(inboxHref);
            input.current?.focus();
          }}
          className="absolute top-1/2 right-1.5 grid size-5 -translate-y-1/2 place-items-center rounded text-muted-foreground hover:text-foreground"
        >
          <X className="size-3.5" aria-hidden />
        </button>
      ) : null}
    </form>
  );
}
