// All live metric state of one workspace: its creators and streams, each stream's rollup, and
// the orders ledger that ties refunds (which may come first) to the stream of their purchase.
import type { CanonicalEvent } from '../../ingest/event-schema.js';
import { NumberColumn, OrderNumbers, setAt } from '../../ingest/order-table.js';
import { CreatorRegistry } from './creator-registry.js';
import { StreamRollup } from './stream-rollup.js';

/** Refund applied to an order of `amount` (NaN before its purchase): never more than the amount (CONTRACT §3.2). */
function appliedRefund(amount: number, refundSum: number): number {
  return Number.isNaN(amount) ? 0 : Math.min(refundSum, amount);
}

export class WorkspaceMetrics {
  readonly creators = new CreatorRegistry();
  readonly streams = new Map<string, StreamRollup>();
  // Per order, by the shared order numbers: its stream, purchase amount (NaN until the purchase
  // comes) and the sum of its refunds.
  readonly #orders: OrderNumbers;
  readonly #streamOf: Array<string | null | undefined> = [];
  readonly #amount = new NumberColumn(NaN);
  readonly #refundSum = new NumberColumn(0);

  /** `orders`: the workspace's order numbers, shared with the other engines. */
  constructor(orders: OrderNumbers = new OrderNumbers()) {
    this.#orders = orders;
  }

  rollup(streamId: string): StreamRollup {
    let r = this.streams.get(streamId);
    if (!r) {
      r = new StreamRollup(streamId);
      this.streams.set(streamId, r);
      this.creators.touchStream(streamId);
    }
    return r;
  }

  /** Folds events; returns the streams whose figures changed. */
  fold(events: readonly CanonicalEvent[]): Set<string> {
    const touched = new Set<string>();
    for (const e of events) {
      if (e.type === 'stream_start') this.creators.foldStart(e);
      else if (e.type === 'stream_end') this.creators.foldEnd(e);
      let firstOfOrder = true;
      if (e.type === 'refund') {
        const streamId = this.#refund(e.orderId, e.amount);
        if (streamId !== null) touched.add(streamId);
      } else if (e.type === 'purchase') {
        firstOfOrder = this.#purchase(e.orderId, e.amount, e.streamId ?? null);
      }
      const streamId = 'streamId' in e ? e.streamId : undefined;
      if (streamId !== undefined) {
        this.rollup(streamId).fold(e, firstOfOrder);
        touched.add(streamId);
      }
    }
    return touched;
  }

  /** Whether this is the order's first purchase: ingest admits one, but a cluster's ingest
   *  nodes each know only the orders they saw; the first folded stays, in every stream. */
  #purchase(orderId: string, amount: number, streamId: string | null): boolean {
    const n = this.#orders.of(orderId);
    if (!Number.isNaN(this.#amount.get(n))) return false;
    this.#amount.set(n, amount);
    setAt(this.#streamOf, n, streamId);
    if (streamId !== null) this.rollup(streamId).addRefund(appliedRefund(amount, this.#refundSum.get(n)));
    return true;
  }

  /** Returns the stream whose refunds changed, if any. */
  #refund(orderId: string, amount: number): string | null {
    const n = this.#orders.of(orderId);
    const orderAmount = this.#amount.get(n);
    const sum = this.#refundSum.get(n);
    this.#refundSum.set(n, sum + amount);
    const delta = appliedRefund(orderAmount, sum + amount) - appliedRefund(orderAmount, sum);
    const streamId = this.#streamOf[n] ?? null;
    if (streamId === null || delta === 0) return null;
    this.rollup(streamId).addRefund(delta);
    return streamId;
  }

  /** Applied refund (minor units) of an order, 0 when unknown. */
  refundOf(orderId: string): number {
    const n = this.#orders.find(orderId);
    return n === undefined ? 0 : appliedRefund(this.#amount.get(n), this.#refundSum.get(n));
  }
}
