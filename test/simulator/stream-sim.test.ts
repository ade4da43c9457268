// The simulator's output contract: reproducible from the seed, every event valid on the wire
// (parseEvent), unique ids, sorted by time, money exact, and the same events whether a demo steps
// through them at live speed or takes them all at once.
import { describe, expect, test } from 'vitest';
import { parseEvent } from '../../ingest/event-schema.js';
import { createStreamSim, simulateStream } from '../../ingest/simulator/stream-sim.js';
import type { SimEvent } from '../../ingest/simulator/sim-types.js';
import { cents, koc, kol, ofType, START } from './sim-fixtures.js';

const withAllFraud = koc({
  size: 200,
  fraud: {
    boughtViewers: { strength: 0.6, startMin: 10 },
    commentBots: { strength: 0.6, startMin: 15, endMin: 45 },
    brushedOrders: { strength: 0.6, startMin: 5 },
  },
});

describe('determinism', () => {
  test('same seed → identical events and truth', () => {
    const a = simulateStream(withAllFraud);
    const b = simulateStream(withAllFraud);
    expect(JSON.stringify(b.events)).toBe(JSON.stringify(a.events));
    expect(b.truth).toEqual(a.truth);
  });

  test('another seed → other events', () => {
    const a = simulateStream(koc());
    const b = simulateStream(koc({ seed: 43 }));
    expect(JSON.stringify(b.events)).not.toBe(JSON.stringify(a.events));
    const usersA = new Set(ofType(a.events, 'member_join').map((e) => e.userId));
    expect(ofType(b.events, 'member_join').filter((e) => usersA.has(e.userId))).toEqual([]);
    const textsA = ofType(a.events, 'comment').slice(0, 50).map((c) => c.text);
    const textsB = ofType(b.events, 'comment').slice(0, 50).map((c) => c.text);
    expect(textsB).not.toEqual(textsA);
    expect(ofType(b.events, 'product_pin').map((p) => p.ts)).not.toEqual(ofType(a.events, 'product_pin').map((p) => p.ts));
  });
});

describe('every event is valid on the wire', () => {
  const cases: Array<[string, SimEvent[]]> = [
    ['KOC with all frauds', simulateStream(withAllFraud).events],
    ['KOL clean, English platform', simulateStream(kol({ platform: 'tiktok', userAttributes: true })).events],
    ['sampled big room', simulateStream(kol({ size: 20_000, durationMin: 30, seed: 9 })).events],
  ];

  test.each(cases)('%s: parseEvent accepts all', (_, events) => {
    const errors = events.map((e) => parseEvent(JSON.parse(JSON.stringify(e)))).filter((r) => !r.ok);
    expect(errors).toEqual([]);
  });

  test.each(cases)('%s: ids unique, sorted by ts, streamId on all room events', (_, events) => {
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.filter((e, i) => i > 0 && e.ts < events[i - 1]!.ts)).toEqual([]);
    expect(events.filter((e) => e.type !== 'refund' && !e.streamId)).toEqual([]);
    expect(events[0]!.type).toBe('stream_start');
    expect(ofType(events, 'stream_end')).toHaveLength(1);
  });

  test.each(cases)('%s: purchases and refunds well formed, refunds never above their order', (_, events) => {
    const purchases = ofType(events, 'purchase');
    expect(purchases.length).toBeGreaterThan(0);
    const amount = new Map<string, number>();
    for (const p of purchases) {
      expect(p).toMatchObject({ currency: 'CNY', streamId: expect.any(String), userId: expect.any(String), productId: expect.any(String) });
      expect(p.amount).toMatch(/^\d+\.\d{2}$/);
      expect(p.qty).toBeGreaterThanOrEqual(1);
      expect(amount.has(p.orderId)).toBe(false);
      amount.set(p.orderId, cents(p.amount));
    }
    const refunded = new Map<string, number>();
    for (const r of ofType(events, 'refund')) {
      expect(amount.has(r.orderId)).toBe(true);
      refunded.set(r.orderId, (refunded.get(r.orderId) ?? 0) + cents(r.amount));
    }
    for (const [orderId, sum] of refunded) expect(sum).toBeLessThanOrEqual(amount.get(orderId)!);
  });
});

describe('live stepping', () => {
  test('eventsUntil in 7-second steps yields exactly the events of simulateStream', () => {
    const all = simulateStream(withAllFraud).events;
    const sim = createStreamSim(withAllFraud);
    const stepped: SimEvent[] = [];
    for (let t = START - 1000; !sim.done; t += 7_000) {
      const batch = sim.eventsUntil(t);
      for (const e of batch) expect(e.ts).toBeLessThanOrEqual(t);
      stepped.push(...batch);
      if (t > sim.endTs) stepped.push(...sim.rest());
    }
    expect(JSON.stringify(stepped)).toBe(JSON.stringify(all));
  });

  test('nextTs tells when the next event is due; truth is known up front', () => {
    const sim = createStreamSim(withAllFraud);
    expect(sim.truth.fraud).toHaveLength(3);
    expect(sim.nextTs()).toBe(START);
    const first = sim.eventsUntil(START);
    expect(first[0]!.type).toBe('stream_start');
    const next = sim.nextTs();
    expect(next).toBeGreaterThan(START);
    const batch = sim.eventsUntil(next);
    expect(batch.length).toBeGreaterThan(0);
    expect(batch.every((e) => e.ts === next)).toBe(true);
    expect(sim.eventsUntil(START + 30 * 60_000).length).toBeGreaterThan(100);
  });
});
