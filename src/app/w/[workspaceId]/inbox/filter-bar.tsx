"use client";

import { ChevronDown } from "lucide-react";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { selectTriggerClassName } from "@/components/ui/select-trigger-class";
import { CATEGORY_LABELS, PRIORITY_LABELS } from "@/lib/ai-labels";
import { cn } from "@/lib/cn";
import { loader, useLoaded } from "@/lib/lazy";
import { ALL, FILTER_TRIGGER_CLASS, type FilterProps } from "./filter-shared";


const loadSelect = loader(() => import("./filter-select").then((m) => m.FilterSelect));

/** Narrow the current view to one account, category or priority; kept in the URL. */
export function FilterBar({ accounts }: { accounts: { id: string; label: string }[] }) {
  const router = useRouter();
  const params = useSearchParams();

  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value === ALL) next.delete(key);
    else next.set(key, value);
    const query = next.toString();
    router.push(query ? `?${query}` : "?");
  };

  const filter = (key: string, label: string, options: [string, string][]) => (
    <Filter label={label} value={params.get(key) ?? ALL} options={options} onValueChange={(v) => set(key, v)} />
  );

  return (
    <div className="ml-auto hidden shrink-0 items-center gap-1.5 py-1 lg:flex">
      {accounts.length > 1 ? filter("account", "Accounts", accounts.map((a) => [a.id, a.label])) : null}
      {filter("category", "Categories", Object.entries(CATEGORY_LABELS))}
      {filter("priority", "Priorities", Object.entries(PRIORITY_LABELS))}
    </div>
  );
}

/**
 * A filter's select. Until it is first used it is a look-alike button (the select's code,
 * with its popover, comes when the pointer or the focus reaches it); the first click or
 * key opens the real one in its place.
 */
function Filter(props: FilterProps) {
  const [wanted, setWanted] = useState(false);
  const Select = useLoaded(loadSelect, wanted, () => setWanted(false));
  if (Select) return <Select {...props} />;
  const { label, value, options } = props;
  const text = value === ALL ? `All ${label.toLowerCase()}` : (options.find(([v]) => v === value)?.[1] ?? value);
  const preload = () => void loadSelect().catch(() => {});
  return (
    <button
      type="button"
      role="combobox"
      aria-label={label}
      aria-expanded={false}
      aria-autocomplete="none"
      data-slot="select-trigger"
      data-size="sm"
      data-state="closed"
      className={cn(selectTriggerClassName, FILTER_TRIGGER_CLASS)}
      onPointerEnter={preload}
      onFocus={preload}
      onClick={() => setWanted(true)}
      onKeyDown={(event) => {
        if (event.key === "ArrowDown" || event.key === "ArrowUp") {
          event.preventDefault();
          setWanted(true);
        }
      }}
    >
      <span data-slot="select-value" style={{ pointerEvents: "none" }}>
        {text}
      </span>
      <ChevronDown className="size-4 opacity-50" aria-hidden="true" />
    </button>
  );
}
