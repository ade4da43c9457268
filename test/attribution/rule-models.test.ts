// Rule-based models end to end (CONTRACT §5): the time-decay worked example, Adobe's position-based
// splits, last/first touch, linear, direct, the window, tracking codes, refunds, unattributed, ties.
import { describe, expect, it } from 'vitest';
import { attribute } from '../../server/attribution/models.js';
import type { AttributionModel } from '../../server/attribution/attribution-query.js';
import { byCreator, comment, DAY, HOUR, indexOf, join, lookup, purchase, refund, T0 } from './fixtures.js';

const P = T0 + 30 * DAY; // the purchase time in most cases
const range = { from: T0, to: T0 + 60 * DAY };

describe('time_decay', () => {
  // 50.00, touchpoints 0, 0, 6 and 9 days before, half-life 7 days: 16.88, 16.88, 9.32, 6.92.
  const events = [
    comment('u', 'sa', P), comment('u', 'sb', P), comment('u', 'sc', P - 6 * DAY), comment('u', 'sd', P - 9 * DAY),
    purchase({ orderId: 'o1', userId: 'u', ts: P, amount: 5000 }),
  ];
  const creators = lookup({ sa: 'A', sb: 'B', sc: 'C', sd: 'D' });

  it('reproduces the worked example (window wide enough for the 9-day touchpoint)', () => {
    const r = attribute(indexOf(events), { model: 'time_decay', ...range, window: 10 * DAY }, creators);
    expect(byCreator(r.creators, 'gmv')).toEqual({ A: 16.88, B: 16.88, C: 9.32, D: 6.92 });
    expect(r.creators.map((c) => c.creatorId)).toEqual(['A', 'B', 'C', 'D']);
    expect(r.halfLife).toBe(7 * DAY);
    // weights 1, 1, 2^(−6/7) = 0.552045, 2^(−9/7) = 0.410163 over their sum 2.962208
    const orders = byCreator(r.creators, 'orders');
    expect(orders.A).toBeCloseTo(0.337586, 5);
    expect(orders.B).toBeCloseTo(0.337586, 5);
    expect(orders.C).toBeCloseTo(0.186362, 5);
    expect(orders.D).toBeCloseTo(0.138467, 5);
    expect(Math.round(r.creators.reduce((s, c) => s + c.orders, 0) * 1e6)).toBe(1e6);
    expect(r.unattributed).toEqual({ orders: 0, gmv: 0, netGmv: 0 });
  });

  it('drops the 9-day touchpoint under the default 7-day window', () => {
    // weights 1, 1, 0.552045 → 1959.21, 1959.21, 1081.57 cents; the spare cent goes to C (.57)
    const r = attribute(indexOf(events), { model: 'time_decay', ...range }, creators);
    expect(byCreator(r.creators, 'gmv')).toEqual({ A: 19.59, B: 19.59, C: 10.82 });
    expect(r.window).toBe(7 * DAY);
  });

  it('places a touchpoint at the latest event of the stream not after the purchase', () => {
    // half-life 1 day; A's events at −3 d and −1 d (and one after the purchase), B's at −2 d:
    // weights 2^−1 and 2^−2 → 2/3 and 1/3 of 30.00
    const index = indexOf([
      comment('u', 'sa', P - 3 * DAY), comment('u', 'sa', P - DAY), comment('u', 'sa', P + HOUR), join('u', 'sb', P - 2 * DAY),
      purchase({ orderId: 'o', userId: 'u', ts: P, amount: 3000 }),
    ]);
    const r = attribute(index, { model: 'time_decay', ...range, halfLife: DAY }, lookup({ sa: 'A', sb: 'B' }));
    expect(byCreator(r.creators, 'gmv')).toEqual({ A: 20, B: 10 });
  });
});

describe('position_based (Adobe)', () => {
  const cases: [number, number[]][] = [[1, [100]], [2, [50, 50]], [3, [40, 20, 40]], [4, [40, 10, 10, 40]]];
  it.each(cases)('%i touchpoint(s) split 100.00 as %j', (n, expected) => {
    const ids = ['A', 'B', 'C', 'D'].slice(0, n);
    const events = ids.map((c, i) => comment('u', `s${c}`, P - (n - i) * HOUR));
    events.push(purchase({ orderId: 'o', userId: 'u', ts: P, amount: 10000 }));
    const r = attribute(indexOf(events), { model: 'position_based', ...range }, lookup(Object.fromEntries(ids.map((c) => [`s${c}`, c]))));
    expect(ids.map((c) => byCreator(r.creators, 'gmv')[c])).toEqual(expected);
    expect(ids.map((c) => byCreator(r.creators, 'orders')[c])).toEqual(expected.map((x) => x / 100));
  });
});

