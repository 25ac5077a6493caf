// What the inbox filters' look-alike buttons (./filter-bar.tsx) and real selects (./filter-select.tsx) share.

export const ALL = "all";
export const FILTER_TRIGGER_CLASS = "h-7 w-auto min-w-28 gap-1 border-dashed text-xs";

export type FilterProps = {
  label: string;
  value: string;
  options: [string, string][];
  onValueChange: (value: string) => void;
};
