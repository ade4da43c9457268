// Injected fraud matches its ground truth and shows the signs CONTRACT §6 names: inflated or flat
// viewer counts with idle bot bursts, coordinated near-duplicate chat from new accounts, and
// concentrated identical orders from buyers who never engaged, many refunded soon.
import { describe, expect, test } from 'vitest';
import { simulateStream } from '../../ingest/simulator/stream-sim.js';
import type { SimEvent, StreamOptions } from '../../ingest/simulator/sim-types.js';
import { cents, commentTimes, gapCv, koc, kol, median, ofType, ordersByUser, similarity, START } from './sim-fixtures.js';

const MIN = 60_000;

function meanCount(events: SimEvent[], from: number, to: number): number {
  const c = ofType(events, 'viewer_count').filter((e) => e.ts >= from && e.ts < to).map((e) => e.current);
  return c.reduce((a, b) => a + b, 0) / c.length;
}


describe('truth is consistent with the events', () => {
  const cases: Array<[string, StreamOptions]> = [
    ['small KOC, all three', koc({ size: 80, seed: 5, fraud: { boughtViewers: { strength: 0.3, startMin: 5 }, commentBots: { strength: 0.3, startMin: 10, endMin: 30 }, brushedOrders: { strength: 0.3, startMin: 0 } } })],
    ['KOL, strong', kol({ seed: 6, fraud: { boughtViewers: { strength: 1, startMin: 20, endMin: 40 }, commentBots: { strength: 1, startMin: 5 }, brushedOrders: { strength: 1, startMin: 10 } } })],
    ['sampled room, medium', kol({ size: 30_000, durationMin: 40, seed: 7, fraud: { boughtViewers: { strength: 0.6, startMin: 5 }, commentBots: { strength: 0.6, startMin: 5 }, brushedOrders: { strength: 0.6, startMin: 5 } } })],
  ];

  test.each(cases)('%s', (_, options) => {
    const { events, truth } = simulateStream(options);
    expect(truth.fraud.map((f) => f.kind).sort()).toEqual(['boughtViewers', 'brushedOrders', 'commentBots']);
    const users = new Set(events.flatMap((e) => ('userId' in e ? [e.userId] : [])));
    for (const id of truth.botUserIds) expect(users.has(id)).toBe(true);
    const orders = new Map(ofType(events, 'purchase').map((p) => [p.orderId, p]));
    expect(truth.fakeOrderIds.size).toBeGreaterThanOrEqual(6);
    for (const id of truth.fakeOrderIds) expect(orders.has(id)).toBe(true);
    const endTs = options.startTs + options.durationMin * MIN;
    for (const f of truth.fraud) {
      expect(f.startTs).toBeGreaterThanOrEqual(options.startTs);
      expect(f.endTs).toBeLessThanOrEqual(endTs);
      expect(f.endTs).toBeGreaterThan(f.startTs);
      expect(f.firstTs).toBeGreaterThanOrEqual(f.startTs);
      expect(f.lastTs).toBeLessThanOrEqual(f.endTs);
      expect(f.lastTs).toBeGreaterThanOrEqual(f.firstTs);
      expect(f.botUserIds.length).toBeGreaterThanOrEqual(f.kind === 'brushedOrders' ? 2 : 3);
    }
    const bots = truth.fraud.find((f) => f.kind === 'commentBots')!;
    const botPosts = ofType(events, 'comment').filter((c) => bots.botUserIds.includes(c.userId)).map((c) => c.ts);
    expect([Math.min(...botPosts), Math.max(...botPosts)]).toEqual([bots.firstTs, bots.lastTs]);
    const brushed = truth.fraud.find((f) => f.kind === 'brushedOrders')!;
    const fakeTimes = brushed.fakeOrderIds.map((id) => orders.get(id)!.ts);
    expect([Math.min(...fakeTimes), Math.max(...fakeTimes)]).toEqual([brushed.firstTs, brushed.lastTs]);
    const union = new Set(truth.fraud.flatMap((f) => f.botUserIds));
    expect(union).toEqual(truth.botUserIds);
  });
});

