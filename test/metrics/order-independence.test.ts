// Property: the same events folded in any order and any batching give identical summaries,
// series and authenticity (duplicates never reach the engines: ingest drops them).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEvent, type CanonicalEvent } from '../../ingest/event-schema.js';
import { AuthenticityService } from '../../server/authenticity/authenticity-service.js';
import { MetricsService } from '../../server/metrics/metrics-service.js';
import { streamMetrics, streamSeries } from '../../server/metrics/summary.js';
import { CATALOG } from '../../ingest/simulator/catalog.js';
import { simulateStream } from '../../ingest/simulator/stream-sim.js';

const T0 = Date.UTC(2026, 3, 1, 9, 0, 0);
const USERS = ['u1', 'u2', 'u3', 'u4', 'u5'];
const TYPES = ['member_join', 'comment', 'like', 'follow', 'share', 'gift', 'product_click', 'viewer_count', 'purchase', 'refund', 'stream_start', 'product_pin'] as const;

const eventArb = fc.record({
  type: fc.constantFrom(...TYPES),
  user: fc.constantFrom(...USERS),
  minute: fc.integer({ min: 0, max: 5 }),
  second: fc.integer({ min: 0, max: 59 }),
  n: fc.integer({ min: 1, max: 500 }),
  order: fc.integer({ min: 0, max: 6 }),
  stream: fc.constantFrom('S', 'T'),
});

type Spec = typeof eventArb extends fc.Arbitrary<infer R> ? R : never;

function build(specs: Spec[]): CanonicalEvent[] {
  const out: CanonicalEvent[] = [];
  const bought = new Set<string>();
  specs.forEach((s, i) => {
    const ts = T0 + s.minute * 60_000 + s.second * 1000;
    const base = { id: `e${i}`, ts, streamId: s.stream, userId: s.user };
    let raw: Record<string, unknown>;
    switch (s.type) {
      case 'viewer_count': raw = { id: base.id, ts, streamId: s.stream, type: s.type, current: s.n }; break;
      case 'comment': raw = { ...base, type: s.type, text: `t${s.n % 7}` }; break;
      case 'like': raw = { ...base, type: s.type, count: 1 + (s.n % 3), user: s.n % 2 ? { followers: s.n } : { accountAgeDays: s.n % 30 } }; break;
      // Starts and pins fall on whole minutes, so that ties of ts (ordered by id) are common.
      case 'stream_start': raw = { id: base.id, ts: ts - s.second * 1000, streamId: s.stream, type: s.type, creatorId: `c${s.n % 3}`, ...(s.n % 2 ? { title: `t${s.n}` } : { platform: 'douyin' }), creator: { name: `n${s.n % 4}`, tier: s.n % 2 ? 'KOL' : 'KOC' } }; break;
      case 'product_pin': raw = { id: base.id, ts: ts - s.second * 1000, streamId: s.stream, type: s.type, productId: `p${s.n % 3}`, ...(s.n % 2 ? { title: `pin ${s.n}` } : { price: `${s.n}.00` }) }; break;
      case 'product_click': raw = { ...base, type: s.type, productId: `p${s.n % 3}` }; break;
      case 'purchase': {
        const orderId = `o${s.order}`;
        if (bought.has(orderId)) return; // ingest admits one purchase per order
        bought.add(orderId);
        raw = { ...base, type: s.type, orderId, amount: `${s.n}.${s.n % 100}`, currency: 'CNY' };
        break;
      }
      case 'refund': raw = { id: base.id, ts, type: s.type, orderId: `o${s.order}`, amount: `${s.n % 40}.5` }; break;
      default: raw = { ...base, type: s.type };
    }
    const p = parseEvent(raw);
    if (!p.ok) throw new Error(p.error);
    out.push(p.event);
  });
  return out;
}

