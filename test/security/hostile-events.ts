// Generators of hostile ingest traffic for the fuzz suite, each event with the outcome the
// contract prescribes (CONTRACT §3), worked out here from the contract, not from the server's code.
import fc from 'fast-check';

export const CURRENCY = 'CNY';
const MAX_TS = 8.64e15;
/** Latest ms an ISO string with a 4-digit year can name, less a day for the offset. */
const MAX_ISO_MS = Date.UTC(9999, 11, 30);

/** Strings that have broken parsers, queries, pages and spreadsheets elsewhere; all are valid ids. */
export const HOSTILE_STRINGS = [
  "'; DROP TABLE events; --", "1' OR '1'='1", '" OR ""="', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>',
  '__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', '../../etc/passwd', 'a/b?c=d#e', '%2F%00',
  '=HYPERLINK("http://x")', '+1', '@SUM(A1)', '\u001b[31mred', '\u202etxt.exe', '\u2028\u2029', '😀👍🏽', '用户', ' ', 'null', '\\', '\t\r',
];

/** What the server must keep of an accepted event: its columns and, per type, what it adds up to. */
export interface Stored {
  id: string; type: string; ts: number; streamId: string | null; userId: string | null; orderId: string | null; amountMinor: number | null;
  likes: number; gifts: number; current: number | null; text: string | null;
}

export type Expect =
  | { kind: 'accept'; stored: Stored }
  | { kind: 'duplicate' }
  /** The reason must begin with `prefix` (the field it names). */
  | { kind: 'reject'; prefix: string };

/** One event (or NDJSON line) as sent, and its required outcome. */
export interface Item { text: string; expect: Expect }

// ---------------------------------------------------------------- pieces

const idUnit = fc.oneof(
  fc.constantFrom('a', 'Z', '0', ' ', "'", '"', '<', '>', '&', '/', '\\', '%', '\u0001', '\u001f', '\u007f', '\u2028', 'é', '用', '😀'),
  fc.integer({ min: 0x20, max: 0xd7ff }).map((c) => String.fromCharCode(c)),
);
/** A well-formed id: hostile, but within the contract (1–200 characters, no NUL, no lone surrogate). */
export const idArb = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ unit: idUnit, minLength: 1, maxLength: 24 }), fc.constant('x'.repeat(200)));

/** Any UTF-16 text, lone surrogates and control characters included (free text may carry them). */
const textUnit = fc.oneof(fc.constantFrom('\u0000', '\ud800', '\udfff', '\u2028', '\u001f', '<', '"', '\\', '\n'), fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)));
const freeText = fc.oneof(fc.string({ unit: textUnit, maxLength: 40 }), fc.constantFrom(...HOSTILE_STRINGS), fc.constant('长'.repeat(2000)));

type TsForm = { value: number | string; ms: number };

function isoAt(ms: number, offsetMin: number, precision: 'ms' | 's' | 'ns'): string {
  const local = new Date(ms + offsetMin * 60_000).toISOString();
  const body = precision === 's' ? local.slice(0, 19) : precision === 'ns' ? `${local.slice(0, 23)}999999` : local.slice(0, 23);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${body}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** `ts` in every accepted form, with the ms it means: whole ms are kept, fractions dropped. */
export const tsArb: fc.Arbitrary<TsForm> = fc.oneof(
  fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }).map((ms) => ({ value: ms, ms })),
  fc.constantFrom(0, MAX_TS).map((ms) => ({ value: ms, ms })),
  fc.double({ min: 0, max: 4e12, noNaN: true }).map((v) => ({ value: v, ms: Math.floor(v) })),
  fc.record({ ms: fc.integer({ min: 86_400_000, max: MAX_ISO_MS }), off: fc.integer({ min: -48, max: 56 }), p: fc.constantFrom('ms', 's', 'ns') as fc.Arbitrary<'ms' | 's' | 'ns'> })
    .map(({ ms, off, p }) => ({ value: isoAt(ms, off * 15, p), ms: p === 's' ? ms - (ms % 1000) : ms })),
  fc.integer({ min: 0, max: MAX_ISO_MS }).map((ms) => {
    const iso = new Date(ms).toISOString();
    return { value: iso.slice(0, 19), ms: ms - (ms % 1000) }; // no offset: UTC
  }),
  fc.integer({ min: 0, max: Math.floor(MAX_ISO_MS / 86_400_000) }).map((d) => ({ value: new Date(d * 86_400_000).toISOString().slice(0, 10), ms: d * 86_400_000 })),
);

type AmountForm = { value: number | string; minor: number };

