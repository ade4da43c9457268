// CONTRACT §5's worked examples and Adobe's position-based cases, reproduced through the HTTP
// API from ingested events; expected values are the contract's own figures.
import { afterEach, describe, expect, it } from 'vitest';
import { TestKolpulse } from '../helpers/kolpulse.js';

const DAY = 86_400_000;
const T = Date.UTC(2026, 5, 20, 12, 0, 0);
let kp: TestKolpulse;
afterEach(async () => kp?.close());
let n = 0;
const id = (p: string) => `${p}-${++n}`;

const start = (streamId: string, creatorId: string, ts: number) => ({ id: id('start'), type: 'stream_start', ts, streamId, creatorId, creator: { name: creatorId, tier: 'KOC' } });
const touch = (userId: string, streamId: string, ts: number) => ({ id: id('t'), type: 'like', ts, streamId, userId });
const buy = (userId: string, ts: number, amount: string, extra: Record<string, unknown> = {}) => ({ id: id('p'), type: 'purchase', ts, orderId: id('o'), userId, amount, currency: 'CNY', ...extra });

async function attribution(query: string) {
  const res = await kp.request(`/api/attribution?${query}`, { headers: { authorization: `Bearer ${kp.defaultWorkspace.readToken}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as { creators: Array<{ creatorId: string; orders: number; gmv: number; netGmv: number; share: number }>; unattributed: { orders: number; gmv: number } };
}
const credit = (r: Awaited<ReturnType<typeof attribution>>, key: 'gmv' | 'orders') => Object.fromEntries(r.creators.map((c) => [c.creatorId, c[key]]));

describe('worked examples (CONTRACT §5)', () => {
  it('time decay, 7-day half-life: 16.88, 16.88, 9.32, 6.92', async () => {
    kp = await TestKolpulse.start();
    await kp.ingest([
      start('S1', 'C1', T - 20 * DAY), start('S2', 'C2', T - 20 * DAY), start('S3', 'C3', T - 20 * DAY), start('S4', 'C4', T - 20 * DAY),
      touch('u', 'S1', T), touch('u', 'S2', T), touch('u', 'S3', T - 6 * DAY), touch('u', 'S4', T - 9 * DAY),
      buy('u', T, '50.00'),
    ]);
    const r = await attribution(`model=time_decay&window=${10 * DAY}&halfLife=${7 * DAY}`);
    expect(credit(r, 'gmv')).toEqual({ C1: 16.88, C2: 16.88, C3: 9.32, C4: 6.92 });
    expect(r.unattributed.gmv).toBe(0);
  });

  it('data-driven: P = 0.8, RE(A) = 0.75, RE(M) = 0.5 → A 2.4, M 1.6 orders', async () => {
    kp = await TestKolpulse.start();
    await kp.ingest([
      start('SA', 'A', T - 10 * DAY), start('SM', 'M', T - 10 * DAY),
      touch('u1', 'SA', T - 2 * DAY), buy('u1', T, '100.00'),
      touch('u2', 'SA', T - 2 * DAY), buy('u2', T, '100.00'),
      touch('u3', 'SM', T - 2 * DAY), buy('u3', T, '100.00'),
      touch('u4', 'SA', T - 3 * DAY), touch('u4', 'SM', T - 2 * DAY), buy('u4', T, '100.00'),
      touch('u5', 'SA', T - 2 * DAY),
    ]);
    const r = await attribution(`model=data_driven&from=${T - DAY}&to=${T + DAY}`);
    const orders = credit(r, 'orders');
    expect(orders.A).toBeCloseTo(2.4, 9);
    expect(orders.M).toBeCloseTo(1.6, 9);
    expect(credit(r, 'gmv')).toEqual({ A: 240, M: 160 });
  });

  it('data-driven: C1 > C2 > C3 → 1000, C1 → null, C2 > C3 → null: GMV 200, 400, 400', async () => {
    kp = await TestKolpulse.start();
    await kp.ingest([
      start('S1', 'C1', T - 10 * DAY), start('S2', 'C2', T - 10 * DAY), start('S3', 'C3', T - 10 * DAY),
      touch('a', 'S1', T - 3 * DAY), touch('a', 'S2', T - 2 * DAY), touch('a', 'S3', T - DAY), buy('a', T, '1000.00'),
      touch('b', 'S1', T - 2 * DAY),
      touch('c', 'S2', T - 2 * DAY), touch('c', 'S3', T - DAY),
    ]);
    const r = await attribution(`model=data_driven&from=${T - DAY}&to=${T + DAY}`);
    expect(credit(r, 'gmv')).toEqual({ C1: 200, C2: 400, C3: 400 });
  });
});

describe('position-based, Adobe’s cases', () => {
  const cases: Array<[number, number[]]> = [[1, [100]], [2, [50, 50]], [3, [40, 20, 40]], [4, [40, 10, 10, 40]]];
  it.each(cases)('%i touchpoint(s): %j', async (k, expected) => {
    kp = await TestKolpulse.start();
    const events: Record<string, unknown>[] = [];
    for (let i = 0; i < k; i++) events.push(start(`S${i}`, `P${i}`, T - 10 * DAY), touch('u', `S${i}`, T - (k - i) * DAY));
    events.push(buy('u', T, '100.00'));
    await kp.ingest(events);
    const r = await attribution('model=position_based');
    expect(credit(r, 'gmv')).toEqual(Object.fromEntries(expected.map((v, i) => [`P${i}`, v])));
  });
});

describe('the other models through the API', () => {
  it('direct, last touch, first touch, linear; ref override; refunds pro rata; unattributed', async () => {
    kp = await TestKolpulse.start();
    await kp.ingest([
      start('S1', 'C1', T - 10 * DAY), start('S2', 'C2', T - 10 * DAY),
      touch('u', 'S1', T - 2 * DAY), touch('u', 'S2', T - DAY),
      buy('u', T, '90.00', { orderId: 'main', streamId: 'S2' }),
      { id: id('r'), type: 'refund', ts: T + DAY, orderId: 'main', amount: '30.00' },
      buy('v', T, '10.00', { ref: 'C1' }), // no touchpoint, but C1's tracking code
      buy('w', T, '5.00'), // nothing at all: unattributed
    ]);
    const direct = await attribution('model=direct');
    expect(credit(direct, 'gmv')).toEqual({ C2: 90, C1: 10 });
    expect(direct.unattributed).toEqual(expect.objectContaining({ orders: 1, gmv: 5 }));
    expect(credit(await attribution('model=last_touch'), 'gmv')).toEqual({ C2: 90, C1: 10 });
    expect(credit(await attribution('model=first_touch'), 'gmv')).toEqual({ C1: 100 });
    const linear = await attribution('model=linear');
    expect(credit(linear, 'gmv')).toEqual({ C1: 55, C2: 45 });
    expect(Object.fromEntries(linear.creators.map((c) => [c.creatorId, c.netGmv]))).toEqual({ C1: 40, C2: 30 });
    expect(credit(linear, 'orders')).toEqual({ C1: 1.5, C2: 0.5 });
  });

  it('rejects a bad model or window with 400 and the reason', async () => {
    kp = await TestKolpulse.start();
    const h = { headers: { authorization: `Bearer ${kp.defaultWorkspace.readToken}` } };
    const bad = await kp.request('/api/attribution?model=magic', h);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/model/);
    expect((await kp.request('/api/attribution?model=linear&window=-5', h)).status).toBe(400);
    expect((await kp.request('/api/attribution?model=linear', { headers: { authorization: `Bearer ${kp.defaultWorkspace.ingestToken}` } })).status).toBe(403);
  });
});
