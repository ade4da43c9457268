// KOL vs KOC comparison, creators API, the post-stream report and the live push, against
// values worked out by hand.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { TestKolpulse } from '../helpers/kolpulse.js';

const T0 = Date.UTC(2026, 1, 1, 12, 0, 0);
let kp: TestKolpulse;
afterEach(async () => kp?.close());

const get = async (t: TestKolpulse, path: string, token = t.defaultWorkspace.readToken) => {
  const res = await t.request(path, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, res };
};

function streamEvents(streamId: string, creatorId: string, tier: 'KOL' | 'KOC', fee: string | null, users: string[], t: number) {
  const ev: Record<string, unknown>[] = [{
    id: `${streamId}-start`, type: 'stream_start', ts: t, streamId, creatorId,
    creator: { name: creatorId.toUpperCase(), tier, ...(fee ? { fee: { amount: fee, currency: 'CNY' } } : {}) },
  }];
  users.forEach((u, i) => ev.push({ id: `${streamId}-j-${u}`, type: 'member_join', ts: t + i, streamId, userId: u }));
  return ev;
}

describe('GET /api/compare?by=tier', () => {
  it('compares KOL and KOC by the contract’s fields', async () => {
    kp = await TestKolpulse.start();
    await kp.ingest([
      ...streamEvents('A', 'ka', 'KOL', '1000.00', ['a1', 'a2', 'a3', 'a4'], T0),
      { id: 'pa', type: 'purchase', ts: T0 + 100, orderId: 'pa', userId: 'a1', amount: '200', currency: 'CNY', streamId: 'A' },
      ...streamEvents('B', 'kb', 'KOC', '100', ['b1', 'b2'], T0 + 1000),
      { id: 'pb', type: 'purchase', ts: T0 + 1100, orderId: 'pb', userId: 'b1', amount: '50', currency: 'CNY', streamId: 'B' },
      { id: 'rb', type: 'refund', ts: T0 + 1200, orderId: 'pb', amount: '10' },
      ...streamEvents('C', 'kc', 'KOC', null, ['b1', 'c2'], T0 + 2000),
      { id: 'pc', type: 'purchase', ts: T0 + 2100, orderId: 'pc', userId: 'c2', amount: '30', currency: 'CNY', streamId: 'C' },
    ]);
    const { status, res } = await get(kp, '/api/compare?by=tier');
    expect(status).toBe(200);
    const body = (await res.json()) as Record<string, Record<string, number | null>>;
    expect(body.KOL).toMatchObject({ streams: 1, creators: 1, uniqueViewers: 4, buyers: 1, conversionRate: 0.25, gmv: 200, netGmv: 200, uvValue: 50, gpm: 50000, fee: 1000, roi: 0.2 });
    expect(body.KOC).toMatchObject({ streams: 2, creators: 2, uniqueViewers: 3, buyers: 2, gmv: 80, netGmv: 70, gpm: 17500, fee: 100 });
    expect(body.KOC!.conversionRate).toBeCloseTo(2 / 3, 12);
    expect(body.KOC!.uvValue).toBeCloseTo(70 / 3, 12);
    expect(body.KOC!.roi).toBeCloseTo(0.7, 12);
    // The range selects streams by start: only C started at or after T0 + 2000.
    const later = (await (await get(kp, `/api/compare?by=tier&from=${T0 + 2000}`)).res.json()) as Record<string, Record<string, number | null>>;
    expect(later.KOC).toMatchObject({ streams: 1, uniqueViewers: 2, gmv: 30, fee: null, roi: null });
    expect(later.KOL).toMatchObject({ streams: 0, gmv: 0 });
    expect((await get(kp, '/api/compare?by=platform')).status).toBe(400);
  });

  it('PUT /api/creators/:id sets tier and fee, which compare then uses', async () => {
    kp = await TestKolpulse.start();
    await kp.ingest([
      { id: 's', type: 'stream_start', ts: T0, streamId: 'S', creatorId: 'k' },
      { id: 'p', type: 'purchase', ts: T0 + 1, orderId: 'p', userId: 'u', amount: '300', currency: 'CNY', streamId: 'S' },
    ]);
    const put = await kp.request('/api/creators/k', {
      method: 'PUT',
      headers: { authorization: `Bearer ${kp.defaultWorkspace.ingestToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Kay', tier: 'KOL', fee: '150.00', code: 'KAY10' }),
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ creatorId: 'k', name: 'Kay', tier: 'KOL', fee: 150, code: 'KAY10' });
    const body = (await (await get(kp, '/api/compare')).res.json()) as Record<string, Record<string, number | null>>;
    expect(body.KOL).toMatchObject({ streams: 1, gmv: 300, fee: 150, roi: 2 });
    // Settings survive a restart.
    kp = await kp.restart();
    const creators = (await (await get(kp, '/api/creators')).res.json()) as Array<Record<string, unknown>>;
    expect(creators).toContainEqual(expect.objectContaining({ creatorId: 'k', tier: 'KOL', fee: 150, code: 'KAY10' }));
    const bad = await kp.request('/api/creators/k', {
      method: 'PUT',
      headers: { authorization: `Bearer ${kp.defaultWorkspace.ingestToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tier: 'MEGA' }),
    });
    expect(bad.status).toBe(400);
    expect((await get(kp, '/api/creators', kp.defaultWorkspace.ingestToken)).status).toBe(403);
  });
});

