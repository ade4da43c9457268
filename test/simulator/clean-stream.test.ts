// A clean stream looks like a real one: the count follows joins and leaves, chat is heavy-tailed
// and bursty, clicks spike after pins, purchases follow clicks at a believable conversion, some
// orders are refunded, flash sales lift viewers and sales together, crowds type "1" on cue.
import { describe, expect, test } from 'vitest';
import { simulateStream } from '../../ingest/simulator/stream-sim.js';
import type { SimEvent } from '../../ingest/simulator/sim-types.js';
import { cents, commentTimes, gapCv, koc, kol, median, ofType, ordersByUser, PRODUCTS, START } from './sim-fixtures.js';

const SEEDS = [1, 2, 3, 4];
const kocRuns = SEEDS.map((seed) => simulateStream(koc({ seed, durationMin: 90 })).events);
const kolRuns = SEEDS.map((seed) => simulateStream(kol({ seed, durationMin: 90 })).events);
const MIN = 60_000;

function conversion(events: SimEvent[]): number {
  const viewers = new Set(ofType(events, 'member_join').map((e) => e.userId));
  const buyers = new Set(ofType(events, 'purchase').map((e) => e.userId));
  return buyers.size / viewers.size;
}

describe('audience', () => {
  test.each([...kocRuns, ...kolRuns].map((e, i) => [i, e] as const))('run %i: viewer_count equals joins minus leaves so far (no sampling below 2,000)', (_, events) => {
    let present = 0;
    let mismatches = 0;
    for (const e of events) {
      if (e.type === 'member_join') present++;
      else if (e.type === 'member_leave') present--;
      else if (e.type === 'viewer_count' && e.current !== present) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  test('the count ramps up, peaks near `size`, ticks every 5–15 s', () => {
    for (const [events, size] of [[kocRuns[0]!, 300], [kolRuns[0]!, 1500]] as const) {
      const counts = ofType(events, 'viewer_count');
      const peak = Math.max(...counts.map((c) => c.current));
      expect(peak).toBeGreaterThan(size * 0.75);
      expect(peak).toBeLessThan(size * 1.35);
      const firstMinutes = counts.filter((c) => c.ts < START + 2 * MIN).map((c) => c.current);
      expect(Math.max(...firstMinutes)).toBeLessThan(peak * 0.7);
      const gaps = counts.slice(1).map((c, i) => c.ts - counts[i]!.ts);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(5_000);
      expect(Math.max(...gaps)).toBeLessThanOrEqual(15_000);
      expect(new Set(gaps).size).toBeGreaterThan(gaps.length / 4);
    }
  });

  test('a flash sale lifts viewers, joins, clicks and orders together', () => {
    let checked = 0;
    for (const events of [...kocRuns, ...kolRuns]) {
      const list = new Map(PRODUCTS.map((p) => [p.id, cents(p.price)]));
      const flash = ofType(events, 'product_pin').find((p) => cents(p.price) < list.get(p.productId)!);
      if (!flash || flash.ts < START + 15 * MIN) continue;
      const rate = (type: SimEvent['type'], from: number, to: number): number => events.filter((e) => e.type === type && e.ts >= from && e.ts < to).length / ((to - from) / MIN);
      const meanCount = (from: number, to: number): number => {
        const c = ofType(events, 'viewer_count').filter((e) => e.ts >= from && e.ts < to).map((e) => e.current);
        return c.reduce((a, b) => a + b, 0) / c.length;
      };
      const before = [flash.ts - 12 * MIN, flash.ts - 4 * MIN] as const;
      const during = [flash.ts, flash.ts + 3 * MIN] as const;
      expect(meanCount(...during)).toBeGreaterThan(1.1 * meanCount(...before));
      expect(rate('member_join', flash.ts - 2 * MIN, flash.ts + 2 * MIN)).toBeGreaterThan(1.1 * rate('member_join', ...before));
      expect(rate('product_click', ...during)).toBeGreaterThan(1.3 * rate('product_click', ...before));
      expect(rate('purchase', ...during)).toBeGreaterThan(1.3 * rate('purchase', ...before));
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(3);
  });

  test('user attributes come on every join when the platform sends them, and never otherwise', () => {
    const withAttrs = simulateStream(koc({ userAttributes: true })).events;
    const joins = ofType(withAttrs, 'member_join');
    expect(joins.every((j) => j.user !== undefined)).toBe(true);
    const comments = ofType(withAttrs, 'comment');
    const share = comments.filter((c) => c.user).length / comments.length;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.5);
    const ages = new Set(joins.map((j) => j.user!.accountAgeDays));
    expect(ages.size).toBeGreaterThan(100);
    const followers = joins.map((j) => j.user!.followers).sort((a, b) => a - b);
    expect(followers[followers.length - 1]!).toBeGreaterThan(20 * median(followers));
    const without = simulateStream(koc({ userAttributes: false })).events;
    expect(without.filter((e) => 'user' in e && e.user !== undefined)).toEqual([]);
  });
});

describe('chat', () => {
  test('engagement is heavy-tailed but no one dominates: top 10 % of commenters post 20–60 %', () => {
    for (const events of [...kocRuns, ...kolRuns]) {
      const counts = [...commentTimes(events).values()].map((t) => t.length).sort((a, b) => b - a);
      const total = counts.reduce((a, b) => a + b, 0);
      const top = counts.slice(0, Math.ceil(counts.length / 10)).reduce((a, b) => a + b, 0);
      expect(top / total).toBeGreaterThan(0.2);
      expect(top / total).toBeLessThan(0.6);
      expect(counts[0]! / total).toBeLessThan(0.1);
      expect(counts[0]!).toBeGreaterThan(5 * median(counts));
    }
  });

  test('real chatters are bursty, not regular: median coefficient of variation of gaps above 0.5', () => {
    for (const events of kocRuns) {
      const cvs = [...commentTimes(events).values()].filter((t) => t.length >= 6).map(gapCv);
      expect(cvs.length).toBeGreaterThan(20);
      expect(median(cvs)).toBeGreaterThan(0.5);
    }
  });

  test('crowds type the same short word on cue: many distinct real viewers within two minutes', () => {
    let crowds = 0;
    for (const events of kocRuns) {
      const byText = new Map<string, { ts: number; userId: string }[]>();
      for (const c of ofType(events, 'comment')) if (c.text.length <= 3) byText.set(c.text, [...(byText.get(c.text) ?? []), c]);
      for (const list of byText.values()) {
        for (let i = 0; i < list.length; i++) {
          const users = new Set(list.filter((c) => c.ts >= list[i]!.ts && c.ts < list[i]!.ts + 2 * MIN).map((c) => c.userId));
          if (users.size >= 5) {
            crowds++;
            break;
          }
        }
      }
    }
    expect(crowds).toBeGreaterThanOrEqual(SEEDS.length);
  });

  test('chat is varied and mixes Chinese and English', () => {
    const comments = ofType(kocRuns[0]!, 'comment').map((c) => c.text);
    expect(new Set(comments).size).toBeGreaterThan(comments.length * 0.4);
    const english = comments.filter((t) => /^[\x20-\x7e]*[a-z]{3}/i.test(t) && !/\p{Script=Han}/u.test(t));
    expect(english.length).toBeGreaterThan(5);
    expect(english.length).toBeLessThan(comments.length * 0.3);
    const tiktok = simulateStream(koc({ platform: 'tiktok' })).events;
    const han = ofType(tiktok, 'comment').filter((c) => /\p{Script=Han}/u.test(c.text)).length;
    expect(han / ofType(tiktok, 'comment').length).toBeLessThan(0.35);
  });
});

describe('shop', () => {
  test('conversion: 1–7 % of viewers for a KOC, 0.2–3 % for a KOL', () => {
    for (const events of kocRuns) {
      expect(conversion(events)).toBeGreaterThan(0.01);
      expect(conversion(events)).toBeLessThan(0.07);
    }
    for (const events of kolRuns) {
      expect(conversion(events)).toBeGreaterThan(0.002);
      expect(conversion(events)).toBeLessThan(0.03);
    }
  });

  test('pins every few minutes, clicks spike right after them', () => {
    for (const events of kocRuns) {
      const pins = ofType(events, 'product_pin').map((p) => p.ts);
      const gaps = pins.slice(1).map((t, i) => t - pins[i]!);
      expect(median(gaps)).toBeGreaterThan(2 * MIN);
      expect(median(gaps)).toBeLessThan(8 * MIN);
      const clicks = ofType(events, 'product_click');
      const soon = clicks.filter((c) => pins.some((p) => c.ts >= p && c.ts - p < 2 * MIN)).length;
      const covered = pins.length * 2 * MIN / (90 * MIN);
      expect(soon / clicks.length).toBeGreaterThan(Math.min(0.95, covered + 0.15));
    }
  });

  test('unsampled purchases mostly follow a click on that product; amounts are the price on show × qty', () => {
    for (const events of kocRuns) {
      const clicked = new Set<string>();
      const prices = new Map<string, Set<number>>(PRODUCTS.map((p) => [p.id, new Set([cents(p.price)])]));
      for (const p of ofType(events, 'product_pin')) prices.get(p.productId)!.add(cents(p.price));
      let afterClick = 0;
      for (const e of events) {
        if (e.type === 'product_click') clicked.add(`${e.userId}/${e.productId}`);
        if (e.type === 'purchase') {
          if (clicked.has(`${e.userId}/${e.productId}`)) afterClick++;
          expect(cents(e.amount) % e.qty).toBe(0);
          expect(prices.get(e.productId)!.has(cents(e.amount) / e.qty)).toBe(true);
        }
      }
      const orders = ofType(events, 'purchase').length;
      expect(afterClick / orders).toBeGreaterThan(0.75);
      expect(afterClick).toBeLessThan(orders);
    }
  });

  test('some orders are refunded, some the same day and some days later', () => {
    const all = [...kocRuns, ...kolRuns];
    const orders = all.flatMap((e) => ofType(e, 'purchase'));
    const at = new Map(orders.map((o) => [o.orderId, o.ts]));
    const refunds = all.flatMap((e) => ofType(e, 'refund'));
    const refundedOrders = new Set(refunds.map((r) => r.orderId));
    expect(refundedOrders.size / orders.length).toBeGreaterThan(0.04);
    expect(refundedOrders.size / orders.length).toBeLessThan(0.2);
    const delays = refunds.map((r) => r.ts - at.get(r.orderId)!);
    expect(delays.every((d) => d > 0)).toBe(true);
    expect(delays.filter((d) => d < 24 * 60 * MIN).length).toBeGreaterThan(0);
    expect(delays.filter((d) => d > 24 * 60 * MIN).length).toBeGreaterThan(delays.length / 3);
  });

  test('now and then a real buyer orders three times', () => {
    const heavy = kolRuns.flatMap((e) => [...ordersByUser(e).values()]).filter((list) => list.length >= 3);
    expect(heavy.length).toBeGreaterThan(0);
  });
});

describe('sampled big rooms', () => {
  const size = 50_000;
  const events = simulateStream(kol({ size, durationMin: 40, seed: 11 })).events;

  test('viewer_count is the whole room; per-user messages come for about 2,000 / size of it', () => {
    const counts = ofType(events, 'viewer_count');
    const peak = Math.max(...counts.map((c) => c.current));
    expect(peak).toBeGreaterThan(size * 0.75);
    expect(peak).toBeLessThan(size * 1.35);
    let present = 0;
    const ratios: number[] = [];
    for (const e of events) {
      if (e.type === 'member_join') present++;
      else if (e.type === 'member_leave') present--;
      else if (e.type === 'viewer_count' && e.ts > START + 10 * MIN) ratios.push(present / e.current);
    }
    expect(median(ratios)).toBeGreaterThan(0.04 * 0.7);
    expect(median(ratios)).toBeLessThan(0.04 * 1.3);
  });

  test('orders arrive in full: far more buyers than sampled viewers would give', () => {
    const joined = new Set(ofType(events, 'member_join').map((e) => e.userId));
    const buyers = new Set(ofType(events, 'purchase').map((e) => e.userId));
    const silent = [...buyers].filter((b) => !joined.has(b));
    expect(silent.length / buyers.size).toBeGreaterThan(0.8);
    expect(events.length).toBeLessThan(150_000);
  });
});
