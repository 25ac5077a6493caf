"use client";

import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { ALL, FILTER_TRIGGER_CLASS, type FilterProps } from "./filter-shared";

/** One filter as a real select, loaded on its first use (see ./filter-bar.tsx); opens at once. */
export function FilterSelect({ label, value, options, onValueChange }: FilterProps) {
  return (
    <Select value={value} onValueChange={onValueChange} defaultOpen>
      <SelectTrigger size="sm" aria-label={label} className={FILTER_TRIGGER_CLASS}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent align="end">
        <SelectItem value={ALL}>{`All ${label.toLowerCase()}`}</SelectItem>
        {options.map(([option, text]) => (
          <SelectItem key={option} value={option}>
            {text}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
