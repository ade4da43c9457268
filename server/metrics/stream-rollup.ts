// The live rollup of one stream: counters, exact distinct users and per-minute buckets, kept
// up to date event by event. Every update commutes, so arrival order never changes a figure.
import type { CanonicalEvent } from '../../ingest/event-schema.js';
import { ChatSample } from './chat-sample.js';
import { LatestFields } from './latest-fields.js';
import { lowerBound, MINUTE } from './stats.js';

export { MINUTE };

const SEEN = 1;
const ENGAGED = 2;
const CLICKER = 4;
const BUYER = 8;

/** A "latest" value that is the same whatever the arrival order: greatest ts, then greatest id. */
export interface Latest { value: number; ts: number; id: string }
export function newer(cur: Latest | null, ts: number, id: string): boolean {
  return cur === null || ts > cur.ts || (ts === cur.ts && id > cur.id);
}

export interface Bucket {
  gmv: number;
  orders: number;
  viewers: Latest | null;
  joins: number;
  leaves: number;
  comments: number;
  likes: number;
  clicks: number;
  /** Distinct users engaged in this minute. */
  engaged: number;
}

export interface ProductStats {
  productId: string;
  title: string | null;
  price: number | null;
  /** Title and price from the newest pin that carries them. */
  latest: LatestFields<{ title: string; price: number }>;
  pins: number;
  firstPinnedAt: number | null;
  clickers: Set<number>;
  cartAdds: number;
  orders: number;
  gmv: number;
}

export class StreamRollup {
  readonly streamId: string;
  readonly #userIndex = new Map<string, number>();
  readonly #flags: number[] = [];
  /** Per user, the minutes they engaged in, sorted: exact distinct counts for any bucket size. */
  readonly #engagedMinutes: number[][] = [];
  /** Engaged users per bucket for common steps (minutes → bucket start minute → count). */
  readonly #coarse = new Map<number, Map<number, number>>(COARSE_STEPS.map((per) => [per, new Map()]));
  readonly buckets = new Map<number, Bucket>();
  readonly products = new Map<string, ProductStats>();
  /** This stream's orders (their first purchases). */
  orderCount = 0;
  readonly pins: Array<{ ts: number; productId: string; title: string | null }> = [];
  readonly chat = new ChatSample();

  views = 0;
  uniqueViewers = 0;
  engagedUsers = 0;
  productClickers = 0;
  buyers = 0;
  comments = 0;
  likes = 0;
  follows = 0;
  shares = 0;
  gifts = 0;
  giftValue = 0;
  peakViewers = 0;
  viewersNow: Latest | null = null;
  gmv = 0;
  refunds = 0;
  firstTs = Infinity;
  lastTs = -Infinity;
  /** Minutes whose bucket changed since the last `takeDirty()`, for the live push. */
  #dirty = new Set<number>();
  /** Bumped on every change, so the live push knows whom to tell. */
  version = 0;

  constructor(streamId: string) {
    this.streamId = streamId;
  }

  /** Interned index of a user in this stream. */
  user(userId: string): number {
    let i = this.#userIndex.get(userId);
    if (i === undefined) {
      i = this.#flags.length;
      this.#userIndex.set(userId, i);
      this.#flags.push(0);
    }
    return i;
  }

  /**
   * Distinct engaged users per bucket of `per` minutes (bucket start minute → count): one pass
   * over each user's engaged minutes, counting each of their buckets once.
   */
  engagedPerBucket(per: number): Map<number, number> {
    const kept = this.#coarse.get(per);
    if (kept) return kept;
    let first = Infinity;
    let last = -Infinity;
    for (const m of this.buckets.keys()) {
      if (m < first) first = m;
      if (m > last) last = m;
    }
    const origin = Math.floor(first / per);
    const span = Math.floor(last / per) - origin + 1;
    // A typed array indexed by bucket when the span is sane; a map for streams spread over years.
    const dense = span <= 1_000_000 ? new Int32Array(span) : null;
    const sparse = new Map<number, number>();
    for (const minutes of this.#engagedMinutes) {
      if (!minutes) continue;
      let prev = NaN;
      for (const m of minutes) {
        const b = Math.floor(m / per);
        if (b === prev) continue;
        prev = b;
        if (dense) dense[b - origin]!++;
        else sparse.set(b, (sparse.get(b) ?? 0) + 1);
      }
    }
    if (!dense) return new Map([...sparse].map(([b, n]) => [b * per, n]));
    const out = new Map<number, number>();
    dense.forEach((n, i) => {
      if (n > 0) out.set((origin + i) * per, n);
    });
    return out;
  }

  userIds(): IterableIterator<string> {
    return this.#userIndex.keys();
  }

  *buyerIds(): IterableIterator<string> {
    for (const [id, i] of this.#userIndex) if (this.#flags[i]! & BUYER) yield id;
  }

  #mark(user: number, flag: number): void {
    const f = this.#flags[user]!;
    if (f & flag) return;
    this.#flags[user] = f | flag;
    if (flag === SEEN) this.uniqueViewers++;
    else if (flag === ENGAGED) this.engagedUsers++;
    else if (flag === CLICKER) this.productClickers++;
    else if (flag === BUYER) this.buyers++;
  }