describe('bought viewers', () => {
  const clean = koc({ seed: 21, size: 400 });
  const bought = { ...clean, fraud: { boughtViewers: { strength: 0.6, startMin: 20, endMin: 45 } } };
  const { events, truth } = simulateStream(bought);
  const twin = simulateStream(clean).events;
  const from = START + 20 * MIN;
  const to = START + 45 * MIN;

  test('the count rises well above the honest twin in the window, and only there', () => {
    expect(meanCount(events, from + 5 * MIN, to)).toBeGreaterThan(1.3 * meanCount(twin, from + 5 * MIN, to));
    expect(meanCount(events, START + 5 * MIN, from)).toBeCloseTo(meanCount(twin, START + 5 * MIN, from), -1);
    expect(meanCount(events, to + 3 * MIN, START + 60 * MIN)).toBeLessThan(1.2 * meanCount(twin, to + 3 * MIN, START + 60 * MIN));
  });

  test('bot accounts join in synchronised bursts, never act, never leave, new and empty', () => {
    const bots = truth.botUserIds;
    const acts = events.filter((e) => 'userId' in e && bots.has(e.userId) && e.type !== 'member_join');
    expect(acts).toEqual([]);
    const joins = ofType(events, 'member_join').filter((j) => bots.has(j.userId)).map((j) => j.ts);
    expect(joins.length).toBe(bots.size);
    const inBurst = joins.filter((t) => joins.filter((u) => Math.abs(u - t) <= 10_000).length >= 3);
    expect(inBurst.length).toBe(joins.length);
    expect(new Set(joins).size).toBeGreaterThan(joins.length * 0.9);
    const withAttrs = simulateStream({ ...bought, userAttributes: true });
    for (const j of ofType(withAttrs.events, 'member_join').filter((e) => withAttrs.truth.botUserIds.has(e.userId))) {
      expect(j.user).toMatchObject({ followers: 0, following: 0 });
      expect(j.user!.accountAgeDays).toBeLessThanOrEqual(30);
    }
  });

  test('stronger means more: strength 1.0 inflates more than 0.3', () => {
    const at = (strength: number): number => meanCount(simulateStream({ ...clean, fraud: { boughtViewers: { strength, startMin: 20, endMin: 45 } } }).events, from + 5 * MIN, to);
    expect(at(1)).toBeGreaterThan(at(0.3));
    expect(at(0.3)).toBeGreaterThan(1.1 * meanCount(twin, from + 5 * MIN, to));
  });
});

describe('comment bots', () => {
  const options = koc({ seed: 31, size: 300, userAttributes: true, fraud: { commentBots: { strength: 0.6, startMin: 10, endMin: 50 } } });
  const { events, truth } = simulateStream(options);
  const times = commentTimes(events);
  const bots = [...truth.botUserIds];
  const inWindow = ofType(events, 'comment').filter((c) => c.ts >= START + 10 * MIN && c.ts < START + 50 * MIN);

  test('a few accounts post a large share of the chat', () => {
    const botShare = inWindow.filter((c) => truth.botUserIds.has(c.userId)).length / inWindow.length;
    expect(botShare).toBeGreaterThan(0.3);
    expect(bots.length).toBeLessThan(0.05 * new Set(inWindow.map((c) => c.userId)).size);
  });

  test('each bot posts at a regular but jittered pace', () => {
    for (const id of bots) {
      const t = times.get(id)!;
      expect(t.length).toBeGreaterThanOrEqual(5);
      expect(gapCv(t)).toBeLessThan(0.4);
      expect(gapCv(t)).toBeGreaterThan(0.02);
      const gaps = t.slice(1).map((x, i) => x - t[i]!);
      expect(new Set(gaps).size).toBeGreaterThan(gaps.length * 0.9);
    }
  });

  test('texts are near-duplicates across accounts, off the products on show', () => {
    const texts = inWindow.filter((c) => truth.botUserIds.has(c.userId));
    let close = 0;
    for (const c of texts) if (texts.some((d) => d.userId !== c.userId && similarity(c.text, d.text) >= 0.5)) close++;
    expect(close / texts.length).toBeGreaterThan(0.8);
    expect(new Set(texts.map((c) => c.text)).size).toBeGreaterThan(texts.length / 5);
    const pinned = new Set(ofType(events, 'product_pin').filter((p) => p.ts >= START + 10 * MIN && p.ts < START + 50 * MIN).map((p) => p.title.split(' ')[0]!));
    for (const c of texts) for (const title of pinned) expect(c.text).not.toContain(title);
  });

  test('from new, empty accounts', () => {
    for (const c of ofType(events, 'member_join').filter((j) => truth.botUserIds.has(j.userId))) {
      expect(c.user).toMatchObject({ followers: 0, following: 0 });
      expect(c.user!.accountAgeDays).toBeLessThanOrEqual(30);
    }
  });
});