describe('last_touch, first_touch, linear', () => {
  const events = [
    comment('u', 'sa', P - 3 * DAY), comment('u', 'sb', P - 2 * DAY), comment('u', 'sc', P - DAY),
    purchase({ orderId: 'o', userId: 'u', ts: P, amount: 9000 }),
  ];
  const creators = lookup({ sa: 'A', sb: 'B', sc: 'C' });
  const run = (model: AttributionModel) => attribute(indexOf(events), { model, ...range }, creators);

  it('last_touch credits the latest touchpoint', () => {
    expect(run('last_touch').creators).toEqual([{ creatorId: 'C', name: null, tier: null, orders: 1, gmv: 90, netGmv: 90, share: 1 }]);
  });

  it('first_touch credits the earliest touchpoint', () => {
    expect(byCreator(run('first_touch').creators, 'gmv')).toEqual({ A: 90 });
  });

  it('linear gives each touchpoint 1/n, orders to the millionth adding up to 1', () => {
    const r = run('linear');
    expect(byCreator(r.creators, 'gmv')).toEqual({ A: 30, B: 30, C: 30 });
    expect(byCreator(r.creators, 'orders')).toEqual({ A: 0.333334, B: 0.333333, C: 0.333333 });
    expect(byCreator(r.creators, 'share')).toEqual({ A: 0.333333, B: 0.333333, C: 0.333333 });
  });

  it('linear counts touchpoints, so a creator with two streams on the path gets 2/n', () => {
    const index = indexOf([...events, comment('u', 'sd', P - 4 * DAY)]);
    const r = attribute(index, { model: 'linear', ...range }, lookup({ sa: 'A', sb: 'B', sc: 'C', sd: 'A' }));
    expect(byCreator(r.creators, 'gmv')).toEqual({ A: 45, B: 22.5, C: 22.5 });
  });

  it('orders ties in time by streamId, not by creator', () => {
    const index = indexOf([comment('u', 's1', P - DAY), comment('u', 's2', P - DAY), purchase({ orderId: 'o', userId: 'u', ts: P, amount: 100 })]);
    const creators2 = lookup({ s1: 'Z', s2: 'Y' });
    expect(attribute(index, { model: 'last_touch', ...range }, creators2).creators[0]?.creatorId).toBe('Y');
    expect(attribute(index, { model: 'first_touch', ...range }, creators2).creators[0]?.creatorId).toBe('Z');
  });
});

describe('window', () => {
  const creators = lookup({ sa: 'A', sb: 'B' });
  it('counts a touchpoint exactly W before the purchase and drops one a millisecond older', () => {
    const index = indexOf([
      comment('u', 'sa', P - 7 * DAY), comment('u', 'sb', P - 7 * DAY - 1),
      purchase({ orderId: 'o', userId: 'u', ts: P, amount: 100 }),
    ]);
    expect(byCreator(attribute(index, { model: 'linear', ...range }, creators).creators, 'gmv')).toEqual({ A: 1 });
  });

  it('ignores events after the purchase even in a stream touched long before', () => {
    const index = indexOf([comment('u', 'sa', P - 8 * DAY), comment('u', 'sa', P + 1), purchase({ orderId: 'o', userId: 'u', ts: P, amount: 100 })]);
    const r = attribute(index, { model: 'last_touch', ...range }, creators);
    expect(r.creators).toEqual([]);
    expect(r.unattributed).toEqual({ orders: 1, gmv: 1, netGmv: 1 });
  });

  it('makes the purchase stream a touchpoint at the purchase time', () => {
    const index = indexOf([comment('u', 'sa', P - DAY), purchase({ orderId: 'o', userId: 'u', ts: P, amount: 100, streamId: 'sb' })]);
    expect(byCreator(attribute(index, { model: 'last_touch', ...range }, creators).creators, 'gmv')).toEqual({ B: 1 });
  });
});

describe('direct', () => {
  it('credits only purchases with a streamId of a known stream, wholly', () => {
    const index = indexOf([
      comment('u', 'sa', P - DAY),
      purchase({ orderId: 'o1', userId: 'u', ts: P, amount: 1000, streamId: 'sb' }),
      purchase({ orderId: 'o2', userId: 'u', ts: P + 1, amount: 2000 }),
      purchase({ orderId: 'o3', userId: 'u', ts: P + 2, amount: 4000, streamId: 'unknown' }),
    ]);
    const r = attribute(index, { model: 'direct', ...range }, lookup({ sa: 'A', sb: 'B' }));
    expect(r.creators).toEqual([{ creatorId: 'B', name: null, tier: null, orders: 1, gmv: 10, netGmv: 10, share: 1 }]);
    expect(r.unattributed).toEqual({ orders: 2, gmv: 60, netGmv: 60 });
  });
});

