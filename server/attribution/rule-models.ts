// The rule-based splits of one purchase over its path (CONTRACT §5): one weight per touchpoint,
// in path order, summing to 1. The path is never empty here.

export type RuleModel = 'last_touch' | 'first_touch' | 'linear' | 'time_decay' | 'position_based';

/** `times` are the touchpoint times in path order (ascending); `halfLife` in ms, > 0. */
export function ruleWeights(model: RuleModel, times: readonly number[], halfLife: number): number[] {
  const n = times.length;
  const w = new Array<number>(n).fill(0);
  if (n === 0) return w;
  switch (model) {
    case 'last_touch':
      w[n - 1] = 1;
      return w;
    case 'first_touch':
      w[0] = 1;
      return w;
    case 'linear':
      return w.fill(1 / n);
    case 'position_based':
      return positionBased(n);
    case 'time_decay':
      return timeDecay(times, halfLife);
  }
}

/** 40 % first, 40 % last, 20 % split over the middle; one touchpoint 100 %, two 50/50. */
function positionBased(n: number): number[] {
  if (n === 1) return [1];
  if (n === 2) return [0.5, 0.5];
  const w = new Array<number>(n).fill(0.2 / (n - 2));
  w[0] = 0.4;
  w[n - 1] = 0.4;
  return w;
}

/**
 * 2^(−Δt/H) with Δt = purchase time − touchpoint time, normalised. Measured from the latest
 * touchpoint instead (the shift cancels in the normalisation), so old paths never underflow to 0/0.
 */
function timeDecay(times: readonly number[], halfLife: number): number[] {
  const latest = times[times.length - 1] as number;
  const w = times.map((t) => 2 ** (-(latest - t) / halfLife));
  let sum = 0;
  for (const x of w) sum += x;
  return w.map((x) => x / sum);
}
