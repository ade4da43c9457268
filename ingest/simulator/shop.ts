// Orders and refunds: amounts in integer minor units inside, decimal strings on the wire; real
// refunds come the same day or days later, in full or in part, never above the order.
import { formatMajor, parseAmountMinor } from '../money.js';
import type { Rng } from './random.js';
import type { Room } from './room.js';

export interface Order { orderId: string; userId: string; productIndex: number; qty: number; unitMinor: number; amountMinor: number; ts: number }

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function parseMinor(price: string): number {
  const minor = parseAmountMinor(price);
  if (typeof minor === 'string') throw new Error(`price ${price}: ${minor}`);
  return minor;
}

/** Items in one order: mostly one. */
export function drawQty(rng: Rng): number {
  return rng.weighted([1, 2, 3, 5], [85, 11, 3, 1]);
}

export function placeOrder(room: Room, ts: number, userId: string, productIndex: number, qty: number, unitMinor: number): Order {
  const order: Order = { orderId: room.ids.orderId(), userId, productIndex, qty, unitMinor, amountMinor: unitMinor * qty, ts: Math.round(ts) };
  room.emit({
    type: 'purchase', ts: order.ts, streamId: room.streamId, orderId: order.orderId, userId, amount: formatMajor(order.amountMinor),
    currency: 'CNY', productId: room.options.products[productIndex]!.id, qty,
  });
  return order;
}

/** A real order is refunded at the stream's refund rate: a third the same day, the rest days later. */
export function maybeRefundReal(room: Room, rng: Rng, order: Order): void {
  if (!rng.chance(room.resolved.refundRate)) return;
  const delay = rng.chance(0.35) ? Math.min(20 * HOUR, Math.max(10 * 60_000, rng.lognormalMedian(2.5 * HOUR, 0.8))) : rng.uniform(1, 10) * DAY + rng.uniform(0, DAY);
  let amount = order.amountMinor;
  if (order.qty > 1 && rng.chance(0.4)) amount = order.unitMinor * rng.int(1, order.qty - 1);
  else if (rng.chance(0.08)) amount = Math.max(1, Math.round(order.amountMinor * rng.uniform(0.1, 0.3)));
  refund(room, order, order.ts + delay, amount);
}

export function refund(room: Room, order: Order, ts: number, amountMinor: number): void {
  room.emit({ type: 'refund', ts: Math.round(ts), orderId: order.orderId, amount: formatMajor(Math.min(amountMinor, order.amountMinor)) });
}
