// The wire schema of one event (CONTRACT §3.2): zod schemas per type, bounded, with reasons a
// person can act on. Parsing yields a normalised `CanonicalEvent` (ts in ms, money in minor units).
import { z } from 'zod';
import { parseAmountMinor } from './money.js';

export const EVENT_TYPES = [
  'stream_start', 'stream_end', 'viewer_count', 'member_join', 'member_leave', 'comment', 'like',
  'follow', 'share', 'gift', 'product_pin', 'product_click', 'cart_add', 'purchase', 'refund',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const PLATFORMS = ['douyin', 'kuaishou', 'taobao', 'xiaohongshu', 'wechat', 'tiktok', 'other'] as const;

/** Earliest and latest event time accepted: the range of a JavaScript Date. */
const MAX_TS = 8.64e15;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** NUL and unpaired UTF-16 surrogates: no UTF-8 database stores them as sent (PostgreSQL refuses the batch). */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const HAS_UNSTORABLE = new RegExp(UNSTORABLE.source);

/** `text` with NUL and unpaired surrogates replaced by U+FFFD, fit for an indexed text column. */
export function storableText(text: string): string {
  return text.replace(UNSTORABLE, '\ufffd');
}

const id = z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(200, 'must be at most 200 characters')
  .refine((v) => !HAS_UNSTORABLE.test(v), 'must not contain NUL or unpaired surrogate characters');
const count = z.number({ error: 'must be a number' }).int('must be an integer').min(0, 'must be ≥ 0').max(Number.MAX_SAFE_INTEGER, 'is too large');
const positiveCount = count.min(1, 'must be ≥ 1');
const shortText = z.string({ error: 'must be a string' }).max(500, 'must be at most 500 characters');

/** `ts` reaches zod as ms: an ISO-8601 string is converted first (see `parseEvent`). */
const ts = z.number({ error: 'must be ms since epoch or an ISO-8601 string' })
  .min(0, 'is out of range').max(MAX_TS, 'is out of range');

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/** ms since epoch for an ISO-8601 string, or undefined when it is not one. */
function isoToMs(v: string): number | undefined {
  const m = ISO_8601.exec(v);
  if (!m) return undefined;
  // Date.parse rolls a day past the month's end over (2024-02-30 → 2024-03-01): refuse it.
  const [year, month, day] = v.slice(0, 10).split('-').map(Number) as [number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  // A date-time without an offset is UTC, never the server's local time.
  const ms = Date.parse(m[1] !== undefined && m[4] === undefined ? `${v}Z` : v);
  return Number.isFinite(ms) ? ms : undefined;
}

/** An amount: a number or decimal string with at most 2 decimals, to integer minor units. */
export const amount = z.union([z.number(), z.string()], { error: 'must be a number or a decimal string' }).transform((v, ctx) => {
  const minor = parseAmountMinor(v);
  if (typeof minor === 'string') {
    ctx.addIssue({ code: 'custom', message: minor });
    return z.NEVER;
  }
  return minor;
});

const userAttrs = z.object({
  accountAgeDays: count.optional(),
  followers: count.optional(),
  following: count.optional(),
  verified: z.boolean({ error: 'must be a boolean' }).optional(),
}, { error: 'must be an object' });

const base = { id, ts, user: userAttrs.optional() };
const inStream = { ...base, streamId: id };
const byUser = { ...inStream, userId: id };

const creatorInfo = z.object({
  name: shortText.optional(),
  tier: z.enum(['KOL', 'KOC'], { error: 'must be "KOL" or "KOC"' }).optional(),
  followers: count.optional(),
  code: id.optional(),
  fee: z.object({
    amount,
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code').optional(),
  }, { error: 'must be an object' }).optional(),
}, { error: 'must be an object' });

const schemas = {
  stream_start: z.object({
    ...inStream,
    creatorId: id,
    platform: z.enum(PLATFORMS, { error: `must be one of ${PLATFORMS.join(', ')}` }).optional(),
    title: shortText.optional(),
    creator: creatorInfo.optional(),
  }),
  stream_end: z.object(inStream),
  viewer_count: z.object({ ...inStream, current: count, cumulative: count.optional() }),
  member_join: z.object(byUser),
  member_leave: z.object(byUser),
  comment: z.object({ ...byUser, text: z.string({ error: 'must be a string' }).max(2000, 'must be at most 2000 characters') }),
  like: z.object({ ...byUser, count: positiveCount.optional() }),
  follow: z.object(byUser),
  share: z.object(byUser),
  gift: z.object({ ...byUser, giftId: id.optional(), quantity: positiveCount.optional(), value: z.number({ error: 'must be a number' }).min(0, 'must be ≥ 0').max(1e12, 'is too large').optional() }),
  product_pin: z.object({ ...inStream, productId: id, title: shortText.optional(), price: amount.optional() }),
  product_click: z.object({ ...byUser, productId: id }),
  cart_add: z.object({ ...byUser, productId: id, qty: positiveCount.optional() }),
  purchase: z.object({
    ...base,
    orderId: id,
    userId: id,
    amount,
    currency: z.string({ error: 'must be a string' }).regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 code'),
    streamId: id.optional(),
    productId: id.optional(),
    qty: positiveCount.optional(),
    ref: id.optional(),
  }),
  refund: z.object({ ...base, orderId: id, amount, userId: id.optional(), streamId: id.optional() }),
} satisfies Record<EventType, z.ZodType>;

type Parsed = { [K in EventType]: z.infer<(typeof schemas)[K]> & { type: K } };
/** A validated event: `ts` in ms, `amount`/`price`/`fee.amount` in integer minor units. */
export type CanonicalEvent = Parsed[EventType];
export type EventOf<K extends EventType> = Parsed[K];

export type ParseResult = { ok: true; event: CanonicalEvent } | { ok: false; error: string };

const typeSet = new Set<string>(EVENT_TYPES);

/** Validates one raw event. The reason names the first offending field. */
export function parseEvent(raw: unknown): ParseResult {
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const event = parseHotEvent(raw as Record<string, unknown>);
    if (event) return { ok: true, event };
  }
  return parseEventBySchema(raw);
}

/** Validates one raw event with the zod schemas: every type, every field, the error texts. */
export function parseEventBySchema(raw: unknown): ParseResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, error: 'event must be a JSON object' };
  const type = (raw as { type?: unknown }).type;
  if (type === undefined) return { ok: false, error: 'type: required' };
  if (typeof type !== 'string' || !typeSet.has(type)) {
    return { ok: false, error: `type: must be one of ${EVENT_TYPES.join(', ')}` };
  }
  let input = raw as Record<string, unknown>;
  const rawTs = input.ts;
  if (typeof rawTs === 'string') {
    const ms = isoToMs(rawTs);
    if (ms === undefined) return { ok: false, error: 'ts: must be ms since epoch or an ISO-8601 string' };
    input = { ...input, ts: ms };
  }
  const result = schemas[type as EventType].safeParse(input);
  if (!result.success) return { ok: false, error: describeIssues(result.error, raw) };
  // ms are whole: fractions are dropped here, not in zod (a transform there costs a fast path).
  const event = { ...result.data, type } as CanonicalEvent;
  if (!Number.isInteger(event.ts)) event.ts = Math.floor(event.ts);
  return { ok: true, event };
}

