import { addDays, startOfDay } from "date-fns";
import { type EventSpan, dayAfter, daysBetween } from "./dates";

// Where events go on screen. Two layouts:
// - the time grid (day and week): each day's timed events as vertical blocks, the ones that
//   overlap side by side in columns, a block widened into free columns to its right;
// - rows of days (the month's weeks, the all-day row): events as bars over the days they
//   cover, stacked in lanes, with "+N more" where a day has more than fits.

export const MINUTES_PER_DAY = 24 * 60;

export type DaySegment<T> = {
  item: T;
  /** Minutes after the day's midnight (wall clock). */
  startMin: number;
  endMin: number;
  /** The event began on an earlier day / goes on into the next one. */
  startsBefore: boolean;
  endsAfter: boolean;
};

const wallMinutes = (d: Date) => d.getHours() * 60 + d.getMinutes();

/** The part of each event that falls on `day`. */
export function segmentsForDay<T>(items: { item: T; span: EventSpan }[], day: Date): DaySegment<T>[] {
  const dayStart = startOfDay(day);
  const dayEnd = addDays(dayStart, 1);
  const out: DaySegment<T>[] = [];
  for (const { item, span } of items) {
    const empty = span.end.getTime() === span.start.getTime();
    const inDay = empty ? span.start >= dayStart && span.start < dayEnd : span.start < dayEnd && span.end > dayStart;
    if (!inDay) continue;
    const startsBefore = span.start < dayStart;
    const endsAfter = span.end > dayEnd;
    const startMin = startsBefore ? 0 : wallMinutes(span.start);
    const endMin = span.end >= dayEnd ? MINUTES_PER_DAY : wallMinutes(span.end);
    // On the night clocks go back, a wall-clock end can read earlier than the start.
    out.push({ item, startMin, endMin: Math.max(endMin, startMin), startsBefore, endsAfter });
  }
  return out;
}

export type Columned<S> = S & {
  /** The column the block starts in, 0-based. */
  column: number;
  /** How many columns its group of overlapping blocks needs. */
  columns: number;
  /** How many columns it covers (1, or more when the columns to its right are free). */
  span: number;
};

/**
 * Side-by-side layout of one day's timed blocks. Blocks shorter than `minMinutes` are
 * drawn that tall, so they count as that long when deciding what overlaps.
 */
export function placeSideBySide<S extends { startMin: number; endMin: number }>(segments: S[], minMinutes = 0): Columned<S>[] {
  const drawnEnd = (s: S) => Math.max(s.endMin, s.startMin + minMinutes);
  const overlaps = (a: S, b: S) => a.startMin < drawnEnd(b) && b.startMin < drawnEnd(a);
  // Earlier first; at the same start, the longer one takes the leftmost column.
  const sorted = [...segments].sort((a, b) => a.startMin - b.startMin || drawnEnd(b) - drawnEnd(a));
  const out: Columned<S>[] = [];

  const placeGroup = (group: S[]) => {
    const columnEnds: number[] = [];
    const columnOf = new Map<S, number>();
    for (const s of group) {
      let column = columnEnds.findIndex((end) => end <= s.startMin);
      if (column === -1) column = columnEnds.push(0) - 1;
      columnEnds[column] = drawnEnd(s);
      columnOf.set(s, column);
    }
    const columns = columnEnds.length;
    for (const s of group) {
      const column = columnOf.get(s)!;
      let span = 1;
      while (column + span < columns && !group.some((o) => columnOf.get(o) === column + span && overlaps(o, s))) span++;
      out.push({ ...s, column, columns, span });
    }
  };

  // A group: blocks linked by overlap, directly or through others; it shares one column count.
  let group: S[] = [];
  let groupEnd = -Infinity;
  for (const s of sorted) {
    if (group.length && s.startMin >= groupEnd) {
      placeGroup(group);
      group = [];
      groupEnd = -Infinity;
    }
    group.push(s);
    groupEnd = Math.max(groupEnd, drawnEnd(s));
  }
  if (group.length) placeGroup(group);
  return out;
}

