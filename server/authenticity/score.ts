// The 0–100 authenticity score from flags (CONTRACT §6): each flag costs points by severity;
// a high flag caps the score below 50, a medium one below 70; low flags alone keep it ≥ 70.
import type { Flag, Severity } from './types.js';

const PENALTY: Record<Severity, number> = { low: 6, medium: 22, high: 45 };

export function scoreOf(flags: readonly Flag[]): number {
  let score = 100;
  for (const f of flags) score -= PENALTY[f.severity];
  score = Math.max(0, score);
  if (flags.some((f) => f.severity === 'high')) return Math.min(score, 45);
  if (flags.some((f) => f.severity === 'medium')) return Math.min(score, 65);
  return Math.max(score, 70);
}

/** Runs of raised minutes, merging gaps of at most `gap` minutes: one episode each. */
export function episodes(raised: readonly number[], gap = 5): Array<{ from: number; to: number; minutes: number[] }> {
  const sorted = [...raised].sort((a, b) => a - b);
  const out: Array<{ from: number; to: number; minutes: number[] }> = [];
  for (const m of sorted) {
    const last = out[out.length - 1];
    if (last && m - last.to <= gap + 1) {
      last.to = m;
      last.minutes.push(m);
    } else {
      out.push({ from: m, to: m, minutes: [m] });
    }
  }
  return out;
}
