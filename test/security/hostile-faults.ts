// One fault at a time, put into an otherwise valid event, with the field the rejection must name
// (CONTRACT §3.2). Values JSON cannot carry as such (Infinity) are sent as raw text like 1e999.
import fc from 'fast-check';

/** A value to be written into the JSON text as is (1e999 parses to Infinity). */
export class Raw {
  constructor(readonly text: string) {}
}
/** The field is left out. */
export const MISSING = Symbol('missing');

export interface Fault { field: string; value: unknown; prefix: string }

/** Required fields per type besides id, type and ts, from the contract's table. */
export const REQUIRED: Record<string, string[]> = {
  member_join: ['streamId', 'userId'], member_leave: ['streamId', 'userId'], follow: ['streamId', 'userId'], share: ['streamId', 'userId'],
  comment: ['streamId', 'userId', 'text'], like: ['streamId', 'userId'], gift: ['streamId', 'userId'], viewer_count: ['streamId', 'current'],
  purchase: ['orderId', 'userId', 'amount', 'currency'], stream_start: ['streamId', 'creatorId'], refund: ['orderId', 'amount'],
};

const inf = new Raw('1e999');
const negInf = new Raw('-1e999');

const BAD_ID = [12345, 1.5, true, null, {}, [], ['a'], '', 'x'.repeat(201), 'z'.repeat(20_000), 'a\u0000b', '\u0000', 'a\ud800', '\udc00b', 'x\udbff'];
const BAD_TYPE = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'PURCHASE', 'like ', '', 'refund\u0000', 42, ['like'], {}, null, true];
const BAD_TS = [
  -1, -0.5, 8.64e15 + 1, 1e20, inf, negInf, 'yesterday', '', '1e12', '1714564800000', '2024-02-30', '2023-02-29T12:00:00Z', '2024-04-31T00:00',
  '2024-13-01', '2024-00-10', '2024-05-00', '2024-05-01T25:00:00Z', '2024-05-01T12:60:00Z', '2024-05-01T12:00:00+24:00', '0000-01-01',
  '1969-12-31T23:59:59.999Z', '+275760-09-13T00:00:00Z', '2024-05-01 12:00:00', '2024-05-01T12:00:00Z\u0000', true, null, {}, [],
];
const BAD_AMOUNT = [
  -1, -0.01, '-1.00', '-5', 19.999, '19.999', 0.1 + 0.2, 1e-7, inf, negInf, 'NaN', 'Infinity', '1e3', '', ' ', '0x10', '1,000.00', '¥19.90',
  '19.90.1', true, null, {}, [], ['19.90'],
];
const BAD_COUNT = [0, -1, 1.5, '2', inf, 2 ** 53, null, true];
const BAD_CURRENT = [-1, 1.5, '5', 2 ** 53, inf, null, {}];
const BAD_USER = ['str', [], 5, null, { followers: -1 }, { followers: 1.5 }, { following: inf }, { accountAgeDays: '3' }, { verified: 'yes' }, { verified: 1 }];

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
const fault = (field: string, values: readonly unknown[], prefix = `${field}: `) => pick(values).map((value): Fault => ({ field, value, prefix }));

/** A single fault for an event of `type`; the rejection reason must start with `prefix`. */
export function faultArb(type: string): fc.Arbitrary<Fault> {
  const required = REQUIRED[type]!;
  const idFields = required.filter((f) => /Id$/.test(f));
  const options: Array<fc.Arbitrary<Fault>> = [
    pick(['id', 'ts', 'type', ...required]).map((field): Fault => ({ field, value: MISSING, prefix: `${field}: required` })),
    fault('id', BAD_ID),
    fault('type', BAD_TYPE),
    fault('ts', BAD_TS),
    fault('user', BAD_USER, 'user'),
    ...idFields.map((f) => fault(f, BAD_ID)),
  ];
  if (type === 'purchase') {
    options.push(fault('amount', BAD_AMOUNT), fault('currency', ['USD', 'EURO', 'C1Y', '', 156, null]), fault('qty', [0, -1, 1.5, '1']), fault('ref', ['', 'r'.repeat(201), 7]));
    options.push(fault('currency', ['USD', 'eur'], 'currency: ').map((f) => ({ ...f, prefix: `currency: ${String(f.value)} is not this deployment's reporting currency` })));
  }
  if (type === 'like') options.push(fault('count', BAD_COUNT));
  if (type === 'viewer_count') options.push(fault('current', BAD_CURRENT));
  if (type === 'comment') options.push(fault('text', ['x'.repeat(2001), 5, null, ['hi']]));
  if (type === 'gift') options.push(fault('value', [-1, inf, '5', null]), fault('quantity', [0, -2, 0.5]));
  if (type === 'stream_start') {
    options.push(
      fault('platform', ['youtube', 'Douyin', '', 3]), fault('title', ['t'.repeat(501), 5]), fault('creator', ['x', [], 5], 'creator: '),
      fault('creator', [{ tier: 'MEGA' }], 'creator.tier: '), fault('creator', [{ fee: { amount: '1.001' } }, { fee: { amount: -5 } }], 'creator.fee.amount: '),
      fault('creator', [{ fee: { amount: '100', currency: 'USD' } }], 'creator.fee.currency: USD is not'), fault('creator', [{ followers: -3 }], 'creator.followers: '),
    );
  }
  return fc.oneof(...options);
}

/** Events that are not objects at all. */
export const NOT_OBJECTS: readonly unknown[] = [null, 5, 'like', true, [], [{ id: 'x', type: 'like' }]];

/** NDJSON lines that are not JSON; each is rejected on its own. */
export const BROKEN_LINES = [
  '{"id":"b","type":"like"', 'NaN', '{"ts": NaN}', '{"amount": Infinity}', "{'id':'x'}", '{"a":1,}', '[1,2', 'undefined', '{"id":"\u0001"}',
  '{"id":"x"}}', '"unterminated', '{"a":\u0000}', '\u0000', '{"__proto__":', '-', '01',
];

/** The JSON text of `value`, with `Raw` values written as their text. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof Raw) {
      raws.push(v.text);
      return `@@raw${raws.length - 1}@@`;
    }
    return v;
  });
  return text.replace(/"@@raw(\d+)@@"/g, (_m, i: string) => raws[Number(i)]!);
}
