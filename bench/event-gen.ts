// A seeded generator of live-room traffic for benchmarks: a few rooms, each with its audience,
// chat, likes, viewer counts, product pins, clicks, carts, purchases and refunds, in event time.
// The same seed gives the same events, so a run against kolpulse and one against a bare socket
// send identical bytes.

/** What the generator emits: plain wire events (CONTRACT §3.2). */
export type WireEvent = Record<string, unknown> & { id: string; type: string; ts: number };

export interface GenOptions {
  seed: number;
  /** Distinct prefix of every id this generator makes (e.g. the client number). */
  source: number;
  /** Live rooms this generator plays. */
  streams: number;
  /** Event time of the first event, ms since epoch. */
  startTs?: number;
  currency?: string;
}

/** mulberry32: small, fast, good enough to shape traffic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMMENTS = [
  '主播好！', '这个多少钱', '上链接上链接', '已拍，期待', '能便宜点吗', '有没有小码', '好看好看',
  '求讲解3号链接', '刚下单了～', '质量怎么样？', '第一次来直播间', '支持主播！！！', '什么时候发货',
  '包邮吗', '买了两件 给妈妈一件', '颜色有色差吗', '666', '哈哈哈哈哈', '主播声音好好听', '再来一波福利',
  'hello from Singapore', 'how much is this?', 'is there an English size chart', 'just ordered 🙌',
  'love this color', 'ship to HK?', 'wow', 'link please', 'second time buying, great quality', '👍👍👍',
  '想要蓝色的 still in stock?', '优惠券怎么领', '这款和上次那款有什么区别', '姐妹们冲！',
];
const TITLES = ['秋冬羊绒大衣专场', '美妆节限时福利', '零食开箱 · 工厂直发', '3C new arrivals night', '家居好物清单'];
const PLATFORMS = ['douyin', 'kuaishou', 'taobao', 'xiaohongshu', 'wechat', 'tiktok'];
const PRICES = ['9.90', '19.90', '29.90', '59.00', '89.00', '129.00', '199.00', '299.00', '459.50', '1299.00'];

interface Room {
  streamId: string;
  creatorId: string;
  clock: number;
  /** Mean event-time gap between per-user messages, ms (a popular room is busier). */
  gap: number;
  viewers: number;
  nextViewerCount: number;
  nextPin: number;
  products: string[];
  pinned: string;
  audience: number;
  userBase: number;
}

interface OpenOrder { orderId: string; userId: string; streamId: string; amountMinor: number; refunded: number; ts: number }

/**
 * An endless, deterministic stream of events. About 70 % are likes, comments and joins;
 * viewer counts come every 3–5 s of event time per room; purchases carry decimal-string amounts
 * in the reporting currency, and some orders are refunded later, never beyond their amount.
 */
export class EventGenerator {
  readonly #rand: () => number;
  readonly #opts: Required<GenOptions>;
  readonly #rooms: Room[] = [];
  readonly #pending: WireEvent[] = [];
  readonly #orders: OpenOrder[] = [];
  #serial = 0;
  #orderSerial = 0;

  constructor(options: GenOptions) {
    this.#opts = { startTs: Date.UTC(2025, 10, 20, 11, 0, 0), currency: 'CNY', ...options };
    this.#rand = rng(options.seed);
    for (let i = 0; i < options.streams; i++) this.#openRoom(i);
  }

  /** The next `n` events. */
  take(n: number): WireEvent[] {
    const out: WireEvent[] = [];
    while (out.length < n) {
      if (this.#pending.length === 0) this.#step();
      out.push(this.#pending.shift()!);
    }
    return out;
  }

  #id(): string {
    // Platform ids are 19-digit strings beyond 2^53.
    return `73${String(this.#opts.source).padStart(3, '0')}${String(this.#serial++).padStart(14, '0')}`;
  }

  #pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.#rand() * list.length)]!;
  }