describe('brushed orders', () => {
  for (const [name, options] of [
    ['KOC, weak', koc({ seed: 41, size: 150, fraud: { brushedOrders: { strength: 0.3, startMin: 10 } } })],
    ['KOL, strong', kol({ seed: 42, fraud: { brushedOrders: { strength: 1, startMin: 10, endMin: 50 } } })],
  ] as const) {
    test(`${name}: three or more identical orders per buyer within an hour, no engagement, refunds soon`, () => {
      const { events, truth } = simulateStream(options);
      const fake = truth.fakeOrderIds;
      const byUser = ordersByUser(events);
      const brushers = [...truth.botUserIds];
      expect(brushers.length).toBeGreaterThanOrEqual(2);
      for (const id of brushers) {
        const orders = byUser.get(id)!;
        expect(orders.length).toBeGreaterThanOrEqual(3);
        expect(orders.every((o) => fake.has(o.orderId))).toBe(true);
        expect(orders[orders.length - 1]!.ts - orders[0]!.ts).toBeLessThan(60 * MIN);
        expect(new Set(orders.map((o) => `${o.productId}/${o.amount}/${o.qty}`)).size).toBe(1);
      }
      const engaged = events.filter((e) => 'userId' in e && truth.botUserIds.has(e.userId) && !['purchase', 'member_join', 'member_leave'].includes(e.type));
      expect(engaged).toEqual([]);
      const at = new Map(ofType(events, 'purchase').map((p) => [p.orderId, p]));
      const refunds = ofType(events, 'refund').filter((r) => fake.has(r.orderId));
      expect(refunds.length / fake.size).toBeGreaterThan(0.15);
      for (const r of refunds) {
        const delay = r.ts - at.get(r.orderId)!.ts;
        expect(delay).toBeGreaterThanOrEqual(5 * MIN);
        expect(delay).toBeLessThanOrEqual(180 * MIN);
        expect(cents(r.amount)).toBe(cents(at.get(r.orderId)!.amount));
      }
      const realOrders = ofType(events, 'purchase').length - fake.size;
      expect(fake.size).toBeGreaterThan(0.1 * realOrders);
    });
  }

  test('stronger means more fake orders per buyer and more of them', () => {
    const run = (strength: number) => simulateStream(kol({ seed: 43, fraud: { brushedOrders: { strength, startMin: 0 } } })).truth;
    const weak = run(0.3);
    const strong = run(1);
    expect(strong.fakeOrderIds.size).toBeGreaterThan(2 * weak.fakeOrderIds.size);
    expect(strong.fakeOrderIds.size / strong.botUserIds.size).toBeGreaterThan(weak.fakeOrderIds.size / weak.botUserIds.size);
  });
});

test('median real gap CV stays far above the bots\' (the signal exists, without a hard edge per user)', () => {
  const { events, truth } = simulateStream(koc({ seed: 51, fraud: { commentBots: { strength: 0.3, startMin: 0 } } }));
  const cvs = [...commentTimes(events).entries()].filter(([, t]) => t.length >= 6);
  const real = cvs.filter(([id]) => !truth.botUserIds.has(id)).map(([, t]) => gapCv(t));
  const bot = cvs.filter(([id]) => truth.botUserIds.has(id)).map(([, t]) => gapCv(t));
  expect(median(real)).toBeGreaterThan(2 * median(bot));
});