  bucket(ts: number): Bucket {
    const minute = Math.floor(ts / MINUTE);
    this.#dirty.add(minute);
    let b = this.buckets.get(minute);
    if (!b) {
      b = { gmv: 0, orders: 0, viewers: null, joins: 0, leaves: 0, comments: 0, likes: 0, clicks: 0, engaged: 0 };
      this.buckets.set(minute, b);
    }
    return b;
  }

  #product(productId: string): ProductStats {
    let p = this.products.get(productId);
    if (!p) {
      p = { productId, title: null, price: null, latest: new LatestFields(), pins: 0, firstPinnedAt: null, clickers: new Set(), cartAdds: 0, orders: 0, gmv: 0 };
      this.products.set(productId, p);
    }
    return p;
  }

  /** User `u` engaged at `ts` (in bucket `b`): the engaged set, the minute's and coarser buckets' distinct counts. */
  #engage(u: number, ts: number, b: Bucket): void {
    this.#mark(u, ENGAGED);
    const minutes = (this.#engagedMinutes[u] ??= []);
    const m = Math.floor(ts / MINUTE);
    const at = addSorted(minutes, m);
    if (at < 0) return;
    b.engaged++;
    // Kept up to date for the usual coarser steps: the user counts in a bucket once, so only
    // a minute whose neighbours in the sorted list fall in other buckets adds one.
    for (const [per, counts] of this.#coarse) {
      const bucket = Math.floor(m / per);
      if ((at > 0 && Math.floor(minutes[at - 1]! / per) === bucket) || (at + 1 < minutes.length && Math.floor(minutes[at + 1]! / per) === bucket)) continue;
      counts.set(bucket * per, (counts.get(bucket * per) ?? 0) + 1);
    }
  }

  /**
   * Folds one event of this stream (an event whose streamId is this stream). `firstOfOrder`:
   * false for a purchase of an order already folded (the workspace knows).
   */
  fold(e: CanonicalEvent, firstOfOrder = true): void {
    this.version++;
    this.firstTs = Math.min(this.firstTs, e.ts);
    this.lastTs = Math.max(this.lastTs, e.ts);
    const b = this.bucket(e.ts);
    const u = 'userId' in e && e.userId !== undefined ? this.user(e.userId) : -1;
    if (u >= 0) this.#mark(u, SEEN);
    switch (e.type) {
      case 'viewer_count':
        this.peakViewers = Math.max(this.peakViewers, e.current);
        if (newer(this.viewersNow, e.ts, e.id)) this.viewersNow = { value: e.current, ts: e.ts, id: e.id };
        if (newer(b.viewers, e.ts, e.id)) b.viewers = { value: e.current, ts: e.ts, id: e.id };
        break;
      case 'member_join':
        this.views++;
        b.joins++;
        break;
      case 'member_leave':
        b.leaves++;
        break;
      case 'comment':
        this.comments++;
        b.comments++;
        this.chat.add(e.id, e.ts, e.userId, e.text);
        this.#engage(u, e.ts, b);
        break;
      case 'like':
        this.likes += e.count ?? 1;
        b.likes += e.count ?? 1;
        this.#engage(u, e.ts, b);
        break;
      case 'follow':
        this.follows++;
        this.#engage(u, e.ts, b);
        break;
      case 'share':
        this.shares++;
        this.#engage(u, e.ts, b);
        break;
      case 'gift':
        this.gifts += e.quantity ?? 1;
        this.giftValue += Math.round((e.value ?? 0) * 100); // cents: an integer sum, the same in any order
        this.#engage(u, e.ts, b);
        break;
      case 'product_pin': {
        const p = this.#product(e.productId);
        p.pins++;
        p.latest.update({ title: e.title, price: e.price }, e.ts, e.id);
        p.title = p.latest.values.title ?? null;
        p.price = p.latest.values.price ?? null;
        p.firstPinnedAt = p.firstPinnedAt === null ? e.ts : Math.min(p.firstPinnedAt, e.ts);
        this.pins.push({ ts: e.ts, productId: e.productId, title: e.title ?? null });
        break;
      }
      case 'product_click':
        this.#mark(u, CLICKER);
        this.#product(e.productId).clickers.add(u);
        b.clicks++;
        break;
      case 'cart_add':
        this.#product(e.productId).cartAdds++;
        break;
      case 'purchase':
        this.#mark(u, BUYER);
        // One purchase per order, the first folded (see WorkspaceMetrics).
        if (!firstOfOrder) break;
        this.orderCount++;
        this.gmv += e.amount;
        b.gmv += e.amount;
        b.orders++;
        if (e.productId !== undefined) {
          const p = this.#product(e.productId);
          p.orders++;
          p.gmv += e.amount;
        }
        break;
      default:
        break;
    }
  }

  /** Change of the refunded total applied to one of this stream's orders. */
  addRefund(delta: number): void {
    this.version++;
    this.refunds += delta;
  }

  takeDirty(): number[] {
    const d = [...this.#dirty].sort((a, b) => a - b);
    this.#dirty = new Set();
    return d;
  }
}

/** Steps (minutes) whose engaged-user counts are kept as events arrive. */
const COARSE_STEPS = [2, 5, 10, 15, 30, 60];

/** Inserts `x` into the sorted array `a` unless present; its index, or -1 (appends are O(1)). */
function addSorted(a: number[], x: number): number {
  const n = a.length;
  if (n === 0 || a[n - 1]! < x) {
    a.push(x);
    return n;
  }
  const lo = lowerBound(a, x);
  if (a[lo] === x) return -1;
  a.splice(lo, 0, x);
  return lo;
}
