// Sorted arrays of event times (ms): insertion that costs O(1) for in-order appends and a binary
// search plus a shift otherwise, and the searches the attribution paths need.

/** Inserts `t` keeping `a` sorted ascending; equal times go after the ones already there. */
export function insertSorted(a: number[], t: number): void {
  const n = a.length;
  if (n === 0 || (a[n - 1] as number) <= t) {
    a.push(t);
    return;
  }
  a.splice(upperBound(a, t), 0, t);
}

/** Index of the first element ≥ `t` (a.length when none). */
export function lowerBound(a: readonly number[], t: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element > `t` (a.length when none). */
export function upperBound(a: readonly number[], t: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The latest element not after `t`, or undefined when every element is after it. */
export function latestAtOrBefore(a: readonly number[], t: number): number | undefined {
  const i = upperBound(a, t);
  return i === 0 ? undefined : a[i - 1];
}

/** Whether some element lies in [t, t + span]. */
export function anyWithin(a: readonly number[], t: number, span: number): boolean {
  const i = lowerBound(a, t);
  return i < a.length && (a[i] as number) <= t + span;
}
