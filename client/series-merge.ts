// Merges the columns of a live update (changed minutes only) into the columns held by the
// page, by bucket time: a known minute is overwritten, a new one is inserted in order, and the
// minutes between get empty buckets so the time axis stays regular.
import type { SeriesColumns } from './types.ts';

/** Columns that count things: an empty minute holds 0, not null. */
const COUNTS = new Set(['gmv', 'orders', 'comments', 'likes', 'engagedUsers', 'joins', 'clicks']);
const STEP = 60_000;

const emptyValue = (name: string) => (COUNTS.has(name) ? 0 : null);

function lowerBound(a: number[], v: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Mutates and returns `base`. */
export function mergeSeries(base: SeriesColumns, update: SeriesColumns): SeriesColumns {
  const names = Object.keys(update).filter((k) => k !== 't');
  for (const name of names) {
    if (!base[name]) base[name] = base.t.map(() => emptyValue(name));
  }
  const baseNames = Object.keys(base).filter((k) => k !== 't');
  const insertAt = (i: number, t: number) => {
    base.t.splice(i, 0, t);
    for (const name of baseNames) base[name]!.splice(i, 0, emptyValue(name));
  };
  update.t.forEach((t, j) => {
    let i = lowerBound(base.t, t);
    if (base.t[i] !== t) {
      // Fill the minutes between the last bucket and a new one at the end.
      if (i === base.t.length && i > 0) {
        for (let gap = base.t[i - 1]! + STEP; gap < t; gap += STEP) insertAt(i++, gap);
      }
      insertAt(i, t);
    }
    for (const name of names) base[name]![i] = update[name]![j] ?? null;
  });
  return base;
}

/** A deep copy, so merges never alter what another view holds. */
export function cloneSeries(s: SeriesColumns): SeriesColumns {
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, [...v]])) as SeriesColumns;
}

/** The names of the authenticity signal columns (everything that is not a base metric). */
const BASE = new Set(['t', ...COUNTS, 'viewers']);
export function signalNames(s: SeriesColumns): string[] {
  return Object.keys(s).filter((k) => !BASE.has(k)).sort();
}
