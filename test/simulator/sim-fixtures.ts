// Shared options and small measuring helpers for the simulator suites.
import type { PurchaseEvent, SimEvent, SimEventOf, StreamOptions } from '../../ingest/simulator/sim-types.js';

export const START = Date.UTC(2024, 4, 1, 12, 0, 0);

export const PRODUCTS = [
  { id: 'sku-serum', title: '玻尿酸补水精华 30ml', titleEn: 'serum', price: '199.00', category: 'beauty' as const },
  { id: 'sku-scarf', title: '羊绒围巾 秋冬款', titleEn: 'cashmere scarf', price: '359.00', category: 'fashion' as const },
  { id: 'sku-cleanser', title: '氨基酸洗面奶', titleEn: 'cleanser', price: '69.90' },
  { id: 'sku-earbuds', title: '蓝牙耳机 降噪', titleEn: 'earbuds', price: '499.00', category: 'tech' as const },
  { id: 'sku-nuts', title: '每日坚果 30袋', titleEn: 'daily nuts', price: '79.90' },
];

export function koc(over: Partial<StreamOptions> = {}): StreamOptions {
  return {
    seed: 42, streamId: 'room-koc', creatorId: 'creator-koc', creator: { name: '小鹿', tier: 'KOC', followers: 12_000, fee: '1200.00' },
    platform: 'douyin', title: '好物分享', startTs: START, durationMin: 60, size: 300, products: PRODUCTS, ...over,
  };
}

export function kol(over: Partial<StreamOptions> = {}): StreamOptions {
  return koc({ streamId: 'room-kol', creatorId: 'creator-kol', creator: { name: 'Coco', tier: 'KOL', followers: 2_000_000, fee: '60000.00' }, size: 1_500, ...over });
}

export function ofType<T extends SimEvent['type']>(events: readonly SimEvent[], type: T): SimEventOf<T>[] {
  return events.filter((e): e is SimEventOf<T> => e.type === type);
}

/** Minor units of a decimal string, computed independently of the code under test. */
export function cents(amount: string): number {
  const [whole, frac = ''] = amount.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

export function ordersByUser(events: readonly SimEvent[]): Map<string, PurchaseEvent[]> {
  const map = new Map<string, PurchaseEvent[]>();
  for (const p of ofType(events, 'purchase')) {
    const list = map.get(p.userId) ?? [];
    list.push(p);
    map.set(p.userId, list);
  }
  return map;
}

/** Coefficient of variation of the gaps between sorted times. */
export function gapCv(times: readonly number[]): number {
  const gaps = times.slice(1).map((t, i) => t - times[i]!);
  const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
  return sd / mean;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Comment times per user. */
export function commentTimes(events: readonly SimEvent[]): Map<string, number[]> {
  const map = new Map<string, number[]>();
  for (const c of ofType(events, 'comment')) {
    const list = map.get(c.userId) ?? [];
    list.push(c.ts);
    map.set(c.userId, list);
  }
  return map;
}

/** Character-bigram Jaccard similarity, an independent near-duplicate measure for the tests. */
export function similarity(a: string, b: string): number {
  const grams = (s: string): Set<string> => {
    const chars = Array.from(s.replace(/\s+/g, ''));
    return new Set(chars.slice(1).map((c, i) => chars[i]! + c));
  };
  const x = grams(a);
  const y = grams(b);
  let inter = 0;
  for (const g of x) if (y.has(g)) inter++;
  return inter / Math.max(1, x.size + y.size - inter);
}
