// CONTRACT §3.2, money: amounts as numbers or decimal strings, ≥ 0, at most 2 decimals, stored
// exactly in minor units; one reporting currency; refunds within the order amount, also when
// they come first. Expected minor units are worked out by hand (19.90 → 1990).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nextId, purchase, refund, type RawEvent } from '../helpers/events.js';
import { TestKolpulse } from '../helpers/kolpulse.js';

let t: TestKolpulse;
beforeAll(async () => {
  t = await TestKolpulse.start();
});
afterAll(async () => {
  await t.close();
});

async function storedAmount(event: RawEvent): Promise<number> {
  const ack = await t.ingest([event]);
  expect(ack.rejected).toEqual([]);
  expect(ack.accepted).toBe(1);
  const row = (await t.storedEvents()).find((r) => r.id === event.id);
  return Number(row!.amount_minor);
}

async function rejectionOf(event: RawEvent): Promise<string> {
  const ack = await t.ingest([event]);
  expect(ack.accepted).toBe(0);
  expect(ack.rejected).toHaveLength(1);
  return ack.rejected![0]!.error;
}

describe('amount', () => {
  test.each([
    ['19.90', 1990],
    ['19.9', 1990],
    ['100', 10000],
    ['0.07', 7],
    ['0', 0],
    ['9999999.99', 999999999],
    [19.9, 1990],
    [1.15, 115],
    [0.07, 7],
    [250, 25000],
    [0, 0],
  ])('%j is stored as %i minor units', async (amount, minor) => {
    expect(await storedAmount(purchase(nextId('o'), amount))).toBe(minor);
  });

  test.each([['1.234'], [1.234], ['0.001'], [19.999]])('%j (more than 2 decimals) is rejected naming amount', async (amount) => {
    expect(await rejectionOf(purchase(nextId('o'), amount))).toContain('amount');
  });

  test.each([[-1], ['-1.00'], [-0.01]])('%j (negative) is rejected naming amount', async (amount) => {
    expect(await rejectionOf(purchase(nextId('o'), amount))).toContain('amount');
  });

  test.each([['abc'], ['12,50'], [''], [true], [null], [{ value: 1 }]])('%j (not a number) is rejected naming amount', async (amount) => {
    expect(await rejectionOf(purchase(nextId('o'), amount))).toContain('amount');
  });

  test('refund amounts follow the same rules', async () => {
    expect(await storedAmount(refund(nextId('o'), '3.50'))).toBe(350);
    expect(await rejectionOf(refund(nextId('o'), '3.505'))).toContain('amount');
    expect(await rejectionOf(refund(nextId('o'), -2))).toContain('amount');
  });

  test('sums are exact: 0.1 + 0.2 stored as 10 + 20 = 30 minor units', async () => {
    const order = [purchase(nextId('o'), 0.1), purchase(nextId('o'), 0.2)];
    const ack = await t.ingest(order);
    expect(ack.accepted).toBe(2);
    const rows = (await t.storedEvents()).filter((r) => r.id === order[0]!.id || r.id === order[1]!.id);
    expect(rows.reduce((s, r) => s + Number(r.amount_minor), 0)).toBe(30);
  });
});

describe('currency', () => {
  test('a purchase in the reporting currency (default CNY) is accepted', async () => {
    expect((await t.ingest([purchase(nextId('o'), '5.00', { currency: 'CNY' })])).accepted).toBe(1);
  });

  test('a purchase in another currency is rejected with a reason', async () => {
    const error = await rejectionOf(purchase(nextId('o'), '5.00', { currency: 'USD' }));
    expect(error).toMatch(/currency/i);
    expect(error).toContain('USD');
  });

  test('a purchase without currency is rejected naming currency', async () => {
    const { currency: _c, ...noCurrency } = purchase(nextId('o'), '5.00');
    expect(await rejectionOf(noCurrency)).toContain('currency');
  });

  test('KOLPULSE_CURRENCY sets the reporting currency', async () => {
    const usd = await TestKolpulse.start({ env: { KOLPULSE_CURRENCY: 'USD' } });
    try {
      const ack = await usd.ingest([purchase('o-usd', '5.00', { currency: 'USD' }), purchase('o-cny', '5.00', { currency: 'CNY' })]);
      expect(ack.accepted).toBe(1);
      expect(ack.rejected).toHaveLength(1);
      expect(ack.rejected![0]!.index).toBe(1);
      expect(ack.rejected![0]!.error).toMatch(/currency/i);
    } finally {
      await usd.close();
    }
  });
});

