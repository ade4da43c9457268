// Small numeric helpers that stay safe on long inputs (no argument spreading) and the minute.

export const MINUTE = 60_000;

export function minOf(values: Iterable<number>, empty = Infinity): number {
  let m = empty;
  for (const v of values) if (v < m) m = v;
  return m;
}

export function maxOf(values: Iterable<number>, empty = -Infinity): number {
  let m = empty;
  for (const v of values) if (v > m) m = v;
  return m;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}
