// CONTRACT §3.2, the event: every type accepted with its required fields, every required field
// enforced with a reason naming it, the field rules (ids, ts, counts, text, user attributes).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { comment, EVENT_TYPES, minimal, nextId, REQUIRED, TS, without, type RawEvent } from '../helpers/events.js';
import { TestKolpulse } from '../helpers/kolpulse.js';

let t: TestKolpulse;
beforeAll(async () => {
  t = await TestKolpulse.start();
});
afterAll(async () => {
  await t.close();
});

/** Sends one event alone and returns whether it was accepted, and the reason if not. */
async function one(event: RawEvent): Promise<{ accepted: boolean; error?: string }> {
  const ack = await t.ingest([event]);
  if (ack.accepted === 1) {
    expect(ack.rejected).toEqual([]);
    return { accepted: true };
  }
  expect(ack.accepted).toBe(0);
  expect(ack.duplicates).toBe(0);
  expect(ack.rejected).toHaveLength(1);
  expect(ack.rejected![0]!.index).toBe(0);
  expect(typeof ack.rejected![0]!.error).toBe('string');
  return { accepted: false, error: ack.rejected![0]!.error };
}

async function expectRejected(event: RawEvent, field: string): Promise<void> {
  const r = await one(event);
  expect(r.accepted, `${JSON.stringify(event).slice(0, 200)} should be rejected`).toBe(false);
  expect(r.error).toContain(field);
}

describe('every event type', () => {
  test('has 15 types, as in the contract table', () => {
    expect(EVENT_TYPES).toHaveLength(15);
  });

  test.each(EVENT_TYPES)('%s is accepted with only its required fields', async (type) => {
    expect(await one(minimal(type))).toEqual({ accepted: true });
  });

  const cases = EVENT_TYPES.flatMap((type) => ['id', 'type', 'ts', ...REQUIRED[type]!].map((field) => [type, field] as const));
  test.each(cases)('%s without %s is rejected, naming the field', async (type, field) => {
    await expectRejected(without(minimal(type), field), field);
  });

  test('all types in one frame are accepted together', async () => {
    const events = EVENT_TYPES.map((type) => minimal(type));
    const ack = await t.ingest(events);
    expect(ack).toEqual({ seq: null, accepted: 15, duplicates: 0, rejected: [] });
  });

  test('an unknown type is rejected naming `type`', async () => {
    await expectRejected(minimal('comment', { type: 'superchat' }), 'type');
  });

  test('purchase and refund need no streamId; every other type does', async () => {
    expect(await one(minimal('purchase'))).toEqual({ accepted: true });
    expect(await one(minimal('refund'))).toEqual({ accepted: true });
    // Covered per type above; here the positive side: purchase with streamId is also fine.
    expect(await one(minimal('purchase', { streamId: 'room-1', productId: 'sku-9', qty: 2, ref: 'creator-1' }))).toEqual({ accepted: true });
  });

  test('a non-object event is rejected', async () => {
    const ack = await t.ingest(['not an event', 42, null, [1, 2]]);
    expect(ack.accepted).toBe(0);
    expect(ack.rejected!.map((r) => r.index)).toEqual([0, 1, 2, 3]);
    for (const r of ack.rejected!) expect(r.error.length).toBeGreaterThan(0);
  });
});

describe('ids', () => {
  test('id is a string of 1–200 characters', async () => {
    expect(await one(comment({ id: 'x'.repeat(200) }))).toEqual({ accepted: true });
    await expectRejected(comment({ id: 'y'.repeat(201) }), 'id');
    await expectRejected(comment({ id: '' }), 'id');
    await expectRejected(comment({ id: 12345 }), 'id');
  });

  test('ids beyond 2^53 are kept exactly as strings', async () => {
    const big = '18446744073709551617';
    const ev = comment({ id: big, userId: '9007199254740993123' });
    expect(await one(ev)).toEqual({ accepted: true });
    const rows = await t.storedEvents();
    const row = rows.find((r) => r.id === big);
    expect(row).toBeDefined();
    expect(row!.user_id).toBe('9007199254740993123');
  });

  test.each(['streamId', 'userId'])('%s is a string of 1–200 characters', async (field) => {
    expect(await one(comment({ [field]: 's'.repeat(200) }))).toEqual({ accepted: true });
    await expectRejected(comment({ [field]: 's'.repeat(201) }), field);
    await expectRejected(comment({ [field]: '' }), field);
    await expectRejected(comment({ [field]: 7 }), field);
  });
});

