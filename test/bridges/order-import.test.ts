// Order files: each format's fixture maps to the purchases and refunds written out by hand, bad
// rows are reported by line, and `kolpulse import orders` against a real server imports a file,
// reports server rejections by line, and finds a second import all duplicates.
import fs from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { importCommand } from '../../cli/import-orders.js';
import type { WireEvent } from '../../ingest/bridges/bridge-common.js';
import { BridgeTally } from '../../ingest/bridges/bridge-tally.js';
import { CsvReader } from '../../ingest/bridges/csv-records.js';
import { orderFileMapper, type OrderFormat } from '../../ingest/bridges/order-files.js';
import { TestKolpulse } from '../helpers/kolpulse.js';
import { collectingIo, fixturePath } from './fixtures.js';

function mapFile(format: OrderFormat, file: string, currency = 'CNY') {
  const reader = new CsvReader();
  const [header, ...rows] = [...reader.push(fs.readFileSync(fixturePath(file), 'utf8')), ...reader.end()];
  const mapper = orderFileMapper(format, header!.fields, { currency, tzOffset: format === 'douyin' ? '+08:00' : '+00:00' });
  if (typeof mapper === 'string') throw new Error(mapper);
  const tally = new BridgeTally();
  const events: WireEvent[] = [];
  const take = (list: ReturnType<typeof mapper.row>) => list.forEach(({ line, mapped }) => events.push(...tally.take(`line ${line}`, mapped)));
  for (const r of rows) take(mapper.row(r.fields, r.line));
  take(mapper.end());
  return { events, tally, errors: tally.problems.map((p) => `${p.at}: ${p.error}`) };
}

describe('order file mapping', () => {
  test('douyin: fen to yuan, Beijing time, cancelled-after-payment refunds, unpaid skipped', () => {
    const { events, tally, errors } = mapFile('douyin', 'douyin-orders.csv');
    const dy = { currency: 'CNY', streamId: '7379999999999999999' };
    expect(events).toEqual([
      { id: 'douyin-order:6918273645501234567', type: 'purchase', ts: 1718712090000, orderId: '6918273645501234567', userId: 'buyer-open-1', amount: '129.90', ...dy, productId: '3670000000000000001', qty: 1, ref: 'lin' },
      { id: 'douyin-order:6918273645501234568', type: 'purchase', ts: 1718712120000, orderId: '6918273645501234568', userId: 'buyer-open-2', amount: '59.90', ...dy, productId: '3670000000000000002', qty: 2, ref: 'lin' },
      { id: 'douyin-order:6918273645501234570', type: 'purchase', ts: 1718712250000, orderId: '6918273645501234570', userId: 'buyer-open-4', amount: '88.00', ...dy, productId: '3670000000000000001', qty: 1, ref: 'lin' },
      { id: 'douyin-order:6918273645501234570:refund', type: 'refund', ts: 1718712250000, orderId: '6918273645501234570', amount: '88.00' },
      { id: 'douyin-order:6918273645501234575', type: 'purchase', ts: 1718712440000, orderId: '6918273645501234575', userId: 'buyer-open-5', amount: '450.00', ...dy, productId: '3670000000000000003', qty: 3, ref: 'mei' },
    ]);
    expect(tally.ignoredReasons).toEqual(new Map([['not paid', 1]]));
    expect(errors).toEqual([
      'line 6: pay_amount: "12.99" is not an amount in fen (an integer)',
      'line 7: order_id: required',
      'line 8: order_status: unknown status "9"',
      'line 9: pay_time/create_time: "yesterday" is not a time',
    ]);
  });

  test('tiktok-shop: SKU rows of one order become one purchase; refunds; unpaid skipped', () => {
    const { events, errors, tally } = mapFile('tiktok-shop', 'tiktok-shop-orders.csv', 'USD');
    const live = { currency: 'USD', streamId: 'tt-room-1', ref: 'lin' };
    expect(events).toEqual([
      { id: 'tiktok-shop-order:576461413038785752', type: 'purchase', ts: 1718712080000, orderId: '576461413038785752', userId: 'buyer_ana', amount: '31.48', ...live, qty: 3 },
      { id: 'tiktok-shop-order:576461413038785753', type: 'purchase', ts: 1718712130000, orderId: '576461413038785753', userId: 'buyer_ben', amount: '12.99', ...live, productId: '1729384756102938475', qty: 1 },
      { id: 'tiktok-shop-order:576461413038785753:refund', type: 'refund', ts: 1718715600000, orderId: '576461413038785753', amount: '12.99' },
      { id: 'tiktok-shop-order:576461413038785755', type: 'purchase', ts: 1718712240000, orderId: '576461413038785755', userId: 'buyer_dee', amount: '1024.50', currency: 'USD', productId: '1729384756102938477', qty: 4 },
      { id: 'tiktok-shop-order:576461413038785755:refund', type: 'refund', ts: 1718712240000, orderId: '576461413038785755', amount: '24.50' },
    ]);
    expect(tally.ignoredReasons).toEqual(new Map([['not paid', 1]]));
    expect(errors).toEqual(['line 8: Order Amount: "abc" is not an amount', 'line 9: Order ID: required']);
  });

  test('generic: the documented columns; invalid rows are caught before sending', () => {
    const { events, errors } = mapFile('generic', 'generic-orders.csv');
    expect(events).toEqual([
      { id: 'generic-order:g-1001', type: 'purchase', ts: 1718712090000, orderId: 'g-1001', userId: 'u-1', amount: '129.90', currency: 'CNY', streamId: 'room-1', productId: 'sku-1', qty: 1, ref: 'lin' },
      { id: 'generic-order:g-1002', type: 'purchase', ts: 1718712120000, orderId: 'g-1002', userId: 'u-2', amount: '59.9', currency: 'CNY', qty: 2 },
      { id: 'generic-refund:g-1001:1718713800000:29.90', type: 'refund', ts: 1718713800000, orderId: 'g-1001', amount: '29.90' },
      { id: 'r-77', type: 'refund', ts: 1718713860000, orderId: 'g-1002', amount: '59.90' },
      { id: 'generic-order:g-1007', type: 'purchase', ts: 1718714400000, orderId: 'g-1007', userId: 'u-7', amount: '10.00', currency: 'CNY', streamId: 'room-1', qty: 1, ref: 'lin' },
    ]);
    expect(errors).toEqual([
      'line 6: purchase generic-order:g-1003: amount: must have at most 2 decimals',
      'line 7: type: must be purchase or refund, got "bonus"',
      'line 8: purchase generic-order:g-1005: userId: required',
      'line 9: ts: "not-a-time" is not a time',
    ]);
  });

  test('a header without the needed columns is refused', () => {
    expect(orderFileMapper('douyin', ['id', 'amount'], { currency: 'CNY', tzOffset: '+08:00' })).toMatch(/needs the columns order_id, pay_amount/);
  });
});

