// Every metric of CONTRACT §4.2 on a small scenario, with expected values worked out by hand:
// duplicates, out-of-order arrival, a refund before its purchase and a partial refund.
import { afterEach, describe, expect, it } from 'vitest';
import { TestKolpulse } from '../helpers/kolpulse.js';

const T0 = Date.UTC(2026, 0, 1, 10, 0, 0); // an even minute
const S = 'room-s';
const at = (sec: number) => T0 + sec * 1000;

function scenario(): Record<string, unknown>[] {
  return [
    { id: 'start', type: 'stream_start', ts: at(0), streamId: S, creatorId: 'c1', platform: 'douyin', title: 'Spring sale', creator: { name: 'Lin', tier: 'KOC' } },
    // minute 0
    { id: 'vc1', type: 'viewer_count', ts: at(10), streamId: S, current: 100 },
    { id: 'j1', type: 'member_join', ts: at(11), streamId: S, userId: 'u1' },
    { id: 'j2', type: 'member_join', ts: at(12), streamId: S, userId: 'u2' },
    { id: 'j3', type: 'member_join', ts: at(13), streamId: S, userId: 'u3' },
    { id: 'c1', type: 'comment', ts: at(20), streamId: S, userId: 'u1', text: 'hello' },
    { id: 'c2', type: 'comment', ts: at(21), streamId: S, userId: 'u1', text: '想要' },
    { id: 'o1', type: 'purchase', ts: at(30), orderId: 'o1', userId: 'u1', amount: '100.00', currency: 'CNY', streamId: S, productId: 'p1' },
    // minute 1
    { id: 'vc2', type: 'viewer_count', ts: at(70), streamId: S, current: 250 },
    { id: 'vc3', type: 'viewer_count', ts: at(80), streamId: S, current: 180 },
    { id: 'j4', type: 'member_join', ts: at(61), streamId: S, userId: 'u4' },
    { id: 'j5', type: 'member_join', ts: at(62), streamId: S, userId: 'u1' },
    { id: 'l1', type: 'like', ts: at(65), streamId: S, userId: 'u2', count: 3 },
    { id: 'l2', type: 'like', ts: at(66), streamId: S, userId: 'u3' },
    { id: 'o2', type: 'purchase', ts: at(90), orderId: 'o2', userId: 'u2', amount: 50.5, currency: 'CNY', streamId: S, productId: 'p1' },
    { id: 'o3', type: 'purchase', ts: at(95), orderId: 'o3', userId: 'u2', amount: '20', currency: 'CNY', streamId: S, productId: 'p2' },
    // minute 2
    { id: 'f1', type: 'follow', ts: at(121), streamId: S, userId: 'u4' },
    { id: 's1', type: 'share', ts: at(122), streamId: S, userId: 'u1' },
    { id: 'g1', type: 'gift', ts: at(123), streamId: S, userId: 'u5', quantity: 2, value: 10 },
    { id: 'k1', type: 'product_click', ts: at(124), streamId: S, userId: 'u1', productId: 'p1' },
    { id: 'k2', type: 'product_click', ts: at(125), streamId: S, userId: 'u2', productId: 'p1' },
    { id: 'k3', type: 'product_click', ts: at(126), streamId: S, userId: 'u2', productId: 'p2' },
    { id: 'a1', type: 'cart_add', ts: at(127), streamId: S, userId: 'u2', productId: 'p1' },
    { id: 'x1', type: 'member_leave', ts: at(128), streamId: S, userId: 'u6' },
    // elsewhere: not in S
    { id: 'o4', type: 'purchase', ts: at(100), orderId: 'o4', userId: 'u9', amount: '30.00', currency: 'CNY' },
    { id: 'other', type: 'comment', ts: at(100), streamId: 'room-t', userId: 'u7', text: 'hi' },
    // refunds: partial on o2, full on o3
    { id: 'r1', type: 'refund', ts: at(200), orderId: 'o2', amount: '25.25' },
    { id: 'r0', type: 'refund', ts: at(210), orderId: 'o3', amount: 20 },
  ];
}

// By hand: users of S are u1..u6 (u9's order has no streamId, u7 is in another room).
const EXPECTED = {
  streamId: S, creatorId: 'c1', creatorName: 'Lin', tier: 'KOC', platform: 'douyin', title: 'Spring sale', live: true,
  views: 5, uniqueViewers: 6, peakViewers: 250, comments: 2, likes: 4, follows: 1, shares: 1,
  engagedUsers: 5, engagementRate: 5 / 6, productClickers: 2, orders: 3, buyers: 2,
  gmv: 170.5, refunds: 45.25, netGmv: 125.25,
  conversionRate: 2 / 6, clickThroughRate: 2 / 6, clickToOrderRate: 1,
  gpm: 25050, uvValue: 20.875, aov: 170.5 / 3,
};

