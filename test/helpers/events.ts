// Minimal valid events of every type (CONTRACT §3.2), written out by hand from the contract's
// table, with the fields the table lists as required.

export type RawEvent = Record<string, unknown>;

export const TS = Date.UTC(2024, 4, 1, 12, 0, 0); // 2024-05-01T12:00:00Z

let counter = 0;
/** A fresh event id, unique within the test run. */
export function nextId(prefix = 'e'): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** Required fields per type, besides `id`, `type` and `ts` (which every type requires). */
export const REQUIRED: Record<string, string[]> = {
  stream_start: ['streamId', 'creatorId'],
  stream_end: ['streamId'],
  viewer_count: ['streamId', 'current'],
  member_join: ['streamId', 'userId'],
  member_leave: ['streamId', 'userId'],
  comment: ['streamId', 'userId', 'text'],
  like: ['streamId', 'userId'],
  follow: ['streamId', 'userId'],
  share: ['streamId', 'userId'],
  gift: ['streamId', 'userId'],
  product_pin: ['streamId', 'productId'],
  product_click: ['streamId', 'userId', 'productId'],
  cart_add: ['streamId', 'userId', 'productId'],
  purchase: ['orderId', 'userId', 'amount', 'currency'],
  refund: ['orderId', 'amount'],
};

export const EVENT_TYPES = Object.keys(REQUIRED);

const VALUES: Record<string, unknown> = {
  streamId: 'room-1',
  creatorId: 'creator-1',
  current: 120,
  userId: 'viewer-1',
  text: 'how much is the blue one?',
  productId: 'sku-1',
  orderId: 'order-1',
  amount: '19.90',
  currency: 'CNY',
};

/** An event of `type` with exactly the required fields, plus `extra`. */
export function minimal(type: string, extra: RawEvent = {}): RawEvent {
  const e: RawEvent = { id: nextId(type), type, ts: TS };
  for (const f of REQUIRED[type]!) e[f] = VALUES[f];
  if (type === 'purchase' || type === 'refund') e.orderId = nextId('order');
  return { ...e, ...extra };
}

/** The same event without `field`. */
export function without(event: RawEvent, field: string): RawEvent {
  const { [field]: _dropped, ...rest } = event;
  return rest;
}

export const comment = (extra: RawEvent = {}): RawEvent => minimal('comment', extra);

export function purchase(orderId: string, amount: unknown, extra: RawEvent = {}): RawEvent {
  return { id: nextId('purchase'), type: 'purchase', ts: TS, orderId, userId: 'buyer-1', amount, currency: 'CNY', ...extra };
}

export function refund(orderId: string, amount: unknown, extra: RawEvent = {}): RawEvent {
  return { id: nextId('refund'), type: 'refund', ts: TS + 60_000, orderId, amount, ...extra };
}

/** `n` valid comments with ids `${prefix}-0` … */
export function comments(prefix: string, n: number, extra: RawEvent = {}): RawEvent[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, type: 'comment', ts: TS + i, streamId: 'room-1', userId: `u${i % 50}`, text: `message ${i}`, ...extra }));
}