// ---------------------------------------------------------------------------------------
// Rows of days

export type RowItem<T> = {
  item: T;
  span: EventSpan;
  /** First column it covers and the one after its last, clipped to the row. */
  startCol: number;
  endCol: number;
  /** A bar over whole days (all-day or several days), or a timed event of one day. */
  bar: boolean;
};

export type RowPiece<T> = RowItem<T> & { lane: number; /** The part shown, in columns. */ fromCol: number; toCol: number };

export type RowLayout<T> = {
  pieces: RowPiece<T>[];
  /** Per column: how many of the day's events did not fit ("+N more"). */
  hidden: number[];
  /** Lanes in use (for sizing the all-day row). */
  lanes: number;
};

/** Events that touch the row of `days`, with the columns they cover. */
export function rowItems<T>(items: { item: T; span: EventSpan }[], days: Date[], onlyBars = false): RowItem<T>[] {
  const first = startOfDay(days[0]!);
  const end = addDays(first, days.length);
  const out: RowItem<T>[] = [];
  for (const { item, span } of items) {
    const after = dayAfter(span);
    if (span.start >= end || after <= first) continue;
    const startCol = Math.max(0, daysBetween(first, span.start));
    const endCol = Math.min(days.length, daysBetween(first, after));
    const bar = span.allDayRow || endCol - startCol > 1 || daysBetween(span.start, after) > 1;
    if (onlyBars && !span.allDayRow) continue;
    out.push({ item, span, startCol, endCol: Math.max(endCol, startCol + 1), bar });
  }
  // Bars first (longest first), then timed events by time, so bars keep straight lanes.
  return out.sort(
    (a, b) =>
      Number(b.bar) - Number(a.bar) ||
      a.startCol - b.startCol ||
      b.endCol - b.startCol - (a.endCol - a.startCol) ||
      a.span.start.getTime() - b.span.start.getTime() ||
      a.span.end.getTime() - b.span.end.getTime(),
  );
}

/**
 * Stacks a row's items (in the order given) in the lowest lane free over all their days,
 * and keeps at most `maxLanes` lines per day: when a day has more, its last line becomes
 * "+N more" and a bar is cut where it would fall behind it.
 */
export function layoutRow<T>(items: RowItem<T>[], columns: number, maxLanes = Infinity): RowLayout<T> {
  const taken: boolean[][] = [];
  const placed = items.map((it) => {
    let lane = 0;
    const free = (l: number) => {
      for (let c = it.startCol; c < it.endCol; c++) if (taken[l]?.[c]) return false;
      return true;
    };
    while (!free(lane)) lane++;
    taken[lane] ??= [];
    for (let c = it.startCol; c < it.endCol; c++) taken[lane]![c] = true;
    return { ...it, lane };
  });

  const perDay = Array.from({ length: columns }, (_, c) => placed.filter((p) => p.startCol <= c && c < p.endCol).length);
  const lanesShown = perDay.map((n) => (n > maxLanes ? Math.max(0, maxLanes - 1) : n === 0 ? 0 : Infinity));
  const hidden = perDay.map((n, c) => (n > maxLanes ? placed.filter((p) => p.startCol <= c && c < p.endCol && p.lane >= lanesShown[c]!).length : 0));

  const pieces: RowPiece<T>[] = [];
  for (const p of placed) {
    let from = -1;
    for (let c = p.startCol; c <= p.endCol; c++) {
      const visible = c < p.endCol && p.lane < lanesShown[c]!;
      if (visible && from === -1) from = c;
      if (!visible && from !== -1) {
        pieces.push({ ...p, fromCol: from, toCol: c });
        from = -1;
      }
    }
  }
  const lanes = placed.reduce((n, p) => Math.max(n, p.lane + 1), 0);
  return { pieces, hidden, lanes };
}
