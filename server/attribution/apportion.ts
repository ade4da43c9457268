// Largest-remainder rounding: integer parts that add up exactly to a given integer total, each
// within one unit of its fractional share. Used for cents and for millionths of an order.

/**
 * Rounds non-negative `values` (whose sum is `total` up to float error) to integers summing to
 * `total`. Units go to the largest fractional parts first, ties to the lower index; should float
 * error leave the floors above the total, units come off the smallest fractional parts.
 */
export function apportion(values: readonly number[], total: number): number[] {
  const n = values.length;
  const parts = values.map((v) => (v > 0 ? Math.floor(v) : 0));
  if (n === 0) return parts;
  let rest = total;
  for (const p of parts) rest -= p;
  const order = values.map((_, i) => i).sort((a, b) => frac(values[b] as number) - frac(values[a] as number) || a - b);
  const eligible = order.filter((i) => (values[i] as number) > 0);
  if (eligible.length === 0) return parts;
  for (let k = 0; rest > 0; k++, rest--) {
    const i = eligible[k % eligible.length] as number;
    parts[i] = (parts[i] as number) + 1;
  }
  for (let k = eligible.length - 1; rest < 0; k = k === 0 ? eligible.length - 1 : k - 1) {
    const i = eligible[k] as number;
    if ((parts[i] as number) > 0) {
      parts[i] = (parts[i] as number) - 1;
      rest++;
    }
  }
  return parts;
}

function frac(v: number): number {
  return v > 0 ? v - Math.floor(v) : 0;
}