/**
 * The extra field of each hot type: like, comment, member_join/leave, follow, share,
 * product_click and cart_add are nine events in ten on a live room's wire.
 */
const HOT: ReadonlyMap<string, 'none' | 'count' | 'text' | 'product' | 'productQty'> = new Map([
  ['member_join', 'none'], ['member_leave', 'none'], ['follow', 'none'], ['share', 'none'],
  ['like', 'count'], ['comment', 'text'], ['product_click', 'product'], ['cart_add', 'productQty'],
] as const);

const isId = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= 200 && !HAS_UNSTORABLE.test(v);
const isPositiveCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= Number.MAX_SAFE_INTEGER;

/**
 * A hot event that is plainly valid, checked by hand and built directly: the same event, keys
 * in the same order, that the zod schema gives (test/ingest/hot-path.test.ts holds the two
 * together), for a fraction of the cost. Null for anything else (another type, an ISO `ts`,
 * `user` attributes, any doubtful field): the schema then decides, with its error texts.
 */
export function parseHotEvent(raw: Record<string, unknown>): CanonicalEvent | null {
  const type = raw.type;
  const extra = typeof type === 'string' ? HOT.get(type) : undefined;
  if (extra === undefined || 'user' in raw) return null;
  const { id, ts, streamId, userId } = raw;
  if (!isId(id) || typeof ts !== 'number' || !(ts >= 0 && ts <= MAX_TS) || !isId(streamId) || !isId(userId)) return null;
  const event: Record<string, unknown> = { id, ts: Number.isInteger(ts) ? ts : Math.floor(ts), streamId, userId };
  if (extra === 'count' && 'count' in raw) {
    if (!isPositiveCount(raw.count)) return null;
    event.count = raw.count;
  } else if (extra === 'text') {
    const text = raw.text;
    if (typeof text !== 'string' || text.length > 2000) return null;
    event.text = text;
  } else if (extra === 'product' || extra === 'productQty') {
    if (!isId(raw.productId)) return null;
    event.productId = raw.productId;
    if (extra === 'productQty' && 'qty' in raw) {
      if (!isPositiveCount(raw.qty)) return null;
      event.qty = raw.qty;
    }
  }
  event.type = type;
  return event as CanonicalEvent;
}

function describeIssues(error: z.ZodError, raw: object): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(String).join('.') || 'event';
    let at: unknown = raw;
    for (const key of issue.path) at = typeof at === 'object' && at !== null ? (at as Record<PropertyKey, unknown>)[key as PropertyKey] : undefined;
    return `${path}: ${at === undefined ? 'required' : issue.message}`;
  });
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
  return parts.join('; ') + more;
}

/** The id of a raw event if it has a usable one, for reject reports. */
export function rawEventId(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const v = (raw as { id?: unknown }).id;
  if (typeof v === 'string') return storableText(v.slice(0, 200));
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}
