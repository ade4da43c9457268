// The shared order numbers (ingest/order-table.ts): the columns behave as arrays would, and the
// ledger and the engines give the same answers whether they share one numbering per workspace or
// each has its own, in any arrival order, with the same order ids in two workspaces.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEvent, type CanonicalEvent } from '../../ingest/event-schema.js';
import { OrderLedger } from '../../ingest/order-ledger.js';
import { NumberColumn, OrderNumbers, OrderRegistry, setAt } from '../../ingest/order-table.js';
import { CATALOG } from '../../ingest/simulator/catalog.js';
import { simulateStream } from '../../ingest/simulator/stream-sim.js';
import { MODELS } from '../../server/attribution/attribution-query.js';
import { AttributionService } from '../../server/attribution/attribution-service.js';
import { AuthenticityService } from '../../server/authenticity/authenticity-service.js';
import { MetricsService } from '../../server/metrics/metrics-service.js';
import { streamMetrics, streamSeries } from '../../server/metrics/summary.js';

const T0 = Date.UTC(2026, 5, 1, 10, 0, 0);

function parsed(raw: unknown): CanonicalEvent {
  const p = parseEvent(raw);
  if (!p.ok) throw new Error(p.error);
  return p.event;
}

describe('order numbers and columns', () => {
  it('numbers orders densely from 0 in order of first sight, and finds without numbering', () => {
    const n = new OrderNumbers();
    expect([n.of('b'), n.of('a'), n.of('b'), n.of('c')]).toEqual([0, 1, 0, 2]);
    expect(n.find('a')).toBe(1);
    expect(n.find('zz')).toBeUndefined();
    expect(n.size).toBe(3);
  });

  it('keeps each workspace apart', () => {
    const r = new OrderRegistry();
    r.workspace('w1').of('x');
    expect(r.workspace('w2').find('x')).toBeUndefined();
    expect(r.workspace('w2').of('y')).toBe(0);
    expect(r.workspace('w1')).toBe(r.workspace('w1'));
  });

  it('a NumberColumn reads as a Map with a default, across growth', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(5000), fc.double({ noNaN: true })), { maxLength: 200 }), fc.constantFrom(NaN, 0), (writes, fill) => {
      const col = new NumberColumn(fill);
      const model = new Map<number, number>();
      for (const [i, v] of writes) {
        col.set(i, v);
        model.set(i, v);
      }
      for (let i = 0; i <= 5100; i += 7) expect(Object.is(col.get(i), model.get(i) ?? fill)).toBe(true);
      for (const [i] of writes) expect(Object.is(col.get(i), model.get(i))).toBe(true);
    }));
  });

  it('setAt pads with undefined', () => {
    const a: Array<string | undefined> = [];
    setAt(a, 3, 'd');
    setAt(a, 1, 'b');
    expect(a).toEqual([undefined, 'b', undefined, 'd']);
    expect(a.length).toBe(4);
  });
});

/** A live stream with brushed orders (refunds among them), events as the engines get them. */
function simulated(streamId: string, seed: string): CanonicalEvent[] {
  const sim = simulateStream({
    seed, streamId, creatorId: `c-${streamId}`, creator: { name: streamId, tier: 'KOC', followers: 5000, fee: '500.00' }, startTs: T0, durationMin: 30, size: 250,
    products: CATALOG.slice(0, 4), fraud: { brushedOrders: { strength: 0.8, startMin: 5 } },
  });
  return sim.events.map(parsed);
}

interface Engines { ledger: OrderLedger; metrics: MetricsService; auth: AuthenticityService; attribution: AttributionService }

function engines(shared: boolean): Engines {
  const orders = shared ? new OrderRegistry() : undefined;
  const metrics = new MetricsService(orders);
  return { ledger: new OrderLedger(shared ? orders : undefined), metrics, auth: new AuthenticityService(metrics, { reuseSlow: false }), attribution: new AttributionService(metrics) };
}

function feed(e: Engines, ws: string, events: readonly CanonicalEvent[], batch: number): void {
  for (let i = 0; i < events.length; i += batch) {
    const b = events.slice(i, i + batch);
    e.ledger.fold(ws, b);
    e.auth.fold(ws, b);
    e.attribution.fold(ws, b);
    e.metrics.fold(ws, b);
  }
}