describe('GET /api/streams/:id/report', () => {
  it('serves JSON, CSV and a self-contained HTML page with escaped text', async () => {
    kp = await TestKolpulse.start();
    await kp.ingest([
      { id: 's', type: 'stream_start', ts: T0, streamId: 'R', creatorId: 'k', title: '<script>alert(1)</script> sale', creator: { tier: 'KOC' } },
      { id: 'pin', type: 'product_pin', ts: T0 + 1000, streamId: 'R', productId: 'sku-1', title: 'Lipstick, "red"', price: '99.00' },
      { id: 'k1', type: 'product_click', ts: T0 + 2000, streamId: 'R', userId: 'u1', productId: 'sku-1' },
      { id: 'p1', type: 'purchase', ts: T0 + 3000, orderId: 'o1', userId: 'u1', amount: '99.00', currency: 'CNY', streamId: 'R', productId: 'sku-1' },
      { id: 'e', type: 'stream_end', ts: T0 + 120_000, streamId: 'R' },
    ]);
    const json = (await (await get(kp, '/api/streams/R/report?format=json')).res.json()) as Record<string, any>;
    expect(json.summary).toMatchObject({ streamId: 'R', gmv: 99, orders: 1, live: false, endedAt: T0 + 120_000 });
    expect(json.products).toEqual([expect.objectContaining({ productId: 'sku-1', pins: 1, clickers: 1, orders: 1, gmv: 99, price: 99 })]);
    expect(json.series.t).toEqual([T0, T0 + 60_000, T0 + 120_000]);
    expect(json.definitions.gpm).toMatch(/netGmv × 1000 \/ views/);

    const csv = await get(kp, '/api/streams/R/report?format=csv');
    expect(csv.res.headers.get('content-type')).toMatch(/text\/csv/);
    const text = await csv.res.text();
    expect(text).toContain('summary,gmv,99');
    expect(text).toContain('sku-1,"Lipstick, ""red""",99,1,1,0,1,99');

    const html = await (await get(kp, '/api/streams/R/report?format=html')).res.text();
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62; sale');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toMatch(/<svg[^>]*role="img"/);
    expect(html).toContain('@media print');
    expect((await get(kp, '/api/streams/R/report?format=pdf')).status).toBe(400);
  });
});

describe('GET /api/streams/:id/chat', () => {
  it('lists the newest comments first, as stored', async () => {
    kp = await TestKolpulse.start();
    await kp.ingest([
      { id: 'c1', type: 'comment', ts: T0 + 2, streamId: 'Q', userId: 'u1', text: 'second' },
      { id: 'c0', type: 'comment', ts: T0 + 1, streamId: 'Q', userId: 'u2', text: '<b>first</b>' },
      { id: 'c2', type: 'comment', ts: T0 + 3, streamId: 'other', userId: 'u3', text: 'elsewhere' },
    ]);
    const body = (await (await get(kp, '/api/streams/Q/chat?limit=10')).res.json()) as { comments: unknown[] };
    expect(body.comments).toEqual([
      { ts: T0 + 2, userId: 'u1', text: 'second' },
      { ts: T0 + 1, userId: 'u2', text: '<b>first</b>' },
    ]);
    expect((await get(kp, '/api/streams/nope/chat')).status).toBe(404);
  });
});

describe('live push (/live)', () => {
  it('a subscribed client sees an ingested purchase within 1.5 s', async () => {
    kp = await TestKolpulse.start();
    await kp.ingest([{ id: 's', type: 'stream_start', ts: T0, streamId: 'L', creatorId: 'k' }]);
    const { wsUrl } = await kp.listen();
    const ws = new WebSocket(`${wsUrl}/live?token=${kp.defaultWorkspace.readToken}&streamId=L`);
    const messages: Array<Record<string, any>> = [];
    ws.on('message', (d) => messages.push(JSON.parse(String(d))));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    await expect.poll(() => messages.length).toBeGreaterThan(0);
    expect(messages[0]).toMatchObject({ type: 'snapshot', streamId: 'L', summary: { orders: 0 } });
    const sent = Date.now();
    await kp.ingest([{ id: 'p', type: 'purchase', ts: T0 + 5000, orderId: 'o', userId: 'u', amount: '12.34', currency: 'CNY', streamId: 'L' }]);
    await expect.poll(() => messages.find((m) => m.type === 'update'), { timeout: 1500, interval: 20 }).toBeTruthy();
    const elapsed = Date.now() - sent;
    const update = messages.find((m) => m.type === 'update')!;
    expect(update.summary).toMatchObject({ orders: 1, gmv: 12.34 });
    expect(update.series.t).toEqual([T0]);
    expect(update.series.gmv).toEqual([12.34]);
    expect(elapsed).toBeLessThanOrEqual(1500);
    ws.close();
  });

  it('refuses /live without a read token', async () => {
    kp = await TestKolpulse.start();
    const { wsUrl } = await kp.listen();
    const status = (token: string) => new Promise<number>((resolve) => {
      const ws = new WebSocket(`${wsUrl}/live?token=${token}&streamId=L`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    expect(await status('nope')).toBe(401);
    expect(await status(kp.defaultWorkspace.ingestToken)).toBe(403);
  });
});