function snapshot(events: readonly CanonicalEvent[], batch: number) {
  const metrics = new MetricsService();
  const auth = new AuthenticityService(metrics);
  for (let i = 0; i < events.length; i += batch) {
    auth.fold('w', events.slice(i, i + batch));
    metrics.fold('w', events.slice(i, i + batch));
  }
  const w = metrics.workspace('w');
  return ['S', 'T'].map((s) => {
    const r = w.streams.get(s);
    if (!r) return null;
    const meta = w.creators.stream(s);
    const products = [...r.products.values()].map((p) => ({ id: p.productId, title: p.title, price: p.price })).sort((a, b) => a.id.localeCompare(b.id));
    const creator = meta?.creatorId ? w.creators.creator(meta.creatorId) : null;
    return { metrics: streamMetrics(r), series: streamSeries(r, 60_000), series3: streamSeries(r, 180_000), authenticity: auth.assess('w', s), meta: { ...meta, latest: undefined }, products, creator };
  });
}

describe('order independence of the live rollups', () => {
  it('any arrival order and batching gives identical summaries, series and authenticity', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { minLength: 1, maxLength: 80 }), fc.infiniteStream(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })), fc.integer({ min: 1, max: 9 }), (specs, rand, batch) => {
        const events = build(specs);
        const shuffled = [...events];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = Math.floor(rand.next().value * (i + 1));
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        expect(snapshot(shuffled, batch)).toEqual(snapshot(events, events.length));
      }),
      { numRuns: 300 },
    );
  });

  it('a simulated stream with comment bots and brushed orders gets the same flags and evidence in any order', () => {
    // Examples in evidence (accounts, texts, orders) once came out in arrival order.
    const sim = simulateStream({
      seed: 'order-evidence', streamId: 'S', creatorId: 'c', creator: { name: 'c', tier: 'KOC', followers: 5000, fee: '500.00' }, startTs: T0, durationMin: 40, size: 300,
      products: CATALOG.slice(0, 4), fraud: { commentBots: { strength: 0.8, startMin: 5 }, brushedOrders: { strength: 0.8, startMin: 5 } },
    });
    const events = sim.events.map((e) => {
      const parsed = parseEvent(e);
      if (!parsed.ok) throw new Error(parsed.error);
      return parsed.event;
    });
    const reversed = [...events].reverse();
    const inOrder = snapshot(events, 500)[0]!.authenticity;
    expect(inOrder.flags.map((f) => f.signal)).toEqual(expect.arrayContaining(['comment_bots', 'order_brushing']));
    expect(snapshot(reversed, 137)[0]!.authenticity).toEqual(inOrder);
  });

  it('engaged users per bucket, kept live for common steps, equal a brute-force distinct count', () => {
    const ENGAGE = new Set(['comment', 'like', 'follow', 'share', 'gift']);
    fc.assert(
      fc.property(fc.array(eventArb, { minLength: 1, maxLength: 120 }), fc.constantFrom(2, 3, 5, 10), (specs, per) => {
        const events = build(specs);
        const metrics = new MetricsService();
        metrics.fold('w', [...events].reverse());
        const r = metrics.workspace('w').streams.get('S');
        if (!r) return;
        // Brute force: the set of (bucket, user) pairs of engagement events in stream S.
        const pairs = new Set<string>();
        for (const e of events) {
          if (!ENGAGE.has(e.type) || !('streamId' in e) || e.streamId !== 'S') continue;
          pairs.add(`${Math.floor(e.ts / 60_000 / per) * per}|${(e as { userId: string }).userId}`);
        }
        const expected = new Map<number, number>();
        for (const p of pairs) {
          const b = Number(p.split('|')[0]);
          expected.set(b, (expected.get(b) ?? 0) + 1);
        }
        const cols = streamSeries(r, per * 60_000);
        cols.t.forEach((t, i) => expect(cols.engagedUsers![i], `bucket ${t}`).toBe(expected.get(t / 60_000) ?? 0));
      }),
      { numRuns: 200 },
    );
  });
});

