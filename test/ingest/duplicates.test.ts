// CONTRACT §3.1–3.2, the answer to a frame: `id` is the idempotency key (counted once, reported
// as a duplicate, within a frame and across frames), and partly bad frames keep their good events.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { comment, comments, nextId, purchase, refund, TS } from '../helpers/events.js';
import { TestKolpulse } from '../helpers/kolpulse.js';

let t: TestKolpulse;
beforeAll(async () => {
  t = await TestKolpulse.start();
});
afterAll(async () => {
  await t.close();
});

describe('duplicates', () => {
  test('the same id twice in one frame is counted once', async () => {
    const e = comment();
    expect(await t.ingest([e, e])).toEqual({ seq: null, accepted: 1, duplicates: 1, rejected: [] });
    expect((await t.storedEvents()).filter((r) => r.id === e.id)).toHaveLength(1);
  });

  test('a resent frame reports every event as a duplicate', async () => {
    const events = comments(nextId('batch'), 10);
    expect(await t.ingest(events)).toEqual({ seq: null, accepted: 10, duplicates: 0, rejected: [] });
    expect(await t.ingest(events)).toEqual({ seq: null, accepted: 0, duplicates: 10, rejected: [] });
  });

  test('a frame overlapping an earlier one: only the new events are accepted', async () => {
    const p = nextId('overlap');
    const events = comments(p, 8);
    await t.ingest(events.slice(0, 5));
    expect(await t.ingest(events.slice(3))).toEqual({ seq: null, accepted: 3, duplicates: 2, rejected: [] });
  });

  test('the id alone decides: a resend with other content is a duplicate and the first version stays', async () => {
    const first = comment({ text: 'first version' });
    await t.ingest([first]);
    const ack = await t.ingest([{ ...first, text: 'second version', ts: TS + 1 }]);
    expect(ack).toEqual({ seq: null, accepted: 0, duplicates: 1, rejected: [] });
    const row = (await t.storedEvents()).find((r) => r.id === first.id);
    expect(JSON.parse(row!.body).text).toBe('first version');
  });

  test('the same id sent in frames that arrive together is stored once', async () => {
    const events = comments(nextId('race'), 20);
    const acks = await Promise.all([t.ingest(events), t.ingest(events), t.ingest(events)]);
    expect(acks.reduce((n, a) => n + a.accepted!, 0)).toBe(20);
    expect(acks.reduce((n, a) => n + a.duplicates!, 0)).toBe(40);
    for (const a of acks) expect(a.accepted! + a.duplicates!).toBe(20);
  });

  test('a duplicate purchase (same event id) is a duplicate, not a rejection', async () => {
    const p = purchase(nextId('order'), '12.00');
    expect((await t.ingest([p])).accepted).toBe(1);
    expect(await t.ingest([p])).toEqual({ seq: null, accepted: 0, duplicates: 1, rejected: [] });
  });

  test('a duplicate has no effect: a purchase resent under a stored id leaves its order without a purchase', async () => {
    // The id is the idempotency key: the resend below is a duplicate of the stored purchase, so
    // order `o2` still has no purchase, and a refund on it is a refund before its purchase.
    const first = purchase(nextId('order'), '5.00');
    expect((await t.ingest([first])).accepted).toBe(1);
    const o2 = nextId('order');
    expect(await t.ingest([{ ...first, orderId: o2, amount: '10.00' }])).toEqual({ seq: null, accepted: 0, duplicates: 1, rejected: [] });
    expect((await t.storedEvents()).filter((r) => r.order_id === o2)).toHaveLength(0);
    expect(await t.ingest([refund(o2, '15.00')])).toEqual({ seq: null, accepted: 1, duplicates: 0, rejected: [] });
  });

  test('a duplicate has no effect: an id of another stored event reused by a purchase does not create the order', async () => {
    const c = comment();
    await t.ingest([c]);
    const o = nextId('order');
    expect(await t.ingest([purchase(o, '10.00', { id: c.id })])).toEqual({ seq: null, accepted: 0, duplicates: 1, rejected: [] });
    expect(await t.ingest([refund(o, '15.00')])).toEqual({ seq: null, accepted: 1, duplicates: 0, rejected: [] });
  });

  test('a duplicate has no effect: a refund whose id is taken in the same frame does not count against its order', async () => {
    const o = nextId('order');
    await t.ingest([purchase(o, '10.00')]);
    const c = comment();
    expect(await t.ingest([c, refund(o, '5.00', { id: c.id })])).toEqual({ seq: null, accepted: 1, duplicates: 1, rejected: [] });
    expect((await t.storedEvents()).filter((r) => r.order_id === o && r.type === 'refund')).toHaveLength(0);
    // No refund is stored on the order, so its full amount can still be refunded.
    expect(await t.ingest([refund(o, '10.00')])).toEqual({ seq: null, accepted: 1, duplicates: 0, rejected: [] });
  });

  test('a rejected event does not take its id: a valid event with that id is accepted later', async () => {
    const id = nextId('retry');
    const bad = { id, type: 'comment', ts: TS, streamId: 'room-1', userId: 'u1' }; // no text
    expect((await t.ingest([bad])).accepted).toBe(0);
    expect(await t.ingest([{ ...bad, text: 'fixed' }])).toEqual({ seq: null, accepted: 1, duplicates: 0, rejected: [] });
  });
});

describe('partly bad frames', () => {
  test('3 good and 2 bad events: 3 accepted, the 2 listed with index, id and error', async () => {
    const good = [comment(), comment(), comment()];
    const badNoStream = { id: nextId('bad'), type: 'comment', ts: TS, userId: 'u1', text: 'hi' };
    const badType = { id: nextId('bad'), type: 'teleport', ts: TS, streamId: 'room-1' };
    const frame = [good[0], badNoStream, good[1], badType, good[2]];
    const ack = await t.ingest(frame);
    expect(ack.seq).toBeNull();
    expect(ack.accepted).toBe(3);
    expect(ack.duplicates).toBe(0);
    expect(ack.rejected).toHaveLength(2);
    expect(ack.rejected![0]).toMatchObject({ index: 1, id: badNoStream.id });
    expect(ack.rejected![0]!.error).toContain('streamId');
    expect(ack.rejected![1]).toMatchObject({ index: 3, id: badType.id });
    expect(ack.rejected![1]!.error).toContain('type');
    const stored = new Set((await t.storedEvents()).map((r) => r.id));
    for (const g of good) expect(stored.has(g.id as string)).toBe(true);
    expect(stored.has(badNoStream.id)).toBe(false);
    expect(stored.has(badType.id)).toBe(false);
  });

  test('accepted + duplicates + rejected add up to the frame size', async () => {
    const old = comment();
    await t.ingest([old]);
    const fresh = comment();
    const frame = [old, fresh, { id: nextId(), type: 'like' }, fresh, comment()];
    const ack = await t.ingest(frame);
    expect(ack.accepted).toBe(2);
    expect(ack.duplicates).toBe(2);
    expect(ack.rejected!.map((r) => r.index)).toEqual([2]);
  });

  test('an empty frame is answered with zeros', async () => {
    expect(await t.ingest([])).toEqual({ seq: null, accepted: 0, duplicates: 0, rejected: [] });
  });
});
