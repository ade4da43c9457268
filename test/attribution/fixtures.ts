// Canonical-event builders and a fixed creator lookup for the attribution suites.
import type { CanonicalEvent } from '../../ingest/event-schema.js';
import type { CreatorInfo, CreatorLookup } from '../../server/attribution/creator-lookup.js';
import type { CreatorCredit } from '../../server/attribution/credit-ledger.js';
import { TouchIndex } from '../../server/attribution/touch-index.js';

export const HOUR = 3_600_000;
export const DAY = 86_400_000;
/** An arbitrary epoch for the examples: 2024-06-01T00:00:00Z. */
export const T0 = Date.UTC(2024, 5, 1);

let seq = 0;
const nextId = (): string => `e${++seq}`;

export function comment(userId: string, streamId: string, ts: number): CanonicalEvent {
  return { id: nextId(), type: 'comment', ts, streamId, userId, text: 'hi' };
}

export function join(userId: string, streamId: string, ts: number): CanonicalEvent {
  return { id: nextId(), type: 'member_join', ts, streamId, userId };
}

export interface PurchaseSpec {
  orderId: string;
  userId: string;
  ts: number;
  /** Minor units. */
  amount: number;
  streamId?: string;
  ref?: string;
}

export function purchase(p: PurchaseSpec): CanonicalEvent {
  const e: CanonicalEvent = { id: nextId(), type: 'purchase', ts: p.ts, orderId: p.orderId, userId: p.userId, amount: p.amount, currency: 'CNY' };
  if (p.streamId !== undefined) e.streamId = p.streamId;
  if (p.ref !== undefined) e.ref = p.ref;
  return e;
}

export function refund(orderId: string, amount: number, ts: number): CanonicalEvent {
  return { id: nextId(), type: 'refund', ts, orderId, amount };
}

export function streamStart(streamId: string, creatorId: string, ts: number, creator?: { name?: string; tier?: 'KOL' | 'KOC'; code?: string }): CanonicalEvent {
  const e: CanonicalEvent = { id: nextId(), type: 'stream_start', ts, streamId, creatorId };
  if (creator) e.creator = creator;
  return e;
}

/** A lookup from plain tables: stream → creator, code → creator (creatorIds are codes unless listed in `coded`). */
export function lookup(streams: Record<string, string>, codes: Record<string, string> = {}, info: Record<string, CreatorInfo> = {}): CreatorLookup {
  const coded = new Set(Object.values(codes));
  const known = new Set(Object.values(streams));
  return {
    creatorOfStream: (s) => streams[s],
    creatorByCode: (code) => codes[code] ?? (known.has(code) && !coded.has(code) ? code : undefined),
    describe: (c) => info[c] ?? { name: null, tier: null },
  };
}

export function indexOf(events: readonly CanonicalEvent[]): TouchIndex {
  const index = new TouchIndex();
  index.fold(events);
  return index;
}

/** creatorId → field of each row, for compact expectations. */
export function byCreator(rows: readonly CreatorCredit[], key: 'orders' | 'gmv' | 'netGmv' | 'share'): Record<string, number> {
  return Object.fromEntries(rows.map((r) => [r.creatorId, r[key]]));
}