function decimal(minor: number, places: 0 | 1 | 2): string {
  const whole = Math.floor(minor / 100);
  const cents = String(minor % 100).padStart(2, '0');
  return places === 0 ? String(whole) : places === 1 ? `${whole}.${cents[0]}` : `${whole}.${cents}`;
}

/** An accepted amount (≤ 10^11 major units, so a frame's sum stays an exact double) and its minor units. */
export const amountArb: fc.Arbitrary<AmountForm> = fc.record({
  minor: fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 1e13 })),
  form: fc.constantFrom('number', 'string', 'whole', 'tenths') as fc.Arbitrary<'number' | 'string' | 'whole' | 'tenths'>,
}).map(({ minor, form }) => {
  if (form === 'whole') return { value: Math.floor(minor / 100), minor: minor - (minor % 100) };
  if (form === 'tenths') return { value: decimal(minor - (minor % 10), 1), minor: minor - (minor % 10) };
  return { value: form === 'number' ? minor / 100 : decimal(minor, 2), minor };
});

// ---------------------------------------------------------------- valid events

export interface Spec { type: string; fields: Record<string, unknown>; stored: Omit<Stored, 'id' | 'type' | 'ts'> }

const none = { streamId: null, userId: null, orderId: null, amountMinor: null, likes: 0, gifts: 0, current: null, text: null };

/** A valid event body (all but id/type/ts) for stream `streamId`. */
export function specArb(streamId: string): fc.Arbitrary<Spec> {
  const inRoom = { ...none, streamId };
  const byUser = (type: string) => idArb.map((userId): Spec => ({ type, fields: { streamId, userId }, stored: { ...inRoom, userId } }));
  return fc.oneof(
    byUser('member_join'), byUser('member_leave'), byUser('follow'), byUser('share'),
    fc.record({ userId: idArb, text: freeText }).map(({ userId, text }): Spec => ({ type: 'comment', fields: { streamId, userId, text }, stored: { ...inRoom, userId, text } })),
    fc.record({ userId: idArb, count: fc.option(fc.integer({ min: 1, max: 1e6 }), { nil: undefined }) })
      .map(({ userId, count }): Spec => ({ type: 'like', fields: { streamId, userId, count }, stored: { ...inRoom, userId, likes: count ?? 1 } })),
    fc.record({ userId: idArb, quantity: fc.option(fc.integer({ min: 1, max: 99 }), { nil: undefined }), giftId: fc.option(idArb, { nil: undefined }) })
      .map(({ userId, quantity, giftId }): Spec => ({ type: 'gift', fields: { streamId, userId, quantity, giftId }, stored: { ...inRoom, userId, gifts: quantity ?? 1 } })),
    fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }).map((current): Spec => ({ type: 'viewer_count', fields: { streamId, current }, stored: { ...inRoom, current } })),
    fc.record({ userId: idArb, orderId: idArb, amount: amountArb, currency: fc.constantFrom(CURRENCY, CURRENCY.toLowerCase()) })
      .map(({ userId, orderId, amount, currency }): Spec => ({
        type: 'purchase', fields: { orderId, userId, amount: amount.value, currency, streamId }, stored: { ...inRoom, userId, orderId, amountMinor: amount.minor },
      })),
    fc.record({ creatorId: idArb, name: fc.constantFrom(...HOSTILE_STRINGS), tier: fc.constantFrom('KOL', 'KOC') })
      .map(({ creatorId, name, tier }): Spec => ({ type: 'stream_start', fields: { streamId, creatorId, title: name, creator: { name, tier } }, stored: inRoom })),
  );
}

/** Extra fields a valid event may carry and that must be kept but ignored, prototype keys included. */
export const extrasArb: fc.Arbitrary<Array<[string, unknown]>> = fc.array(fc.tuple(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'polluted', 'hasOwnProperty', 'note'),
  fc.oneof(
    fc.constant({ polluted: true }),
    fc.constant({ prototype: { polluted: true } }),
    fc.constant({ __proto__: null, polluted: 1 }),
    fc.integer({ min: 1, max: 4000 }).map((n) => Array.from({ length: n }, (_, i) => i)),
    fc.integer({ min: 1, max: 1000 }).map(nested),
    fc.integer({ min: 1, max: 60_000 }).map((n) => 'y'.repeat(n)),
    fc.jsonValue({ maxDepth: 3 }),
  ),
), { maxLength: 2 });

function nested(depth: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = { d: v };
  return v;
}

/** A plain object with `entries` as own enumerable properties (`__proto__` included, as JSON.parse makes it). */
export function ownObject(entries: Array<[string, unknown]>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) if (v !== undefined) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}
