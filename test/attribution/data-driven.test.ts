// data_driven end to end (CONTRACT §5): the two worked examples built from events, and which
// touchpoints make the non-converting paths.
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../ingest/event-schema.js';
import { attribute } from '../../server/attribution/models.js';
import { byCreator, comment, DAY, HOUR, indexOf, lookup, purchase, T0 } from './fixtures.js';

const from = T0 + 10 * DAY;
const to = T0 + 20 * DAY;
const P = T0 + 15 * DAY;

/** One user's touchpoints an hour apart, ending an hour before `end`, then a purchase at `end` (amount > 0). */
function journey(user: string, streams: string[], end: number, amount: number): CanonicalEvent[] {
  const events = streams.map((s, i) => comment(user, s, end - (streams.length - i) * HOUR));
  if (amount > 0) events.push(purchase({ orderId: `o-${user}`, userId: user, ts: end, amount }));
  return events;
}

describe('data_driven', () => {
  it('worked example 1: credit A = 2.4, M = 1.6 orders', () => {
    const events = [
      ...journey('u1', ['sA'], P, 1000), ...journey('u2', ['sA'], P, 1000), ...journey('u3', ['sM'], P, 1000),
      ...journey('u4', ['sA', 'sM'], P, 1000), ...journey('u5', ['sA'], P, 0),
    ];
    const r = attribute(indexOf(events), { model: 'data_driven', from, to }, lookup({ sA: 'A', sM: 'M' }));
    expect(byCreator(r.creators, 'orders')).toEqual({ A: 2.4, M: 1.6 });
    expect(byCreator(r.creators, 'gmv')).toEqual({ A: 24, M: 16 });
    expect(byCreator(r.creators, 'share')).toEqual({ A: 0.6, M: 0.4 });
    expect(r.unattributed).toEqual({ orders: 0, gmv: 0, netGmv: 0 });
  });

  it('worked example 2: GMV credit 200, 400, 400', () => {
    const events = [...journey('u1', ['s1', 's2', 's3'], P, 100000), ...journey('u2', ['s1'], P, 0), ...journey('u3', ['s2', 's3'], P, 0)];
    const r = attribute(indexOf(events), { model: 'data_driven', from, to }, lookup({ s1: 'C1', s2: 'C2', s3: 'C3' }));
    expect(r.creators.map((c) => [c.creatorId, c.gmv, c.orders])).toEqual([['C2', 400, 0.4], ['C3', 400, 0.4], ['C1', 200, 0.2]]);
  });

  it('builds non-converting paths only from touchpoints in [from − W, to) that no purchase follows within W', () => {
    // Worked example 2 again, plus users in s2 > s3 whose touchpoints must not make [C2, C3] → null
    // paths: v1 before from − W, v2 at to, v3 followed within W by a purchase (itself before
    // from, so not credited). Each extra such path would lower RE(C1) from 1/2 to 1/3.
    const W = 7 * DAY;
    const base = [...journey('u1', ['s1', 's2', 's3'], P, 100000), ...journey('u2', ['s1'], P, 0), ...journey('u3', ['s2', 's3'], P, 0)];
    const noise = [
      ...journey('v1', ['s2', 's3'], from - W, 0), ...journey('v2', ['s2', 's3'], to + 2 * HOUR, 0),
      ...journey('v3', ['s2', 's3'], from - 2 * DAY, 5),
    ];
    const creators = lookup({ s1: 'C1', s2: 'C2', s3: 'C3' });
    const r = attribute(indexOf([...base, ...noise]), { model: 'data_driven', from, to }, creators);
    expect(byCreator(r.creators, 'gmv')).toEqual({ C1: 200, C2: 400, C3: 400 });
    // v4 buys 8 days after its touchpoints, beyond W: its [C2, C3] path is non-converting.
    // RE = 1/3, 1, 1 → 1000 × (1/3) / (7/3) = 142.857…; cents 14285.71, 42857.14 ×2 → 142.86, 428.57, 428.57
    const late = [...journey('v4', ['s2', 's3'], P, 0), purchase({ orderId: 'o-v4', userId: 'v4', ts: P + 8 * DAY, amount: 5 })];
    const r2 = attribute(indexOf([...base, ...noise, ...late]), { model: 'data_driven', from, to }, creators);
    expect(byCreator(r2.creators, 'gmv')).toEqual({ C1: 142.86, C2: 428.57, C3: 428.57 });
  });

  it('counts consecutive streams of one creator as a self-transition, and credits refunds pro rata', () => {
    // paths [A, A, B] → conv, [B] → null, [A] → conv: RE(A) = 3/4, RE(B) = 1/2 (see markov.test.ts)
    const events = [
      ...journey('u1', ['sA1', 'sA2', 'sB'], P, 3000), ...journey('u2', ['sB'], P, 0), ...journey('u3', ['sA1'], P, 3000),
      { id: 'r1', type: 'refund', ts: P + DAY, orderId: 'o-u1', amount: 1500 } as CanonicalEvent,
    ];
    const r = attribute(indexOf(events), { model: 'data_driven', from, to }, lookup({ sA1: 'A', sA2: 'A', sB: 'B' }));
    expect(byCreator(r.creators, 'gmv')).toEqual({ A: 36, B: 24 });
    expect(byCreator(r.creators, 'netGmv')).toEqual({ A: 27, B: 18 });
    expect(byCreator(r.creators, 'orders')).toEqual({ A: 1.2, B: 0.8 });
  });

  it('leaves everything unattributed when no purchase has a path', () => {
    const events = [comment('v', 'sA', P), purchase({ orderId: 'o', userId: 'w', ts: P, amount: 100 })];
    const r = attribute(indexOf(events), { model: 'data_driven', from, to }, lookup({ sA: 'A' }));
    expect(r.creators).toEqual([]);
    expect(r.unattributed).toEqual({ orders: 1, gmv: 1, netGmv: 1 });
  });
});