describe('refunds', () => {
  // Refunds apply up to the order amount, whatever order they arrive in: each refund event is
  // kept, and the part of it beyond what is left on the order (the excess) is rejected: not
  // applied, and logged with its reason in the rejected log.
  const stream = () => nextId('room');
  async function refunded(streamId: string): Promise<number> {
    const res = await t.request(`/api/streams/${streamId}/summary`, { headers: { authorization: `Bearer ${t.defaultWorkspace.readToken}` } });
    return ((await res.json()) as { refunds: number }).refunds;
  }
  async function excessLogged(id: string): Promise<string | undefined> {
    return (await t.rejected(undefined, '?limit=1000')).find((r) => r.id === id && /excess/.test(r.error))?.error;
  }

  test('refunds up to the order amount apply; the excess is rejected with a reason', async () => {
    const o = nextId('order');
    const s = stream();
    expect((await t.ingest([purchase(o, '10.00', { streamId: s })])).accepted).toBe(1);
    expect((await t.ingest([refund(o, '6.00')])).accepted).toBe(1);
    const over = refund(o, '5.00'); // 6 + 5 > 10: 4.00 applies, 1.00 is the excess
    expect((await t.ingest([over])).accepted).toBe(1);
    expect(await excessLogged(over.id as string)).toMatch(/refund of 5\.00 exceeds the 4\.00 not yet refunded.*excess 1\.00/);
    expect(await refunded(s)).toBe(10);
  });

  test('a single refund larger than the order applies up to the order amount', async () => {
    const o = nextId('order');
    const s = stream();
    await t.ingest([purchase(o, 10, { streamId: s })]);
    const r = refund(o, '10.01');
    expect((await t.ingest([r])).accepted).toBe(1);
    expect(await excessLogged(r.id as string)).toMatch(/excess 0\.01/);
    expect(await refunded(s)).toBe(10);
  });

  test('refund sums are exact: 0.1 + 0.1 + 0.1 fully refunds 0.30 (a float sum would exceed it)', async () => {
    const o = nextId('order');
    const s = stream();
    await t.ingest([purchase(o, '0.30', { streamId: s })]);
    const ack = await t.ingest([refund(o, 0.1), refund(o, 0.1), refund(o, 0.1)]);
    expect(ack).toMatchObject({ accepted: 3, rejected: [] });
    expect(await refunded(s)).toBe(0.3);
    const extra = refund(o, 0.01);
    await t.ingest([extra]);
    expect(await excessLogged(extra.id as string)).toMatch(/excess 0\.01/);
  });

  test('refund sums are exact: 0.1 + 0.2 fully refunds 0.3, with nothing logged as excess', async () => {
    const o = nextId('order');
    const s = stream();
    await t.ingest([purchase(o, 0.3, { streamId: s })]);
    const a = refund(o, 0.1);
    const b = refund(o, 0.2);
    expect((await t.ingest([a])).accepted).toBe(1);
    expect((await t.ingest([b])).accepted).toBe(1);
    expect(await excessLogged(b.id as string)).toBeUndefined();
    expect(await refunded(s)).toBe(0.3);
  });

  test('in one frame, the refund that crosses the amount is the one with an excess', async () => {
    const o = nextId('order');
    const s = stream();
    const events = [purchase(o, '20.00', { streamId: s }), refund(o, '15.00'), refund(o, '6.00'), refund(o, '5.00')];
    const ack = await t.ingest(events);
    expect(ack).toMatchObject({ accepted: 4, rejected: [] });
    expect(await excessLogged(events[2]!.id as string)).toMatch(/excess 1\.00/);
    expect(await excessLogged(events[3]!.id as string)).toMatch(/excess 5\.00/);
    expect(await refunded(s)).toBe(20);
  });

  test('refunds arriving together in separate frames still stay within the order', async () => {
    const o = nextId('order');
    const s = stream();
    await t.ingest([purchase(o, '10.00', { streamId: s })]);
    const acks = await Promise.all([t.ingest([refund(o, '6.00')]), t.ingest([refund(o, '6.00')]), t.ingest([refund(o, '6.00')])]);
    expect(acks.reduce((n, a) => n + a.accepted!, 0)).toBe(3);
    expect(await refunded(s)).toBe(10);
  });

  test('a refund before its purchase is accepted and counts when the purchase arrives', async () => {
    const o = nextId('order');
    const s = stream();
    expect((await t.ingest([refund(o, '3.00')])).accepted).toBe(1);
    expect((await t.ingest([purchase(o, '10.00', { streamId: s })])).accepted).toBe(1);
    expect(await refunded(s)).toBe(3);
    expect((await t.ingest([refund(o, '8.00')])).accepted).toBe(1); // 3 + 8 > 10: 7.00 applies
    expect(await refunded(s)).toBe(10);
  });

  test('refunds that came first and exceed the order: the excess is logged with a reason', async () => {
    const o = nextId('order');
    const s = stream();
    expect((await t.ingest([refund(o, '15.00')])).accepted).toBe(1);
    const before = await t.rejected(undefined, '?limit=1000');
    const p = purchase(o, '10.00', { streamId: s });
    await t.ingest([p]);
    const after = await t.rejected(undefined, '?limit=1000');
    const fresh = after.slice(0, after.length - before.length);
    expect(fresh.some((r) => r.error.includes(o) && /excess 5\.00/.test(r.error))).toBe(true);
    expect(await refunded(s)).toBe(10);
  });

  test('the same refunds in any arrival order give the same refunded total', async () => {
    const totals: number[] = [];
    for (const order of [[0, 1, 2], [1, 2, 0], [2, 1, 0]]) {
      const o = nextId('order');
      const s = stream();
      const events = [purchase(o, '100.00', { streamId: s }), refund(o, '70.00'), refund(o, '50.00')];
      for (const i of order) await t.ingest([events[i]!]);
      totals.push(await refunded(s));
    }
    expect(totals).toEqual([100, 100, 100]);
  });

  test('refunds on one order do not touch another order', async () => {
    const a = nextId('order');
    const b = nextId('order');
    await t.ingest([purchase(a, '10.00'), purchase(b, '10.00')]);
    expect((await t.ingest([refund(a, '10.00'), refund(b, '10.00')])).accepted).toBe(2);
  });
});
