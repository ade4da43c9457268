// CONTRACT §1–3 across a restart: close kolpulse and open it again on the same data dir. Events,
// duplicates, the rejected log, order state, workspaces and tokens all survive.
import { afterEach, beforeEach, expect, test } from 'vitest';
import { comments, nextId, purchase, refund, TS } from '../helpers/events.js';
import { TestKolpulse } from '../helpers/kolpulse.js';
import { IngestClient } from '../helpers/ws-client.js';

let t: TestKolpulse;
beforeEach(async () => {
  t = await TestKolpulse.start();
});
afterEach(async () => {
  await t.close();
});

test('acknowledged events survive, and resending them reports duplicates', async () => {
  const events = comments(nextId('keep'), 25);
  expect((await t.ingest(events)).accepted).toBe(25);
  t = await t.restart();
  expect(await t.ingest(events)).toEqual({ seq: null, accepted: 0, duplicates: 25, rejected: [] });
  expect((await t.storedEvents()).filter((r) => events.some((e) => e.id === r.id))).toHaveLength(25);
});

test('duplicates are detected across restarts over the WebSocket too', async () => {
  const events = comments(nextId('ws-keep'), 10);
  let c = await IngestClient.open((await t.listen()).wsUrl, t.defaultWorkspace.ingestToken);
  expect(await c.roundTrip({ seq: 1, events })).toMatchObject({ seq: 1, accepted: 10 });
  await c.close();
  t = await t.restart();
  c = await IngestClient.open((await t.listen()).wsUrl, t.defaultWorkspace.ingestToken);
  expect(await c.roundTrip({ seq: 2, events })).toEqual({ seq: 2, accepted: 0, duplicates: 10, rejected: [] });
  await c.close();
});

test('the rejected log survives', async () => {
  const bad = (i: number) => ({ id: `gone-${i}`, type: 'like', ts: TS, userId: 'u1' }); // no streamId
  await t.ingest([bad(1)]);
  await t.ingest([bad(2)]);
  const before = await t.rejected();
  expect(before.map((r) => r.id)).toEqual(['gone-2', 'gone-1']);
  t = await t.restart();
  expect(await t.rejected()).toEqual(before);
  await t.ingest([bad(3)]);
  expect((await t.rejected()).map((r) => r.id)).toEqual(['gone-3', 'gone-2', 'gone-1']);
});

/** The excess logged for a refund event, if any (refunds beyond the order amount are not applied). */
async function excessOf(id: string): Promise<string | undefined> {
  return (await t.rejected(undefined, '?limit=1000')).find((r) => r.id === id && /excess/.test(r.error))?.error;
}

test('order amounts and refunds survive: the refund limit still holds', async () => {
  const o = nextId('order');
  await t.ingest([purchase(o, '10.00'), refund(o, '6.00')]);
  t = await t.restart();
  const over = refund(o, '4.01');
  expect((await t.ingest([over])).accepted).toBe(1);
  expect(await excessOf(over.id as string)).toMatch(/excess 0\.01/);
});

test('a refund that came before its purchase is still counted after a restart', async () => {
  const o = nextId('order');
  expect((await t.ingest([refund(o, '3.00')])).accepted).toBe(1);
  t = await t.restart();
  expect((await t.ingest([purchase(o, '10.00')])).accepted).toBe(1);
  const fits = refund(o, '7.00');
  expect((await t.ingest([fits])).accepted).toBe(1);
  expect(await excessOf(fits.id as string)).toBeUndefined();
  const over = refund(o, '0.01');
  await t.ingest([over]);
  expect(await excessOf(over.id as string)).toMatch(/excess 0\.01/);
});

test('workspaces and their tokens survive; the default workspace stays the one `default`', async () => {
  const before = t.defaultWorkspace;
  const brand = await t.createWorkspace('Brand A');
  t = await t.restart();
  expect(t.defaultWorkspace).toEqual(before);
  expect((await t.kp.workspaces.list()).filter((w) => w.name === 'default')).toHaveLength(1);
  expect((await t.postEvents(comments(nextId('after'), 1), before.ingestToken)).status).toBe(200);
  expect((await t.postEvents(comments(nextId('after'), 1), brand.ingestToken)).status).toBe(200);
  expect((await t.request('/api/rejected', { headers: { authorization: `Bearer ${brand.readToken}` } })).status).toBe(200);
  expect((await t.postEvents(comments(nextId('after'), 1), brand.readToken)).status).toBe(403);
  expect((await t.createWorkspace('Brand B')).name).toBe('Brand B');
});
