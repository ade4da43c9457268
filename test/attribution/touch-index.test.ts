// The touch index: sorted per-(user, stream) times fed out of order, purchases and refunds.
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../ingest/event-schema.js';
import { sortedLength } from '../../server/attribution/sorted-times.js';
import { TouchIndex } from '../../server/attribution/touch-index.js';
import { comment, DAY, indexOf, join, purchase, refund, streamStart, T0 } from './fixtures.js';

describe('TouchIndex', () => {
  it('keeps each user’s times per stream sorted whatever the arrival order', () => {
    const index = new TouchIndex();
    index.fold([comment('u', 's', T0 + 5), join('u', 's', T0 + 1), comment('u', 's', T0 + 9)]);
    index.fold([comment('u', 's', T0 + 3), comment('u', 't', T0 + 2), comment('u', 's', T0 + 9)]);
    expect(index.touchTimes('u', 's')).toEqual([T0 + 1, T0 + 3, T0 + 5, T0 + 9, T0 + 9]);
    expect(index.touchTimes('u', 't')).toEqual([T0 + 2]);
    expect(index.touchTimes('v', 's')).toEqual([]);
    expect(index.stats).toEqual({ users: 1, streams: 2, touches: 6, purchases: 0 });
  });

  it('keeps long lists sorted too, in order and out of order', () => {
    const times = Array.from({ length: 200 }, (_, i) => T0 + ((i * 7919) % 200) * 1000);
    const index = new TouchIndex();
    for (const t of times) index.add(comment('u', 's', t));
    for (let i = 0; i < 50; i++) index.add(comment('u', 't', T0 + i));
    expect(index.touchTimes('u', 's')).toEqual([...times].sort((a, b) => a - b));
    expect(index.touchTimes('u', 't')).toEqual(Array.from({ length: 50 }, (_, i) => T0 + i));
  });

  it('handles users in many streams', () => {
    const index = new TouchIndex();
    for (let i = 40; i >= 0; i--) index.add(comment('u', `s${i % 20}`, T0 + i));
    expect(index.touchTimes('u', 's3')).toEqual([T0 + 3, T0 + 23]);
    expect(index.user(0).streams.length).toBe(20);
  });

  it('counts any event with userId and streamId as a touch, purchases with a streamId included', () => {
    const events: CanonicalEvent[] = [
      streamStart('s', 'c', T0),
      { id: 'vc', type: 'viewer_count', ts: T0, streamId: 's', current: 10 },
      { id: 'pin', type: 'product_pin', ts: T0, streamId: 's', productId: 'p' },
      purchase({ orderId: 'o1', userId: 'u', ts: T0 + 7, amount: 100, streamId: 's' }),
      purchase({ orderId: 'o2', userId: 'u', ts: T0 + 8, amount: 100 }),
      { id: 'rf', type: 'refund', ts: T0 + 9, orderId: 'o1', amount: 10, userId: 'u', streamId: 's' },
    ];
    const index = indexOf(events);
    expect(index.touchTimes('u', 's')).toEqual([T0 + 7, T0 + 9]);
    const bought = index.user(0).purchaseTimes;
    expect(bought.slice(0, sortedLength(bought))).toEqual([T0 + 7, T0 + 8]);
  });

  it('applies refunds that come before their purchase, capped at the order amount', () => {
    const index = indexOf([
      refund('o1', 300, T0), refund('o2', 900, T0),
      purchase({ orderId: 'o1', userId: 'u', ts: T0 + DAY, amount: 1000, ref: 'k' }),
      refund('o1', 200, T0 + 2 * DAY),
      purchase({ orderId: 'o2', userId: 'u', ts: T0 + DAY, amount: 500 }),
    ]);
    const o1 = index.purchase('o1');
    const o2 = index.purchase('o2');
    expect(o1).toMatchObject({ orderId: 'o1', userId: 'u', ts: T0 + DAY, amount: 1000, streamId: null, ref: 'k' });
    expect(o1 && index.refunded(o1)).toBe(500);
    expect(o2 && index.refunded(o2)).toBe(500);
  });

  it('lists purchases in [from, to) by time then orderId, however they arrived', () => {
    const index = indexOf([
      purchase({ orderId: 'b', userId: 'u', ts: T0 + 2, amount: 1 }),
      purchase({ orderId: 'd', userId: 'v', ts: T0 + 3, amount: 1 }),
      purchase({ orderId: 'a', userId: 'v', ts: T0 + 2, amount: 1 }),
      purchase({ orderId: 'c', userId: 'u', ts: T0 + 1, amount: 1 }),
    ]);
    expect(index.purchasesIn(T0, T0 + 10).map((p) => p.orderId)).toEqual(['c', 'a', 'b', 'd']);
    expect(index.purchasesIn(T0 + 2, T0 + 3).map((p) => p.orderId)).toEqual(['a', 'b']);
    index.add(purchase({ orderId: 'e', userId: 'u', ts: T0 + 2, amount: 1 }));
    expect(index.purchasesIn(T0 + 2, T0 + 3).map((p) => p.orderId)).toEqual(['a', 'b', 'e']);
  });

  it('keeps the first purchase of an order should a second arrive', () => {
    const index = indexOf([purchase({ orderId: 'o', userId: 'u', ts: T0, amount: 100 }), purchase({ orderId: 'o', userId: 'v', ts: T0 + 1, amount: 999 })]);
    expect(index.purchase('o')?.amount).toBe(100);
    expect(index.stats.purchases).toBe(1);
  });
});
