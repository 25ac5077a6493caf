"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { CATEGORY_LABELS, PRIORITY_LABELS } from "@/lib/ai-labels";

const ALL = "all";

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
    <Select value={params.get(key) ?? ALL} onValueChange={(v) => set(key, v)}>
      <SelectTrigger size="sm" aria-label={label} className="h-7 w-auto min-w-28 gap-1 border-dashed text-xs">
        <SelectValue />
      </SelectTrigger>
      <SelectContent align="end">
        <SelectItem value={ALL}>{`All ${label.toLowerCase()}`}</SelectItem>
        {options.map(([value, text]) => (
          <SelectItem key={value} value={value}>
            {text}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );

  return (
    <div className="ml-auto hidden shrink-0 items-center gap-1.5 py-1 lg:flex">
      {accounts.length > 1 ? filter("account", "Accounts", accounts.map((a) => [a.id, a.label])) : null}
      {filter("category", "Categories", Object.entries(CATEGORY_LABELS))}
      {filter("priority", "Priorities", Object.entries(PRIORITY_LABELS))}
    </div>
  );
}
