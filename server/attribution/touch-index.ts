// One workspace's attribution index (CONTRACT §5): per user, the sorted times of their events in
// each stream, and the purchases with the refunds on them. Fed incrementally, late and out of
// order; the same answers whatever the order. Memory: per (user, stream) one time list of about
// 3 bytes a time (server/compact/time-list.ts), per user three arrays, per purchase one small object.
import type { CanonicalEvent, EventOf } from '../../ingest/event-schema.js';
import { appendTo, insertSorted } from './sorted-times.js';
import { timeListOf, toArray, withTime, type TimeList } from '../compact/time-list.js';
import { NumberColumn, OrderNumbers, setAt } from '../../ingest/order-table.js';

export interface Purchase {
  readonly orderId: string;
  readonly userId: string;
  /** The buyer's position in the index's user table (see `TouchIndex.user`). */
  readonly user: number;
  readonly ts: number;
  /** Minor units. */
  readonly amount: number;
  readonly streamId: string | null;
  readonly ref: string | null;
  /** Sum of the refunds on this order so far, minor units (kept current as refunds arrive; may
   *  exceed the amount: see `TouchIndex.refunded`). */
  readonly refunds: number;
}

/**
 * One user's footprint. `streams[i]` (a stream number) pairs with `times[i]`, the times of the
 * user's events in that stream.
 */
export interface UserTouches {
  readonly userId: string;
  readonly streams: readonly number[];
  readonly times: readonly TimeList[];
  /** Times of all the user's purchases, with or without a stream, sorted ascending; may end in
   *  +Infinity padding (spare capacity, see sorted-times.ts): search it rather than read `.length`. */
  readonly purchaseTimes: readonly number[];
}

type PurchaseRecord = { -readonly [K in keyof Purchase]: Purchase[K] };

interface UserRecord extends UserTouches {
  streams: number[];
  times: TimeList[];
  purchaseTimes: number[];
  /** stream number → slot in `streams`, built only for users in many streams. */
  slots: Map<number, number> | null;
}

/** Users in more streams than this get a map from stream to slot instead of a linear scan. */
const SCAN_LIMIT = 16;

export class TouchIndex {
  readonly #userIndex = new Map<string, number>();
  readonly #users: UserRecord[] = [];
  readonly #streamIndex = new Map<string, number>();
  readonly #streamIds: string[] = [];
  /** The workspace's order numbers, shared with the other engines; `#purchases` is by number. */
  readonly #orders: OrderNumbers;
  readonly #purchases: Array<PurchaseRecord | undefined> = [];
  #purchaseCount = 0;
  /** Sum of refund amounts per order number (minor units) while its purchase has not come. */
  readonly #earlyRefunds = new NumberColumn(0);
  /** Purchases by (ts, orderId) while `#sorted`; re-sorted lazily after an out-of-order one. */
  #ordered: PurchaseRecord[] = [];
  #sorted = true;
  #touches = 0;

  constructor(orders: OrderNumbers = new OrderNumbers()) {
    this.#orders = orders;
  }

  fold(events: readonly CanonicalEvent[]): void {
    for (const e of events) this.add(e);
  }

  add(e: CanonicalEvent): void {
    if (e.type === 'purchase') {
      this.#addPurchase(e);
      return;
    }
    if (e.type === 'refund') this.#addRefund(e.orderId, e.amount);
    const userId = 'userId' in e ? e.userId : undefined;
    const streamId = 'streamId' in e ? e.streamId : undefined;
    if (userId !== undefined && streamId !== undefined) this.#touch(this.#user(userId), streamId, e.ts);
  }

