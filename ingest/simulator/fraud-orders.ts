// Brushed orders: a few accounts with no engagement in the room (a join at most) placing repeated
// identical orders, three or more within an hour, many refunded soon after.
import { brusherAccount } from './audience.js';
import type { Rng } from './random.js';
import type { Room } from './room.js';
import { placeOrder, refund } from './shop.js';
import type { FraudWindow } from './sim-types.js';
import { arrivalsBetween } from './stream-plan.js';

const MIN = 60_000;

/**
 * Strength s: fake orders add 0.8 s of the real orders expected in the window (0.3 → +24 %,
 * 0.6 → +48 %, 1.0 → +80 %), at least 6 and at most 25,000, from at least 2 accounts. Each
 * account places 3 to 3 + round(4 s) identical orders (same product, quantity, amount) within
 * 60 min; a share 0.25 + 0.5 s of them is refunded in full 5 min – 3 h later.
 */
export function injectBrushedOrders(room: Room, w: FraudWindow, rng: Rng): void {
  const { from, to } = room.window(w.startMin, w.endMin);
  const s = Math.min(1, Math.max(0, w.strength));
  const rate = room.resolved.sampleRate;
  const realOrders = arrivalsBetween(room.plan, from, to) * room.resolved.conversionRate * 1.1;
  const target = Math.min(25_000, Math.max(6, Math.round(0.8 * s * realOrders)));
  const kMax = 3 + Math.round(4 * s);
  const prices = room.plan.listPriceMinor;
  const skus = [rng.weightedIndex(prices.map((p) => 1 / Math.max(p, 1)))];
  if (prices.length > 1 && rng.chance(0.5)) skus.push(rng.weightedIndex(prices.map((p) => 1 / Math.max(p, 1))));
  const refundShare = 0.25 + 0.5 * s;
  const end = room.endTs - 1_000;
  const windowLen = Math.min(to, end) - from;

  const botIds: string[] = [];
  const orderIds: string[] = [];
  let firstTs = Infinity;
  let lastTs = -Infinity;
  while (orderIds.length < target || botIds.length < 2) {
    const account = room.fakeAccount(brusherAccount);
    const k = rng.int(3, kMax);
    const productIndex = rng.pick(skus);
    const qty = rng.chance(0.85) ? 1 : 2;
    const span = Math.min(windowLen, 58 * MIN) * rng.uniform(0.4, 1);
    const first = from + rng.uniform(0, Math.max(0, windowLen - span));
    const gaps = Array.from({ length: k - 1 }, () => rng.uniform(0.4, 1.6));
    const gapSum = gaps.reduce((a, b) => a + b, 0) || 1;
    const visible = rng.chance(rate);
    const joins = rng.chance(0.5);
    if (joins) room.join(Math.max(room.startTs, first - rng.uniform(5_000, 180_000)), account, 1, visible);
    let t = first;
    for (let i = 0; i < k; i++) {
      if (i > 0) t += (span * gaps[i - 1]!) / gapSum;
      const order = placeOrder(room, Math.min(t, end), account.id, productIndex, qty, prices[productIndex]!);
      orderIds.push(order.orderId);
      firstTs = Math.min(firstTs, order.ts);
      lastTs = Math.max(lastTs, order.ts);
      if (rng.chance(refundShare)) refund(room, order, order.ts + Math.min(180 * MIN, Math.max(5 * MIN, rng.lognormalMedian(40 * MIN, 0.8))), order.amountMinor);
    }
    if (joins) room.leave(t + rng.uniform(30_000, 300_000), account, 1, visible);
    botIds.push(account.id);
  }
  room.addEpisode({ kind: 'brushedOrders', startTs: from, endTs: to, firstTs, lastTs, strength: s, botUserIds: botIds, fakeOrderIds: orderIds });
}