function answers(e: Engines, ws: string, streams: string[], orderIds: string[]) {
  const w = e.metrics.workspace(ws);
  return {
    streams: streams.map((s) => {
      const r = w.streams.get(s)!;
      return { metrics: streamMetrics(r), series: streamSeries(r, 60_000), authenticity: e.auth.assess(ws, s), suspects: e.auth.suspectOrders(ws, s) };
    }),
    attribution: MODELS.map((model) => e.attribution.attribute(ws, { model, from: T0 - 86_400_000, to: T0 + 86_400_000 })),
    ledger: orderIds.map((id) => e.ledger.get(ws, id)),
    refunds: orderIds.map((id) => w.refundOf(id)),
  };
}

describe('one order numbering shared by the ledger and the engines', () => {
  it('gives the answers of separate ones, in two workspaces with the same order ids, in any order', () => {
    // Workspace "a" has streams S and T; workspace "b" gets S's events only (the same order ids).
    const s = simulated('S', 'shared-orders-s');
    const t = simulated('T', 'shared-orders-t');
    const orderIds = [...new Set([...s, ...t].flatMap((e) => ('orderId' in e ? [e.orderId] : [])))];
    expect(orderIds.length).toBeGreaterThan(20);
    expect([...s, ...t].some((e) => e.type === 'refund')).toBe(true);
    const both = [...s, ...t].sort((x, y) => x.ts - y.ts);
    const expected = { a: answers((() => { const e = engines(false); feed(e, 'a', both, 1_000); return e; })(), 'a', ['S', 'T'], orderIds) };
    const separateB = engines(false);
    feed(separateB, 'b', s, 1_000);
    const expectedB = answers(separateB, 'b', ['S'], orderIds);

    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.constantFrom(1, 97, 5_000), (seed, batch) => {
      // A seeded shuffle, and the two workspaces interleaved batch by batch.
      let x = seed;
      const rand = () => ((x = (Math.imul(x, 48271) >>> 0) % 2147483647) / 2147483647);
      const shuffled = [...both];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      const shared = engines(true);
      for (let i = 0; i < Math.max(shuffled.length, s.length); i += batch) {
        feed(shared, 'b', s.slice(i, i + batch), batch);
        feed(shared, 'a', shuffled.slice(i, i + batch), batch);
      }
      expect(answers(shared, 'a', ['S', 'T'], orderIds)).toEqual(expected.a);
      expect(answers(shared, 'b', ['S'], orderIds)).toEqual(expectedB);
    }), { numRuns: 6 });
  });

  it('a second purchase of an order (a cluster\'s other ingest node) counts nowhere, whichever stream it names', () => {
    const e = engines(true);
    const events = [
      { id: 'p1', type: 'purchase', ts: T0, streamId: 'S', userId: 'u1', orderId: 'o1', amount: '10.00', currency: 'CNY' },
      { id: 'p2', type: 'purchase', ts: T0 + 1000, streamId: 'T', userId: 'u2', orderId: 'o1', amount: '99.00', currency: 'CNY' },
      { id: 'c1', type: 'comment', ts: T0 + 2000, streamId: 'T', userId: 'u3', text: 'hello' },
      { id: 'r1', type: 'refund', ts: T0 + 3000, orderId: 'o1', amount: '4.00' },
    ].map(parsed);
    feed(e, 'w', events, 10);
    const w = e.metrics.workspace('w');
    // By hand: o1 is S's order of 10.00, refunded 4.00; T has no order.
    expect(streamMetrics(w.streams.get('S')!)).toMatchObject({ orders: 1, gmv: 10, netGmv: 6 });
    expect(streamMetrics(w.streams.get('T')!)).toMatchObject({ orders: 0, gmv: 0, netGmv: 0 });
    expect(e.ledger.get('w', 'o1')).toEqual({ amount: 1000, purchaseId: 'p1', refunded: 400 });
    // Both purchases and the refund are stored already: a resend of any changes nothing.
    for (const ev of events.slice(0, 2).concat(events.slice(3))) expect(e.ledger.isStored('w', ev as CanonicalEvent & { orderId: string })).toBe(true);
    expect(e.ledger.isStored('w', { id: 'p3', orderId: 'o1' })).toBe(false);
    const direct = e.attribution.attribute('w', { model: 'direct', from: T0 - 1, to: T0 + 10_000 });
    expect(direct.creators.reduce((n, c) => n + c.orders, 0) + direct.unattributed.orders).toBe(1);
  });
});
