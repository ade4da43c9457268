// Data for bench:query: one busy 4-hour stream, and a cross-stream purchase history for
// attribution (many creators, users touching several streams, purchases with and without
// streamId). Seeded, generated in frames so memory stays flat.
import { rng, type WireEvent } from './event-gen.js';

const HOUR = 3_600_000;

export interface BigStreamOptions { events: number; startTs: number; hours: number; users: number; seed: number }

/** Frames of one stream's events, `frame` events each, in time order. */
export function* bigStream(o: BigStreamOptions, frame = 5000): Generator<WireEvent[]> {
  const r = rng(o.seed);
  const span = o.hours * HOUR;
  const streamId = 'big-room';
  let n = 0;
  let batch: WireEvent[] = [{ id: 'big-start', type: 'stream_start', ts: o.startTs, streamId, creatorId: 'kol-big', platform: 'douyin', title: '双11 big night', creator: { name: 'Big KOL', tier: 'KOL', fee: { amount: '200000.00', currency: 'CNY' } } }];
  let order = 0;
  const orders: Array<{ id: string; amount: number }> = [];
  let nextViewers = o.startTs;
  let nextPin = o.startTs;
  while (n < o.events) {
    const ts = o.startTs + Math.floor((n / o.events) * span);
    const user = `u${Math.floor(r() ** 1.3 * o.users)}`;
    const id = `b${n}`;
    let e: WireEvent;
    if (ts >= nextViewers) {
      nextViewers += 5000;
      e = { id, type: 'viewer_count', ts, streamId, current: Math.round(80_000 + 60_000 * Math.sin((ts - o.startTs) / span * Math.PI) + r() * 2000) };
    } else if (ts >= nextPin) {
      nextPin += 5 * 60_000;
      e = { id, type: 'product_pin', ts, streamId, productId: `sku-${Math.floor(r() * 40)}`, title: 'limited offer', price: '199.00' };
    } else {
      const x = r();
      if (x < 0.24) e = { id, type: 'member_join', ts, streamId, userId: user };
      else if (x < 0.30) e = { id, type: 'member_leave', ts, streamId, userId: user };
      else if (x < 0.46) e = { id, type: 'comment', ts, streamId, userId: user, text: `这个 ${Math.floor(r() * 500)} 号还有吗 size ${Math.floor(r() * 9)}?` };
      else if (x < 0.90) e = { id, type: 'like', ts, streamId, userId: user, count: 1 + Math.floor(r() * 5) };
      else if (x < 0.94) e = { id, type: 'product_click', ts, streamId, userId: user, productId: `sku-${Math.floor(r() * 40)}` };
      else if (x < 0.95) e = { id, type: 'cart_add', ts, streamId, userId: user, productId: `sku-${Math.floor(r() * 40)}` };
      else if (x < 0.96) e = { id, type: 'gift', ts, streamId, userId: user, quantity: 1, value: 1 };
      else if (x < 0.97) e = { id, type: 'follow', ts, streamId, userId: user };
      else if (x < 0.974) e = { id, type: 'share', ts, streamId, userId: user };
      else if (x < 0.98) {
        const amount = (19 + Math.floor(r() * 400)) * 100 + 90;
        const orderId = `bo${order++}`;
        orders.push({ id: orderId, amount });
        e = { id, type: 'purchase', ts, orderId, userId: user, amount: (amount / 100).toFixed(2), currency: 'CNY', streamId, productId: `sku-${Math.floor(r() * 40)}` };
      } else if (x < 0.9806 && orders.length > 0) {
        const o2 = orders[Math.floor(r() * orders.length)]!;
        e = { id, type: 'refund', ts, orderId: o2.id, amount: '0.01' };
      } else e = { id, type: 'like', ts, streamId, userId: user };
    }
    batch.push(e);
    n++;
    if (batch.length >= frame) {
      yield batch;
      batch = [];
    }
  }
  batch.push({ id: 'big-end', type: 'stream_end', ts: o.startTs + span, streamId });
  yield batch;
}

export interface HistoryOptions { purchases: number; touches: number; streams: number; creators: number; users: number; days: number; startTs: number; seed: number }

/** Streams over `days` days, users touching several of them, purchases after touches. */
export function* purchaseHistory(o: HistoryOptions, frame = 5000): Generator<WireEvent[]> {
  const r = rng(o.seed);
  const span = o.days * 24 * HOUR;
  const streams = Array.from({ length: o.streams }, (_, i) => ({
    streamId: `h-s${i}`, creatorId: `h-c${i % o.creators}`, ts: o.startTs + Math.floor((i / o.streams) * span),
  }));
  let batch: WireEvent[] = streams.map((s, i) => ({
    id: `h-start-${i}`, type: 'stream_start', ts: s.ts, streamId: s.streamId, creatorId: s.creatorId,
    creator: { name: `Creator ${i % o.creators}`, tier: i % o.creators < o.creators / 5 ? 'KOL' : 'KOC' },
  }));
  const flush = function* (): Generator<WireEvent[]> {
    if (batch.length >= frame) {
      yield batch;
      batch = [];
    }
  };
  const touchesPerPurchase = o.touches / o.purchases;
  let touchId = 0;
  for (let p = 0; p < o.purchases; p++) {
    const user = `hu${Math.floor(r() * o.users)}`;
    const buyAt = Math.floor(r() * o.streams);
    const k = Math.max(1, Math.round(touchesPerPurchase * (0.5 + r())));
    let lastStream = streams[buyAt]!;
    for (let t = 0; t < k; t++) {
      const s = streams[Math.max(0, buyAt - Math.floor(r() * 30))]!;
      lastStream = s;
      batch.push({ id: `h-t${touchId++}`, type: r() < 0.5 ? 'member_join' : 'like', ts: s.ts + Math.floor(r() * HOUR), streamId: s.streamId, userId: user });
      yield* flush();
    }
    const ts = streams[buyAt]!.ts + HOUR + Math.floor(r() * 3 * HOUR);
    const amount = ((10 + Math.floor(r() * 500)) * 100 + 50) / 100;
    batch.push({
      id: `h-p${p}`, type: 'purchase', ts, orderId: `h-o${p}`, userId: user, amount: amount.toFixed(2), currency: 'CNY',
      ...(r() < 0.5 ? { streamId: lastStream.streamId } : {}), ...(r() < 0.03 ? { ref: `h-c${Math.floor(r() * o.creators)}` } : {}),
    });
    yield* flush();
  }
  yield batch;
}