describe('tracking codes', () => {
  const events = [
    comment('u', 'sa', P - DAY),
    purchase({ orderId: 'o1', userId: 'u', ts: P, amount: 1000, ref: 'code-b' }),
    purchase({ orderId: 'o2', userId: 'v', ts: P, amount: 2000, ref: 'C' }),
    purchase({ orderId: 'o3', userId: 'u', ts: P + 1, amount: 4000, ref: 'nobody' }),
  ];
  const creators = lookup({ sa: 'A', sb: 'B', sc: 'C' }, { 'code-b': 'B' });

  it.each(['direct', 'last_touch', 'first_touch', 'linear', 'time_decay', 'position_based'] as const)('%s: a ref equal to a code goes wholly to its creator', (model) => {
    const r = attribute(indexOf(events), { model, ...range }, creators);
    const gmv = byCreator(r.creators, 'gmv');
    expect(gmv.B).toBe(10);
    expect(gmv.C).toBe(20);
    // an unknown ref is no override: o3 follows the model (direct: no streamId → unattributed)
    if (model === 'direct') expect(r.unattributed.gmv).toBe(40);
    else expect(gmv.A).toBe(40);
  });

  it('data_driven ignores refs', () => {
    const r = attribute(indexOf(events), { model: 'data_driven', ...range }, creators);
    expect(byCreator(r.creators, 'gmv')).toEqual({ A: 50 });
    expect(r.unattributed).toEqual({ orders: 1, gmv: 20, netGmv: 20 });
  });
});

describe('refunds, unattributed, output', () => {
  it('subtracts refunds pro rata to the credit, capped at the order amount, early refunds included', () => {
    const index = indexOf([
      refund('o1', 1000, P - HOUR), // before its purchase
      comment('u', 'sa', P - 2 * DAY), comment('u', 'sb', P - DAY),
      purchase({ orderId: 'o1', userId: 'u', ts: P, amount: 10000 }),
      refund('o1', 2000, P + DAY),
      comment('v', 'sa', P - DAY),
      purchase({ orderId: 'o2', userId: 'v', ts: P, amount: 500 }),
      refund('o2', 300, P + DAY), refund('o2', 300, P + 2 * DAY), // more than the amount: net 0
    ]);
    const r = attribute(index, { model: 'linear', ...range }, lookup({ sa: 'A', sb: 'B' }));
    expect(byCreator(r.creators, 'gmv')).toEqual({ A: 55, B: 50 });
    expect(byCreator(r.creators, 'netGmv')).toEqual({ A: 35, B: 35 });
    expect(byCreator(r.creators, 'orders')).toEqual({ A: 1.5, B: 0.5 });
  });

  it('leaves purchases without a credited touchpoint unattributed and ignores those outside [from, to)', () => {
    const index = indexOf([
      comment('u', 'sx', P - DAY), // stream without a known creator: ignored as a touchpoint
      purchase({ orderId: 'o1', userId: 'u', ts: P, amount: 700 }),
      purchase({ orderId: 'o2', userId: 'w', ts: P, amount: 300 }),
      refund('o2', 100, P + DAY),
      comment('v', 'sa', T0 - DAY), purchase({ orderId: 'o3', userId: 'v', ts: T0 - 1, amount: 999 }),
      comment('v', 'sa', range.to - DAY), purchase({ orderId: 'o4', userId: 'v', ts: range.to, amount: 999 }),
      comment('v', 'sa', T0), purchase({ orderId: 'o5', userId: 'v', ts: T0, amount: 100 }),
    ]);
    for (const model of ['direct', 'last_touch', 'linear', 'data_driven'] as const) {
      const r = attribute(index, { model, ...range }, lookup({ sa: 'A' }));
      expect(r.unattributed).toEqual(model === 'direct' ? { orders: 3, gmv: 11, netGmv: 10 } : { orders: 2, gmv: 10, netGmv: 9 });
      expect(r.creators.map((c) => [c.creatorId, c.gmv])).toEqual(model === 'direct' ? [] : [['A', 1]]);
    }
  });

  it('sorts creators by GMV descending then creatorId, with name, tier and share', () => {
    const index = indexOf([
      comment('u', 'sb', P - DAY), purchase({ orderId: 'o1', userId: 'u', ts: P, amount: 1000 }),
      comment('v', 'sa', P - DAY), purchase({ orderId: 'o2', userId: 'v', ts: P, amount: 1000 }),
      comment('w', 'sc', P - DAY), purchase({ orderId: 'o3', userId: 'w', ts: P, amount: 2000 }),
    ]);
    const creators = lookup({ sa: 'A', sb: 'B', sc: 'C' }, {}, { C: { name: 'Cee', tier: 'KOL' } });
    const r = attribute(index, { model: 'last_touch', ...range }, creators);
    expect(r.creators).toEqual([
      { creatorId: 'C', name: 'Cee', tier: 'KOL', orders: 1, gmv: 20, netGmv: 20, share: 0.5 },
      { creatorId: 'A', name: null, tier: null, orders: 1, gmv: 10, netGmv: 10, share: 0.25 },
      { creatorId: 'B', name: null, tier: null, orders: 1, gmv: 10, netGmv: 10, share: 0.25 },
    ]);
    expect(r).toMatchObject({ model: 'last_touch', from: range.from, to: range.to, window: 7 * DAY, halfLife: 7 * DAY });
  });

  it('rejects a query that makes no sense', () => {
    expect(() => attribute(indexOf([]), { model: 'linear', ...range, window: -1 }, lookup({}))).toThrow(RangeError);
    expect(() => attribute(indexOf([]), { model: 'time_decay', ...range, halfLife: 0 }, lookup({}))).toThrow(RangeError);
    expect(() => attribute(indexOf([]), { model: 'nope' as AttributionModel, ...range }, lookup({}))).toThrow(/model/);
  });
});