  #addRefund(orderId: string, amount: number): void {
    const n = this.#orders.of(orderId);
    const p = this.#purchases[n];
    if (p) p.refunds += amount;
    else this.#earlyRefunds.set(n, this.#earlyRefunds.get(n) + amount);
  }

  /** Ingest admits one purchase per order; should a second one come anyway, the first stays. */
  #addPurchase(e: EventOf<'purchase'>): void {
    const n = this.#orders.of(e.orderId);
    if (this.#purchases[n] !== undefined) return;
    const user = this.#user(e.userId);
    const p: PurchaseRecord = {
      orderId: e.orderId, userId: e.userId, user, ts: e.ts, amount: e.amount,
      streamId: e.streamId ?? null, ref: e.ref ?? null, refunds: this.#earlyRefunds.get(n),
    };
    this.#earlyRefunds.set(n, 0);
    setAt(this.#purchases, n, p);
    this.#purchaseCount++;
    const rec = this.#users[user] as UserRecord;
    rec.purchaseTimes = insertSorted(rec.purchaseTimes, e.ts);
    if (e.streamId !== undefined) this.#touch(user, e.streamId, e.ts);
    const last = this.#ordered[this.#ordered.length - 1];
    if (last !== undefined && comparePurchases(last, p) > 0) this.#sorted = false;
    this.#ordered.push(p);
  }

  #user(userId: string): number {
    let u = this.#userIndex.get(userId);
    if (u === undefined) {
      u = this.#users.length;
      this.#userIndex.set(userId, u);
      this.#users.push({ userId, streams: [], times: [], purchaseTimes: [], slots: null });
    }
    return u;
  }

  #touch(user: number, streamId: string, ts: number): void {
    let s = this.#streamIndex.get(streamId);
    if (s === undefined) {
      s = this.#streamIds.length;
      this.#streamIndex.set(streamId, s);
      this.#streamIds.push(streamId);
    }
    const rec = this.#users[user] as UserRecord;
    const slot = findSlot(rec, s);
    if (slot >= 0) rec.times[slot] = withTime(rec.times[slot] as TimeList, ts);
    else {
      rec.streams = appendTo(rec.streams, s);
      rec.times = appendTo(rec.times, timeListOf(ts));
      if (rec.slots) rec.slots.set(s, rec.streams.length - 1);
      else if (rec.streams.length > SCAN_LIMIT) rec.slots = new Map(rec.streams.map((x, i) => [x, i]));
    }
    this.#touches++;
  }

  /** Purchases with ts in [from, to), ordered by ts then orderId. */
  purchasesIn(from: number, to: number): readonly Purchase[] {
    const all = this.#orderedPurchases();
    return all.slice(firstAtOrAfter(all, from), firstAtOrAfter(all, to));
  }

  #orderedPurchases(): PurchaseRecord[] {
    if (!this.#sorted) {
      this.#ordered.sort(comparePurchases);
      this.#sorted = true;
    }
    return this.#ordered;
  }

  purchase(orderId: string): Purchase | undefined {
    const n = this.#orders.find(orderId);
    return n === undefined ? undefined : this.#purchases[n];
  }

  /** The refunds applied to an order: their sum, capped at the order amount (minor units). */
  refunded(p: Purchase): number {
    return Math.min(p.refunds, p.amount);
  }

  get userCount(): number {
    return this.#users.length;
  }

  /** User number `u`, 0 ≤ u < userCount. */
  user(u: number): UserTouches {
    const rec = this.#users[u];
    if (!rec) throw new RangeError(`no user ${u}`);
    return rec;
  }

  streamId(s: number): string {
    const id = this.#streamIds[s];
    if (id === undefined) throw new RangeError(`no stream ${s}`);
    return id;
  }

  /** Sorted times of one user's events in one stream (empty when none). */
  touchTimes(userId: string, streamId: string): readonly number[] {
    const u = this.#userIndex.get(userId);
    const s = this.#streamIndex.get(streamId);
    if (u === undefined || s === undefined) return [];
    const rec = this.#users[u] as UserRecord;
    const slot = findSlot(rec, s);
    return slot < 0 ? [] : toArray(rec.times[slot] as TimeList);
  }

  get stats(): { users: number; streams: number; touches: number; purchases: number } {
    return { users: this.#users.length, streams: this.#streamIds.length, touches: this.#touches, purchases: this.#purchaseCount };
  }
}

function findSlot(rec: UserRecord, s: number): number {
  if (rec.slots) return rec.slots.get(s) ?? -1;
  return rec.streams.indexOf(s);
}

function comparePurchases(a: Purchase, b: Purchase): number {
  if (a.ts !== b.ts) return a.ts - b.ts;
  return a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0;
}

function firstAtOrAfter(ps: readonly Purchase[], t: number): number {
  let lo = 0;
  let hi = ps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ps[mid] as Purchase).ts < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
