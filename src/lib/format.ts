// How numbers, sizes and dates read in Aiva's UI. English wording, the viewer's time zone.

const counts = new Intl.NumberFormat("en-US");

/** 1200 → "1,200". */
export function formatCount(n: number): string {
  return counts.format(n);
}

/** "3 messages", "1 message". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** 1536 → "1.5 KB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "";
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 ? Math.round(value) : value.toFixed(1).replace(/\.0$/, "")} ${units[unit]}`;
}

const time = new Intl.DateTimeFormat("en-US", { hour: "numeric", minute: "2-digit" });
const monthDay = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric" });
const fullDay = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric" });
const long = new Intl.DateTimeFormat("en-US", {
  weekday: "short",
  month: "short",
  day: "numeric",
  year: "numeric",
  hour: "numeric",
  minute: "2-digit",
});

const weekdayMonthDay = new Intl.DateTimeFormat("en-US", { weekday: "short", month: "short", day: "numeric" });
const weekdayFullDay = new Intl.DateTimeFormat("en-US", { weekday: "short", month: "short", day: "numeric", year: "numeric" });

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** For lists: "3:42 PM" today, "Yesterday", "Mar 4" this year, "Mar 4, 2024" before. */
export function formatShortDate(iso: string | null, now: Date = new Date()): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  if (sameDay(date, now)) return time.format(date);
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (sameDay(date, yesterday)) return "Yesterday";
  // Within the last ~10 months reads without the year; older (or future) dates carry it.
  const ageDays = (now.getTime() - date.getTime()) / 86_400_000;
  if (date.getFullYear() === now.getFullYear() || (ageDays >= 0 && ageDays < 300)) return monthDay.format(date);
  return fullDay.format(date);
}

/** For the reader: "Tue, Mar 4, 2025, 3:42 PM". */
export function formatLongDate(iso: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "" : long.format(date);
}

/** For due dates without a time: "Fri, Nov 27" this year, "Fri, Nov 27, 2027" otherwise. */
export function formatDay(iso: string | null, now: Date = new Date()): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return (date.getFullYear() === now.getFullYear() ? weekdayMonthDay : weekdayFullDay).format(date);
}

/** "4 minutes ago", "2 hours ago", then the short date. */
export function formatRelative(iso: string | null, now: Date = new Date()): string {
  if (!iso) return "";
  const date = new Date(iso);
  const seconds = Math.round((now.getTime() - date.getTime()) / 1000);
  if (Number.isNaN(seconds)) return "";
  if (seconds < 45) return "just now";
  if (seconds < 3600) return `${plural(Math.round(seconds / 60), "minute")} ago`;
  if (seconds < 6 * 3600) return `${plural(Math.round(seconds / 3600), "hour")} ago`;
  return formatShortDate(iso, now);
}
