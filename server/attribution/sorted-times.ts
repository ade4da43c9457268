// Sorted arrays of times (ms) with spare capacity, for each user's purchase times: the unused tail
// holds +Infinity, which sorts after every time, so the binary searches below work on them
// unchanged. Inserting in order costs O(1) amortised, out of order a shift of the later elements.
// Plus exact-size small appends. (Event times, far more numerous, are kept in server/compact/time-list.ts.)
import { lowerBound } from '../metrics/stats.js';

/**
 * Growth by half, done here rather than by V8 (which adds half plus 16 slots on push and would
 * triple the size of the many tiny per-(user, stream) arrays), with few re-allocations.
 */
function grown(a: number[]): number[] {
  const spare = Math.max(1, Math.ceil(a.length / 2));
  return a.concat(spare <= PADS.length ? (PADS[spare - 1] as number[]) : new Array<number>(spare).fill(Infinity));
}

const PADS: number[][] = Array.from({ length: 64 }, (_, i) => Array.from({ length: i + 1 }, () => Infinity));

/**
 * Inserts finite `t` keeping `a` sorted ascending (equal times after the ones already there) and
 * returns the array to keep: `a` itself, or a larger copy when it was full.
 */
export function insertSorted(a: number[], t: number): number[] {
  const b = a.length === 0 || a[a.length - 1] !== Infinity ? grown(a) : a;
  let i = lowerBound(b, Infinity);
  while (i > 0 && (b[i - 1] as number) > t) {
    b[i] = b[i - 1] as number;
    i--;
  }
  b[i] = t;
  return b;
}

/** The number of times held (the length before the +Infinity padding). */
export function sortedLength(a: readonly number[]): number {
  return a.length === 0 || a[a.length - 1] !== Infinity ? a.length : lowerBound(a, Infinity);
}

/** Below this length `appendTo` copies at exact size rather than letting V8 grow the array. */
const EXACT_BELOW = 16;

/** Appends `x` and returns the array to keep, with the same exact-size policy as `insertSorted`. */
export function appendTo<T>(a: T[], x: T): T[] {
  if (a.length < EXACT_BELOW) return a.concat([x]);
  a.push(x);
  return a;
}

/** Whether some element lies in [t, t + span]. */
export function anyWithin(a: readonly number[], t: number, span: number): boolean {
  const i = lowerBound(a, t);
  return i < a.length && (a[i] as number) <= t + span;
}
