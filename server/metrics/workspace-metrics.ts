// All live metric state of one workspace: its creators and streams, each stream's rollup, and
// the orders ledger that ties refunds (which may come first) to the stream of their purchase.
import type { CanonicalEvent } from '../../ingest/event-schema.js';
import { CreatorRegistry } from './creator-registry.js';
import { StreamRollup } from './stream-rollup.js';

interface OrderEntry {
  streamId: string | null;
  amount: number | null;
  refundSum: number;
}

/** Refund applied to an order: never more than its amount (CONTRACT §3.2). */
export function appliedRefund(o: { amount: number | null; refundSum: number }): number {
  return o.amount === null ? 0 : Math.min(o.refundSum, o.amount);
}

export class WorkspaceMetrics {
  readonly creators = new CreatorRegistry();
  readonly streams = new Map<string, StreamRollup>();
  readonly #orders = new Map<string, OrderEntry>();

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
      if (e.type === 'refund') {
        const streamId = this.#refund(e.orderId, e.amount);
        if (streamId !== null) touched.add(streamId);
      } else if (e.type === 'purchase') {
        this.#purchase(e.orderId, e.amount, e.streamId ?? null);
      }
      const streamId = 'streamId' in e ? e.streamId : undefined;
      if (streamId !== undefined) {
        this.rollup(streamId).fold(e);
        touched.add(streamId);
      }
    }
    return touched;
  }

  #entry(orderId: string): OrderEntry {
    let o = this.#orders.get(orderId);
    if (!o) this.#orders.set(orderId, (o = { streamId: null, amount: null, refundSum: 0 }));
    return o;
  }

  #purchase(orderId: string, amount: number, streamId: string | null): void {
    const o = this.#entry(orderId);
    if (o.amount !== null) return; // ingest admits one purchase per order
    o.amount = amount;
    o.streamId = streamId;
    if (streamId !== null) this.rollup(streamId).addRefund(appliedRefund(o));
  }

  /** Returns the stream whose refunds changed, if any. */
  #refund(orderId: string, amount: number): string | null {
    const o = this.#entry(orderId);
    const before = appliedRefund(o);
    o.refundSum += amount;
    const delta = appliedRefund(o) - before;
    if (o.streamId === null || delta === 0) return null;
    this.rollup(o.streamId).addRefund(delta);
    return o.streamId;
  }

  /** Applied refund (minor units) of an order, 0 when unknown. */
  refundOf(orderId: string): number {
    const o = this.#orders.get(orderId);
    return o ? appliedRefund(o) : 0;
  }
}
