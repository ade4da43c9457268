// Shopify order webhooks through the app: the admin sets a workspace's secret; a correctly signed
// webhook is stored through the ingest (redelivery = duplicate), a forged or tampered one is 401.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { TestKolpulse } from '../helpers/kolpulse.js';
import { fixturePath } from './fixtures.js';

const SECRET = 'shpss_test_5f8e0c1d2b3a4f6e7d8c9b0a';
let t: TestKolpulse;
beforeEach(async () => {
  t = await TestKolpulse.start();
});
afterEach(async () => {
  await t.close();
});

const sign = (body: string, secret = SECRET) => crypto.createHmac('sha256', secret).update(body, 'utf8').digest('base64');

function setSecret(workspaceId: string, token: string, body: unknown = { secret: SECRET }) {
  return t.request(`/api/workspaces/${workspaceId}/webhooks/shopify`, {
    method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
}

function deliver(file: string, opts: { topic?: string; webhookId?: string; hmac?: string; workspace?: string; body?: string } = {}) {
  const body = opts.body ?? fs.readFileSync(fixturePath(file), 'utf8');
  return t.request(`/api/webhooks/shopify/${opts.workspace ?? t.defaultWorkspace.id}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json', 'x-shopify-topic': opts.topic ?? 'orders/create', 'x-shopify-hmac-sha256': opts.hmac ?? sign(body),
      'x-shopify-webhook-id': opts.webhookId ?? `wh-${file}`, 'x-shopify-shop-domain': 'glow.myshopify.com',
    },
    body,
  });
}

async function storedBodies() {
  return (await t.storedEvents()).map((r) => JSON.parse(r.body) as Record<string, unknown>);
}

describe('Shopify webhooks', () => {
  test('setting the secret needs the admin token and a workspace that exists', async () => {
    const ws = t.defaultWorkspace;
    expect((await setSecret(ws.id, 'kp_admin_wrong')).status).toBe(401);
    expect((await setSecret(ws.id, ws.ingestToken)).status).toBe(403);
    expect((await setSecret('ws_nope', t.adminToken)).status).toBe(404);
    expect((await setSecret(ws.id, t.adminToken, { secret: '' })).status).toBe(400);
    const res = await setSecret(ws.id, t.adminToken);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ workspaceId: ws.id, source: 'shopify', webhookPath: `/api/webhooks/shopify/${ws.id}` });
  });

  test('a correctly signed orders/create is a purchase; its redelivery is a duplicate', async () => {
    await setSecret(t.defaultWorkspace.id, t.adminToken);
    const first = await deliver('shopify-orders-create.json', { webhookId: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043' });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ seq: null, accepted: 1, duplicates: 0, rejected: [] });
    const again = await deliver('shopify-orders-create.json', { webhookId: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043' });
    expect(await again.json()).toEqual({ seq: null, accepted: 0, duplicates: 1, rejected: [] });
    // note_attributes win over the landing site's UTM; 64-bit ids keep every digit.
    expect(await storedBodies()).toEqual([{
      id: 'shopify:order:820982911946154508', type: 'purchase', ts: '2024-06-18T20:01:30+08:00', orderId: '820982911946154508',
      userId: '115310627314723954', amount: '259.80', currency: 'CNY', streamId: 'room-1', ref: 'lin', productId: '632910392', qty: 2,
      financialStatus: 'paid', shopifyWebhookId: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
    }]);
  });

  test('a forged, tampered or unsigned webhook is refused with 401 and stores nothing', async () => {
    await setSecret(t.defaultWorkspace.id, t.adminToken);
    const body = fs.readFileSync(fixturePath('shopify-orders-create.json'), 'utf8');
    expect((await deliver('shopify-orders-create.json', { hmac: sign(body, 'someone-elses-secret') })).status).toBe(401);
    expect((await deliver('shopify-orders-create.json', { body: body.replace('259.80', '2.80'), hmac: sign(body) })).status).toBe(401);
    expect((await deliver('shopify-orders-create.json', { hmac: '' })).status).toBe(401);
    expect((await deliver('shopify-orders-create.json', { workspace: 'ws_unknown' })).status).toBe(401);
    const other = await t.createWorkspace('other brand'); // no secret set
    expect((await deliver('shopify-orders-create.json', { workspace: other.id })).status).toBe(401);
    expect(await storedBodies()).toEqual([]);
  });

  test('UTM parameters, discount codes and refunds; amounts reach the stream summary exactly', async () => {
    await setSecret(t.defaultWorkspace.id, t.adminToken);
    const creator = await t.request('/api/creators/mei', {
      method: 'PUT', headers: { authorization: `Bearer ${t.defaultWorkspace.ingestToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ code: 'KOC-MEI' }),
    });
    expect(creator.status).toBe(200);
    for (const f of ['shopify-orders-create.json', 'shopify-orders-create-utm.json', 'shopify-orders-create-discount.json']) {
      expect((await deliver(f)).status).toBe(200);
    }
    const refund = await deliver('shopify-refunds-create.json', { topic: 'refunds/create' });
    expect(await refund.json()).toMatchObject({ accepted: 1, rejected: [] });
    const [, utm, discount, refunded] = await storedBodies();
    const emailHash = crypto.createHash('sha256').update('mia@example.com').digest('hex').slice(0, 32);
    expect(utm).toMatchObject({ orderId: '820982911946154509', userId: `email:${emailHash}`, streamId: 'room-1', ref: 'lin', qty: 3, amount: '100.50' });
    expect(utm).not.toHaveProperty('productId');
    expect(discount).toMatchObject({ orderId: '820982911946154510', userId: '207119551', ref: 'KOC-MEI' });
    expect(discount).not.toHaveProperty('streamId');
    // 124.90 + 10.00 returned; the failed 10.00 transaction is not money back.
    expect(refunded).toMatchObject({ id: 'shopify:refund:509562969', type: 'refund', orderId: '820982911946154508', amount: '134.90' });
    const read = { authorization: `Bearer ${t.defaultWorkspace.readToken}` };
    const summary = await (await t.request('/api/streams/room-1/summary', { headers: read })).json() as Record<string, number>;
    // room-1: orders …508 (259.80) and …509 (100.50); the refund of 134.90 is on …508.
    expect(summary).toMatchObject({ orders: 2, buyers: 2, gmv: 360.3, refunds: 134.9, netGmv: 225.4 });
  });

  test('a payload that maps to an invalid event lands in the rejected log; other topics are acknowledged and ignored', async () => {
    await setSecret(t.defaultWorkspace.id, t.adminToken);
    const res = await deliver('shopify-orders-create-malformed.json');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ accepted: 0, rejected: [{ index: 0, id: 'shopify:order:820982911946154511', error: expect.stringContaining('amount: required') }] });
    expect(await t.rejected()).toMatchObject([{ id: 'shopify:order:820982911946154511' }]);
    const other = await deliver('shopify-orders-create.json', { topic: 'orders/paid' });
    expect(await other.json()).toEqual({ ignored: 'topic orders/paid is not mapped' });
    const noId = await t.request(`/api/webhooks/shopify/${t.defaultWorkspace.id}`, {
      method: 'POST', headers: { 'x-shopify-topic': 'orders/create', 'x-shopify-hmac-sha256': sign('{}') }, body: '{}',
    });
    expect(noId.status).toBe(400);
  });
});