describe('ts', () => {
  async function storedTs(event: RawEvent): Promise<number> {
    expect(await one(event)).toEqual({ accepted: true });
    const row = (await t.storedEvents()).find((r) => r.id === event.id);
    return Number(row!.ts);
  }

  test('ms since epoch is stored as is', async () => {
    expect(await storedTs(comment({ ts: 1714564800000 }))).toBe(1714564800000);
  });

  test('an ISO-8601 string is read as that instant', async () => {
    // 2024-05-01T12:00:00Z = 19844 days × 86 400 000 ms + 12 h: 1 714 521 600 000 + 43 200 000.
    expect(await storedTs(comment({ ts: '2024-05-01T12:00:00Z' }))).toBe(1714564800000);
    expect(await storedTs(comment({ ts: '2024-05-01T12:00:00.250Z' }))).toBe(1714564800250);
    expect(await storedTs(comment({ ts: '2024-05-01T20:00:00+08:00' }))).toBe(1714564800000);
  });

  test('events may arrive late and out of order', async () => {
    const ack = await t.ingest([comment({ ts: TS + 5000 }), comment({ ts: TS - 86_400_000 * 30 }), comment({ ts: TS })]);
    expect(ack.accepted).toBe(3);
  });

  test('a ts that is neither a number nor an ISO string is rejected naming ts', async () => {
    await expectRejected(comment({ ts: 'yesterday' }), 'ts');
    await expectRejected(comment({ ts: true }), 'ts');
    await expectRejected(comment({ ts: { ms: 1 } }), 'ts');
  });
});

describe('field rules', () => {
  test('viewer_count.current is an integer ≥ 0', async () => {
    expect(await one(minimal('viewer_count', { current: 0 }))).toEqual({ accepted: true });
    expect(await one(minimal('viewer_count', { current: 5000, cumulative: 80000 }))).toEqual({ accepted: true });
    await expectRejected(minimal('viewer_count', { current: -1 }), 'current');
    await expectRejected(minimal('viewer_count', { current: 1.5 }), 'current');
    await expectRejected(minimal('viewer_count', { current: '12' }), 'current');
  });

  test('comment.text is at most 2,000 characters', async () => {
    expect(await one(comment({ text: 'a'.repeat(2000) }))).toEqual({ accepted: true });
    await expectRejected(comment({ text: 'a'.repeat(2001) }), 'text');
    await expectRejected(comment({ text: 17 }), 'text');
  });

  test('like.count is an integer ≥ 1, optional', async () => {
    expect(await one(minimal('like', { count: 1 }))).toEqual({ accepted: true });
    expect(await one(minimal('like', { count: 250 }))).toEqual({ accepted: true });
    await expectRejected(minimal('like', { count: 0 }), 'count');
    await expectRejected(minimal('like', { count: 2.5 }), 'count');
  });

  test('gift.value is a number ≥ 0', async () => {
    expect(await one(minimal('gift', { giftId: 'rocket', quantity: 3, value: 0 }))).toEqual({ accepted: true });
    expect(await one(minimal('gift', { value: 12.5 }))).toEqual({ accepted: true });
    await expectRejected(minimal('gift', { value: -1 }), 'value');
  });

  test('stream_start takes platform, title and creator', async () => {
    for (const platform of ['douyin', 'kuaishou', 'taobao', 'xiaohongshu', 'wechat', 'tiktok', 'other']) {
      expect(await one(minimal('stream_start', { platform }))).toEqual({ accepted: true });
    }
    const creator = { name: 'Lina', tier: 'KOL', followers: 1_200_000, fee: { amount: '50000.00', currency: 'CNY' } };
    expect(await one(minimal('stream_start', { title: 'Spring sale', creator }))).toEqual({ accepted: true });
    expect(await one(minimal('stream_start', { creator: { name: 'Bo', tier: 'KOC' } }))).toEqual({ accepted: true });
    await expectRejected(minimal('stream_start', { platform: 'myspace' }), 'platform');
    await expectRejected(minimal('stream_start', { creator: { tier: 'celebrity' } }), 'tier');
  });

  test('product_pin, cart_add take their optional fields', async () => {
    expect(await one(minimal('product_pin', { title: 'Blue mug', price: '39.00' }))).toEqual({ accepted: true });
    expect(await one(minimal('cart_add', { qty: 2 }))).toEqual({ accepted: true });
  });

  test('user attributes: integers ≥ 0 and a boolean, optional, any subset', async () => {
    expect(await one(comment({ user: { accountAgeDays: 0, followers: 12, following: 300, verified: true } }))).toEqual({ accepted: true });
    expect(await one(comment({ user: { verified: false } }))).toEqual({ accepted: true });
    expect(await one(comment({ user: {} }))).toEqual({ accepted: true });
    await expectRejected(comment({ user: { followers: -1 } }), 'followers');
    await expectRejected(comment({ user: { accountAgeDays: 2.5 } }), 'accountAgeDays');
    await expectRejected(comment({ user: { following: '10' } }), 'following');
    await expectRejected(comment({ user: { verified: 'yes' } }), 'verified');
  });

  test('unknown extra fields are accepted and kept', async () => {
    const ev = comment({ platformMsgId: 'abc-123', extra: { nested: [1, 2, 3] } });
    expect(await one(ev)).toEqual({ accepted: true });
    const row = (await t.storedEvents()).find((r) => r.id === ev.id);
    expect(JSON.parse(row!.body)).toEqual(ev);
  });
});