  #openRoom(i: number): void {
    const { source } = this.#opts;
    const streamId = `live_${source}_${i}_${Math.floor(this.#rand() * 1e9)}`;
    const creatorId = `kol_${source}_${i}`;
    const popular = i === 0;
    const room: Room = {
      streamId,
      creatorId,
      clock: this.#opts.startTs + Math.floor(this.#rand() * 600_000),
      gap: popular ? 8 : 20 + this.#rand() * 40,
      viewers: popular ? 40_000 : 2_000 + Math.floor(this.#rand() * 8_000),
      nextViewerCount: 0,
      nextPin: 0,
      products: Array.from({ length: 12 }, (_, k) => `sku_${source}${i}${String(k).padStart(4, '0')}`),
      pinned: '',
      audience: popular ? 200_000 : 30_000,
      userBase: (source * 16 + i) * 1_000_000,
    };
    room.pinned = room.products[0]!;
    room.nextViewerCount = room.clock;
    room.nextPin = room.clock;
    this.#rooms.push(room);
    const tier = popular ? 'KOL' : 'KOC';
    this.#pending.push({
      id: this.#id(), type: 'stream_start', ts: room.clock, streamId, creatorId,
      platform: this.#pick(PLATFORMS), title: this.#pick(TITLES),
      creator: { name: popular ? `Lily 李佳 ${source}` : `小店主 ${source}-${i}`, tier, followers: popular ? 3_200_000 : 18_000 + i * 1000, fee: { amount: popular ? '50000.00' : '3000.00', currency: 'CNY' } },
    });
  }

  /** A viewer: a few heavy chatters, a long tail of lurkers. */
  #user(room: Room): string {
    const r = this.#rand();
    const k = r < 0.3 ? Math.floor(this.#rand() * 200) : Math.floor(this.#rand() * room.audience);
    return String(9_100_000_000 + room.userBase + k);
  }

  #step(): void {
    // The room that is furthest behind in event time speaks next, so time moves forward overall.
    let room = this.#rooms[0]!;
    for (const r of this.#rooms) if (r.clock < room.clock) room = r;
    room.clock += Math.max(1, Math.round(-Math.log(1 - this.#rand()) * room.gap));
    const now = room.clock;
    const { streamId } = room;

    if (now >= room.nextViewerCount) {
      room.viewers = Math.max(100, Math.round(room.viewers * (0.97 + this.#rand() * 0.07)));
      this.#pending.push({ id: this.#id(), type: 'viewer_count', ts: now, streamId, current: room.viewers, cumulative: room.viewers * 7 });
      room.nextViewerCount = now + 3000 + Math.floor(this.#rand() * 2000);
      return;
    }
    if (now >= room.nextPin) {
      room.pinned = this.#pick(room.products);
      this.#pending.push({ id: this.#id(), type: 'product_pin', ts: now, streamId, productId: room.pinned, title: `${this.#pick(TITLES)} #${room.pinned.slice(-2)}`, price: this.#pick(PRICES) });
      room.nextPin = now + 60_000 + Math.floor(this.#rand() * 120_000);
      return;
    }

    // Platforms deliver some messages late and out of order.
    const ts = this.#rand() < 0.05 ? now - Math.floor(this.#rand() * 5000) : now;
    const id = this.#id();
    const userId = this.#user(room);
    const r = this.#rand();
    if (r < 0.3) {
      this.#pending.push({ id, type: 'like', ts, streamId, userId, count: 1 + Math.floor(this.#rand() * 8) });
    } else if (r < 0.52) {
      this.#pending.push({ id, type: 'comment', ts, streamId, userId, text: this.#pick(COMMENTS) });
    } else if (r < 0.7) {
      const e: WireEvent = { id, type: 'member_join', ts, streamId, userId };
      if (this.#rand() < 0.15) {
        e.user = { accountAgeDays: Math.floor(this.#rand() * 3000), followers: Math.floor(this.#rand() * 500), following: Math.floor(this.#rand() * 800), verified: this.#rand() < 0.02 };
      }
      this.#pending.push(e);
    } else if (r < 0.77) {
      this.#pending.push({ id, type: 'member_leave', ts, streamId, userId });
    } else if (r < 0.8) {
      this.#pending.push({ id, type: this.#rand() < 0.6 ? 'follow' : 'share', ts, streamId, userId });
    } else if (r < 0.82) {
      this.#pending.push({ id, type: 'gift', ts, streamId, userId, giftId: `g${Math.floor(this.#rand() * 20)}`, quantity: 1 + Math.floor(this.#rand() * 3), value: Math.floor(this.#rand() * 100) });
    } else if (r < 0.91) {
      this.#pending.push({ id, type: 'product_click', ts, streamId, userId, productId: this.#rand() < 0.7 ? room.pinned : this.#pick(room.products) });
    } else if (r < 0.96) {
      this.#pending.push({ id, type: 'cart_add', ts, streamId, userId, productId: room.pinned, qty: 1 + Math.floor(this.#rand() * 2) });
    } else if (r < 0.985) {
      this.#purchase(id, ts, room, userId);
    } else if (r < 0.992) {
      this.#refund(id, now);
    } else {
      this.#pending.push({ id, type: 'member_leave', ts, streamId, userId });
    }
  }

  #purchase(id: string, ts: number, room: Room, userId: string): void {
    const price = this.#pick(PRICES);
    const qty = this.#rand() < 0.85 ? 1 : 2;
    const [whole, cents] = price.split('.') as [string, string];
    const amountMinor = (Number(whole) * 100 + Number(cents)) * qty;
    const amount = `${Math.floor(amountMinor / 100)}.${String(amountMinor % 100).padStart(2, '0')}`;
    const orderId = `${Date.UTC(2025, 10, 20) / 1000}${String(this.#opts.source).padStart(3, '0')}${String(this.#orderSerial++).padStart(9, '0')}`;
    const e: WireEvent = { id, type: 'purchase', ts, orderId, userId, amount, currency: this.#opts.currency, productId: room.pinned, qty };
    if (this.#rand() < 0.9) e.streamId = room.streamId;
    if (this.#rand() < 0.05) e.ref = room.creatorId;
    this.#pending.push(e);
    if (this.#rand() < 0.3) this.#orders.push({ orderId, userId, streamId: room.streamId, amountMinor, refunded: 0, ts });
  }

  /** A refund of an earlier order, partial or whole, never beyond what is left of its amount. */
  #refund(id: string, now: number): void {
    const order = this.#orders.shift();
    if (!order) {
      this.#pending.push({ id, type: 'share', ts: now, streamId: this.#rooms[0]!.streamId, userId: this.#user(this.#rooms[0]!) });
      return;
    }
    const left = order.amountMinor - order.refunded;
    const minor = this.#rand() < 0.6 ? left : Math.max(1, Math.floor(left * (0.2 + this.#rand() * 0.5)));
    order.refunded += minor;
    if (order.refunded < order.amountMinor && this.#rand() < 0.3) this.#orders.push(order);
    const amount = `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
    this.#pending.push({ id, type: 'refund', ts: Math.max(order.ts + 1, now), orderId: order.orderId, amount, userId: order.userId, streamId: order.streamId });
  }
}

/** Pre-serialised ingest frames `{"seq": n, "events": [...]}`. */
export function buildFrames(gen: EventGenerator, frames: number, perFrame: number, firstSeq = 0): string[] {
  const out = new Array<string>(frames);
  for (let i = 0; i < frames; i++) out[i] = JSON.stringify({ seq: firstSeq + i, events: gen.take(perFrame) });
  return out;
}
