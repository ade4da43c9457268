// Comment bots: a few coordinated new, empty accounts posting near-duplicates of a campaign's base
// texts (generic praise, products off the show), each at a regular but jittered pace.
import { botAccount } from './audience.js';
import type { Rng } from './random.js';
import type { Room } from './room.js';
import type { FraudWindow } from './sim-types.js';
import { meanPresent, pinsBetween, pinAt } from './stream-plan.js';
import { CHATTER_MEAN_RATE, COMMENTER_SHARE } from './viewer-agent.js';

/**
 * Strength s: bots post a target share 0.12 + 0.55 s of the window's chat (0.3 → 29 %,
 * 0.6 → 45 %, 1.0 → 67 %) from at least 3 accounts; each account's gaps have a coefficient of
 * variation around 0.3 − 0.2 s (0.24 weak, 0.18 medium, 0.1 strong), each varied ±30 %.
 */
export function injectCommentBots(room: Room, w: FraudWindow, rng: Rng): void {
  const { from, to } = room.window(w.startMin, w.endMin);
  const s = Math.min(1, Math.max(0, w.strength));
  const rate = room.resolved.sampleRate;
  const realPerMin = meanPresent(room.plan, from, to) * rate * COMMENTER_SHARE[room.options.creator.tier] * CHATTER_MEAN_RATE * 1.2;
  const share = 0.12 + 0.55 * s;
  const botPerMin = (realPerMin * share) / (1 - share);
  const n = Math.min(300, Math.max(3, Math.round(botPerMin / rng.uniform(1, 3))));
  const meanGap = Math.min(240_000, Math.max(6_000, (60_000 * n) / Math.max(botPerMin, 1e-9)));

  const shown = new Set(pinsBetween(room.plan, from, to).map((p) => p.productIndex));
  const first = pinAt(room.plan, from);
  if (first) shown.add(first.productIndex);
  const off = room.options.products.map((_, i) => i).filter((i) => !shown.has(i));
  const bases = room.chat.campaign(rng, off, room.resolved.zhShare);

  const botIds: string[] = [];
  let firstTs = to;
  let lastTs = from;
  for (let b = 0; b < n; b++) {
    const account = room.fakeAccount(botAccount);
    botIds.push(account.id);
    room.join(Math.max(room.startTs, from - rng.uniform(5_000, 90_000)), account, 1 / rate);
    const gap = meanGap * rng.uniform(0.8, 1.25);
    const cv = Math.max(0.04, (0.3 - 0.2 * s) * rng.uniform(0.7, 1.3));
    const preferred = rng.pick(bases);
    let t = from + rng.uniform(0, gap);
    for (let k = 0; t < to && k < 400; k++) {
      const base = rng.chance(0.7) ? preferred : rng.pick(bases);
      room.userEvent('comment', t, account, { text: rng.chance(0.1) ? base : room.chat.mutate(rng, base) });
      firstTs = Math.min(firstTs, Math.round(t));
      lastTs = Math.max(lastTs, Math.round(t));
      t += Math.max(2_000, gap * (1 + cv * rng.normal()));
    }
    room.leave(to + rng.uniform(0, 60_000), account, 1 / rate);
  }
  room.addEpisode({ kind: 'commentBots', startTs: from, endTs: to, firstTs, lastTs, strength: s, botUserIds: botIds, fakeOrderIds: [] });
}