describe('kolpulse import orders', () => {
  let t: TestKolpulse | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  test('imports through a real server; a second import is all duplicates; amounts reach the summary', async () => {
    t = await TestKolpulse.start();
    const { baseUrl } = await t.listen();
    const args = ['orders', fixturePath('generic-orders.csv'), '--format', 'generic', '--url', baseUrl, '--token', t.defaultWorkspace.ingestToken, '--json'];
    const first = collectingIo();
    expect(await importCommand(args, first)).toBe(1); // four bad rows
    // Two rows cannot be mapped (caught here); two map to events the server rejects (not
    // validated twice when sending), and those come back with their lines.
    expect(JSON.parse(first.out.join(''))).toMatchObject({ rows: 9, purchases: 5, refunds: 2, rowErrors: 2, rejected: 2, server: { sent: 7, accepted: 5, duplicates: 0, rejected: 2 } });
    const err = first.err.join('');
    expect(err).toContain('import: line 7: type: must be purchase or refund');
    expect(err).toContain('import: line 6: rejected by the server (id generic-order:g-1003): amount: must have at most 2 decimals');
    expect(err).toContain('import: line 8: rejected by the server (id generic-order:g-1005): userId: required');
    const second = collectingIo();
    await importCommand(args, second);
    expect(JSON.parse(second.out.join(''))).toMatchObject({ server: { sent: 7, accepted: 0, duplicates: 5, rejected: 2 } });
    const read = { authorization: `Bearer ${t.defaultWorkspace.readToken}` };
    const summary = await (await t.request('/api/streams/room-1/summary', { headers: read })).json() as Record<string, number>;
    // room-1: g-1001 (129.90, refunded 29.90) and g-1007 (10.00).
    expect(summary).toMatchObject({ orders: 2, buyers: 2, gmv: 139.9, refunds: 29.9, netGmv: 110 });
  });

  test('rows the server rejects are reported by line; --dry-run sends nothing', async () => {
    t = await TestKolpulse.start();
    const { baseUrl } = await t.listen();
    const io = collectingIo();
    const errorsFile = `${t.dataDir}/errors.csv`;
    const code = await importCommand(['orders', fixturePath('tiktok-shop-orders.csv'), '--format', 'tiktok-shop', '--currency', 'USD', '--errors', errorsFile, '--url', baseUrl, '--token', t.defaultWorkspace.ingestToken], io);
    expect(code).toBe(1);
    // The server reports in CNY: the three USD purchases are rejected (and their refunds wait for them).
    const errors = fs.readFileSync(errorsFile, 'utf8').trim().split('\n');
    expect(errors[0]).toBe('line,error');
    expect(errors.filter((l) => l.includes('currency: USD'))).toEqual([
      expect.stringMatching(/^2,"rejected by the server \(id tiktok-shop-order:576461413038785752\)/),
      expect.stringMatching(/^4,"rejected by the server/),
      expect.stringMatching(/^6,"rejected by the server/),
    ]);
    expect(io.out.join('')).toMatch(/7 rows → 3 purchases, 2 refunds; 1 rows skipped \(1 not paid\), 2 row errors/);

    const dry = collectingIo();
    expect(await importCommand(['orders', fixturePath('douyin-orders.csv'), '--format', 'douyin', '--dry-run'], dry)).toBe(1);
    expect(dry.out.join('')).toMatch(/^import dry run INCOMPLETE .*: 9 rows → 4 purchases, 1 refunds; 1 rows skipped \(1 not paid\), 4 row errors\n$/);
    const stored = await t.storedEvents();
    expect(stored.map((r) => r.id).filter((id) => id.startsWith('douyin'))).toEqual([]);
  });

  test('usage errors exit 2', async () => {
    const io = collectingIo();
    expect(await importCommand(['orders', 'x.csv', '--format', 'excel', '--dry-run'], io)).toBe(2);
    expect(await importCommand(['customers'], io)).toBe(2);
    expect(await importCommand(['orders', 'x.csv', '--format', 'generic'], io)).toBe(2);
    expect(io.err.join('')).toContain('--format must be one of douyin, tiktok-shop, generic');
    // An --errors file that cannot be written stops the import before it reads a row (it once crashed mid-import).
    const bad = collectingIo();
    expect(await importCommand(['orders', fixturePath('douyin-orders.csv'), '--format', 'douyin', '--dry-run', '--errors', '/nonexistent-dir/e.csv'], bad)).toBe(2);
    expect(bad.err.join('')).toContain('cannot write --errors /nonexistent-dir/e.csv');
    expect(bad.out.join('')).toBe('');
  });
});
