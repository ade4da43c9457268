// CONTRACT §3.1, the rejected-event log: every rejected event kept with its reason and the
// original event, at GET /api/rejected?limit=N (read token; newest first; default 100, max 1,000).
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { comment, nextId, purchase, refund, TS } from '../helpers/events.js';
import { TestKolpulse } from '../helpers/kolpulse.js';

let t: TestKolpulse;
beforeEach(async () => {
  t = await TestKolpulse.start();
});
afterEach(async () => {
  await t.close();
});

const badComment = (i: number) => ({ id: `bad-${i}`, type: 'comment', ts: TS + i, streamId: 'room-1', userId: `u${i}` }); // no text

describe('GET /api/rejected', () => {
  test('keeps each rejected event with receivedAt, index, id, error and the original event', async () => {
    const bad = { id: 'b-1', type: 'comment', ts: TS, streamId: 'room-1', userId: 'u1', text: 'x'.repeat(2001), note: { keep: [1, 2] } };
    const before = Date.now();
    await t.ingest([comment(), bad]);
    const after = Date.now();
    const log = await t.rejected();
    expect(log).toHaveLength(1);
    const entry = log[0]!;
    expect(Object.keys(entry).sort()).toEqual(['error', 'event', 'id', 'index', 'receivedAt']);
    expect(entry.index).toBe(1);
    expect(entry.id).toBe('b-1');
    expect(entry.error).toContain('text');
    expect(entry.event).toEqual(bad);
    expect(entry.receivedAt).toBeGreaterThanOrEqual(before);
    expect(entry.receivedAt).toBeLessThanOrEqual(after);
  });

  test('every kind of rejection is logged: schema, currency, refund excess, non-objects', async () => {
    const o = nextId('order');
    await t.ingest([purchase(o, '10.00')]);
    await t.ingest([
      badComment(1),
      purchase(nextId('order'), '1.00', { currency: 'EUR' }),
      refund(o, '10.01'),
      'just a string',
      { type: 'like', ts: TS, streamId: 'room-1', userId: 'u1' }, // no id
    ]);
    const log = await t.rejected();
    expect(log).toHaveLength(5);
    expect(log.map((r) => r.index).sort()).toEqual([0, 1, 2, 3, 4]);
    const byIndex = new Map(log.map((r) => [r.index, r]));
    expect(byIndex.get(0)!.event).toEqual(badComment(1));
    expect(byIndex.get(1)!.error).toMatch(/currency/i);
    expect(byIndex.get(2)!.error).toMatch(/amount|refund/i);
    expect(byIndex.get(3)!.event).toBe('just a string');
    expect(byIndex.get(4)!.event).toEqual({ type: 'like', ts: TS, streamId: 'room-1', userId: 'u1' });
    for (const r of log) expect(r.error.length).toBeGreaterThan(0);
  });

  test('newest first', async () => {
    await t.ingest([badComment(1)]);
    await t.ingest([badComment(2)]);
    await t.ingest([badComment(3)]);
    expect((await t.rejected()).map((r) => r.id)).toEqual(['bad-3', 'bad-2', 'bad-1']);
  });

  test('limit: default 100, N newest, at most 1,000', async () => {
    // 1,100 rejected events in three frames, oldest first: bad-0 … bad-1099.
    const all = Array.from({ length: 1100 }, (_, i) => badComment(i));
    await t.ingest(all.slice(0, 500));
    await t.ingest(all.slice(500, 1000));
    await t.ingest(all.slice(1000));

    const dflt = await t.rejected();
    expect(dflt).toHaveLength(100);
    expect(new Set(dflt.map((r) => r.id))).toEqual(new Set(all.slice(1000).map((e) => e.id)));

    const five = await t.rejected(undefined, '?limit=5');
    expect(five).toHaveLength(5);
    for (const r of five) expect(Number(r.id!.slice(4))).toBeGreaterThanOrEqual(1000);

    const max = await t.rejected(undefined, '?limit=1000');
    expect(max).toHaveLength(1000);
    expect(new Set(max.map((r) => r.id))).toEqual(new Set(all.slice(100).map((e) => e.id)));
  });

  test.each(['0', '-1', '1001', '5000', 'abc', '2.5'])('limit=%s is answered 400 with a reason', async (limit) => {
    const res = await t.request(`/api/rejected?limit=${limit}`, { headers: { authorization: `Bearer ${t.defaultWorkspace.readToken}` } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string };
    expect(body.error).toContain('limit');
  });

  test('a huge rejected event is kept, truncated', async () => {
    const huge = { ...badComment(1), blob: 'z'.repeat(1_000_000) };
    const ack = await t.ingest([huge]);
    expect(ack.rejected).toHaveLength(1);
    const [entry] = await t.rejected();
    expect(entry!.id).toBe('bad-1');
    expect(entry!.error).toContain('text');
    expect(JSON.stringify(entry!.event).length).toBeLessThan(JSON.stringify(huge).length);
  });

  test('needs a read token', async () => {
    const ws = t.defaultWorkspace;
    expect((await t.request('/api/rejected')).status).toBe(401);
    expect((await t.request('/api/rejected', { headers: { authorization: `Bearer ${ws.ingestToken}` } })).status).toBe(403);
    expect((await t.request(`/api/rejected?token=${ws.readToken}`)).status).toBe(200);
  });
});