let kp: TestKolpulse;
afterEach(async () => kp?.close());

async function summary(t: TestKolpulse, id = S) {
  const res = await t.request(`/api/streams/${id}/summary`, { headers: { authorization: `Bearer ${t.defaultWorkspace.readToken}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function series(t: TestKolpulse, step: number) {
  const res = await t.request(`/api/streams/${S}/series?step=${step}`, { headers: { authorization: `Bearer ${t.defaultWorkspace.readToken}` } });
  return (await res.json()) as Record<string, unknown[]>;
}

describe('stream metrics (CONTRACT §4.2)', () => {
  it('computes every field by its definition, in time order', async () => {
    kp = await TestKolpulse.start();
    await kp.ingest(scenario());
    const { status, body } = await summary(kp);
    expect(status).toBe(200);
    for (const [k, v] of Object.entries(EXPECTED)) {
      if (typeof v === 'number') expect(body[k], k).toBeCloseTo(v, 9);
      else expect(body[k], k).toBe(v);
    }
    expect(body.viewersNow).toBe(180);
    expect(body.currency).toBe('CNY');
    expect(body.authenticity).toMatchObject({ score: expect.any(Number), flags: expect.any(Array) });
  });

  it('gives the same figures for duplicates, reversed arrival and a refund before its purchase', async () => {
    kp = await TestKolpulse.start();
    const events = scenario().reverse(); // refunds first: r0 reaches o3 before its purchase
    await kp.ingest(events.slice(0, 10));
    await kp.ingest([...events.slice(5, 20), events[0]!]); // overlaps: duplicates
    await kp.ingest(events.slice(20));
    const ack = await kp.ingest(events);
    expect(ack.accepted).toBe(0);
    expect(ack.duplicates).toBe(events.length);
    const { body } = await summary(kp);
    for (const [k, v] of Object.entries(EXPECTED)) {
      if (typeof v === 'number') expect(body[k], k).toBeCloseTo(v, 9);
      else expect(body[k], k).toBe(v);
    }
  });

  it('series: per-minute columns with the last viewer count of each bucket', async () => {
    kp = await TestKolpulse.start();
    await kp.ingest(scenario());
    const s = await series(kp, 60);
    expect(s.t).toEqual([T0, T0 + 60_000, T0 + 120_000]);
    expect(s.gmv).toEqual([100, 70.5, 0]);
    expect(s.orders).toEqual([1, 2, 0]);
    expect(s.viewers).toEqual([100, 180, null]);
    expect(s.comments).toEqual([2, 0, 0]);
    expect(s.likes).toEqual([0, 4, 0]);
    expect(s.engagedUsers).toEqual([1, 2, 3]);
    const two = await series(kp, 120);
    expect(two.t).toEqual([T0, T0 + 120_000]);
    expect(two.gmv).toEqual([170.5, 0]);
    expect(two.viewers).toEqual([180, null]);
    expect(two.engagedUsers).toEqual([3, 3]); // u1,u2,u3 then u4,u1,u5
  });

  it('keeps its figures over a restart', async () => {
    kp = await TestKolpulse.start();
    await kp.ingest(scenario());
    kp = await kp.restart();
    const { body } = await summary(kp);
    expect(body.netGmv).toBe(125.25);
    expect(body.uniqueViewers).toBe(6);
  });

  it('answers 404 for an unknown stream and 400 for a bad step', async () => {
    kp = await TestKolpulse.start();
    expect((await summary(kp, 'nope')).status).toBe(404);
    await kp.ingest(scenario());
    const res = await kp.request(`/api/streams/${S}/series?step=45`, { headers: { authorization: `Bearer ${kp.defaultWorkspace.readToken}` } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/step/);
  });

  it('an over-refund arriving before its purchase is capped at the order amount', async () => {
    kp = await TestKolpulse.start();
    await kp.ingest([
      { id: 'r-a', type: 'refund', ts: at(5), orderId: 'oo', amount: '8.00' },
      { id: 'r-b', type: 'refund', ts: at(6), orderId: 'oo', amount: '8.00' },
      { id: 'p', type: 'purchase', ts: at(1), orderId: 'oo', userId: 'u', amount: '10.00', currency: 'CNY', streamId: S },
    ]);
    const { body } = await summary(kp);
    expect(body.gmv).toBe(10);
    expect(body.refunds).toBe(10);
    expect(body.netGmv).toBe(0);
    const rejected = await kp.rejected();
    expect(rejected.some((r) => /excess 6\.00/.test(r.error))).toBe(true);
  });
});
