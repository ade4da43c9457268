// Bought viewers: the platform's count inflated by step jumps and/or held on an unnaturally flat
// plateau, far beyond the joins and engagement that come with it, plus bot accounts that join in
// synchronised bursts, never act and stay to the end.
import { botAccount } from './audience.js';
import type { Rng } from './random.js';
import type { Room } from './room.js';
import type { FraudWindow } from './sim-types.js';
import { meanPresent } from './stream-plan.js';
import type { ViewerCounter } from './viewer-count.js';

/**
 * Strength s: bought viewers reach f = s × U(0.8, 1.6) of the honest audience of the window
 * (0.3 → +24–48 %, 0.6 → +48–96 %, 1.0 → +80–160 %). A share U(0.15, 0.4) of them are accounts
 * whose joins arrive (sampled like anyone's), in one burst of 2–8 s per step; the rest only add
 * to the count. Shape: 1–5 step jumps (45 % of episodes), the steps then a flat plateau (30 %),
 * or steps then a plateau from mid-window (25 %); on the plateau the count wobbles by 0.6 %
 * (weak) down to 0.2 % (strong) of itself. At `endMin` the count-only viewers go within 30–90 s;
 * the bot accounts stay to the end.
 */
export function injectBoughtViewers(room: Room, counter: ViewerCounter, w: FraudWindow, rng: Rng): void {
  const { from, to } = room.window(w.startMin, w.endMin);
  const s = Math.min(1, Math.max(0, w.strength));
  const plan = room.plan;
  const rate = room.resolved.sampleRate;
  const honest = meanPresent(plan, from, to);
  let honestPeak = 0;
  for (let m = Math.floor((from - plan.startTs) / 60_000); m < Math.ceil((to - plan.startTs) / 60_000); m++) honestPeak = Math.max(honestPeak, plan.expectedPresent[m] ?? 0);
  const total = s * rng.uniform(0.8, 1.6) * honest;
  const accountShare = rng.uniform(0.15, 0.4);
  const mode = rng.weighted(['steps', 'plateau', 'both'] as const, [45, 30, 25]);
  const wobble = 0.006 - 0.004 * s;

  const span = to - from;
  const nSteps = Math.max(1, Math.min(rng.int(2, 5), Math.floor(span / 120_000)));
  const times = [from + rng.uniform(0, Math.min(30_000, span / 4))];
  for (let k = 1; k < nSteps; k++) times.push(from + rng.uniform(0.1, 0.6) * span);
  times.sort((a, b) => a - b);
  const parts = times.map(() => rng.uniform(0.5, 1.5));
  const partSum = parts.reduce((a, b) => a + b, 0);
  const steps = times.map((ts, k) => ({ ts, height: (total * parts[k]!) / partSum, ramp: rng.uniform(10_000, 60_000) }));
  const dropAt = to < room.endTs ? to : Infinity;
  const dropLen = rng.uniform(30_000, 90_000);

  const botIds: string[] = [];
  const visible = Math.min(5000, Math.max(3, Math.round(total * accountShare * rate)));
  let placed = 0;
  steps.forEach((step, k) => {
    const n = k === steps.length - 1 ? visible - placed : Math.round((visible * parts[k]!) / partSum);
    const width = rng.uniform(2_000, 8_000);
    for (let i = 0; i < n; i++) {
      const account = room.fakeAccount(botAccount);
      room.join(step.ts + rng.uniform(0, width), account, 1 / rate);
      botIds.push(account.id);
    }
    placed += n;
  });
  const botWeight = (visible / rate) / Math.max(1, total);

  const stepLevel = (ts: number): number => {
    let level = 0;
    for (const st of steps) level += st.height * Math.min(1, Math.max(0, (ts - st.ts) / st.ramp));
    if (ts >= dropAt) level *= Math.max(0, 1 - (ts - dropAt) / dropLen);
    return level * Math.max(0, 1 - botWeight);
  };
  const last = steps[steps.length - 1]!;
  const plateauFrom = mode === 'plateau' ? last.ts + last.ramp : mode === 'both' ? Math.max(last.ts + last.ramp, from + span / 2) : Infinity;
  const plateau = honestPeak * 1.05 + total;
  counter.addGhosts((ts, base) => {
    if (ts < from) return 0;
    if (ts >= plateauFrom && ts < dropAt) return Math.max(0, plateau * (1 + rng.normal(0, wobble)) - base);
    return Math.max(0, stepLevel(ts) * (1 + rng.normal(0, 0.01)));
  });
  room.addEpisode({ kind: 'boughtViewers', startTs: from, endTs: to, firstTs: Math.round(steps[0]!.ts), lastTs: to, strength: s, botUserIds: botIds, fakeOrderIds: [] });
}
