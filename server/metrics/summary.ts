// The stream summary (CONTRACT §4.2) and the per-bucket series (§4.1), read from a rollup.
// Money leaves here in major units; rates are fractions; a rate over 0 is 0.
import { toMajor } from '../../ingest/money.js';
import type { Creator, StreamMeta } from './creator-registry.js';
import { MINUTE, newer, type Latest, type StreamRollup } from './stream-rollup.js';
import { maxOf, minOf } from './stats.js';

export const rate = (num: number, den: number): number => (den === 0 ? 0 : num / den);

/** Beyond this many buckets (about 70 days of minutes) the series lists only buckets with events. */
const MAX_DENSE_BUCKETS = 100_000;

export interface StreamMetrics {
  views: number;
  uniqueViewers: number;
  peakViewers: number;
  viewersNow: number | null;
  comments: number;
  likes: number;
  follows: number;
  shares: number;
  gifts: number;
  giftValue: number;
  engagedUsers: number;
  engagementRate: number;
  productClickers: number;
  orders: number;
  buyers: number;
  gmv: number;
  refunds: number;
  netGmv: number;
  conversionRate: number;
  clickThroughRate: number;
  clickToOrderRate: number;
  gpm: number;
  uvValue: number;
  aov: number;
}

export function streamMetrics(r: StreamRollup): StreamMetrics {
  const netMinor = r.gmv - r.refunds;
  return {
    views: r.views,
    uniqueViewers: r.uniqueViewers,
    peakViewers: r.peakViewers,
    viewersNow: r.viewersNow?.value ?? null,
    comments: r.comments,
    likes: r.likes,
    follows: r.follows,
    shares: r.shares,
    gifts: r.gifts,
    giftValue: toMajor(r.giftValue),
    engagedUsers: r.engagedUsers,
    engagementRate: rate(r.engagedUsers, r.uniqueViewers),
    productClickers: r.productClickers,
    orders: r.orderCount,
    buyers: r.buyers,
    gmv: toMajor(r.gmv),
    refunds: toMajor(r.refunds),
    netGmv: toMajor(netMinor),
    conversionRate: rate(r.buyers, r.uniqueViewers),
    clickThroughRate: rate(r.productClickers, r.uniqueViewers),
    clickToOrderRate: rate(r.buyers, r.productClickers),
    gpm: rate(netMinor * 1000, r.views) / 100,
    uvValue: rate(netMinor, r.uniqueViewers) / 100,
    aov: rate(r.gmv, r.orderCount) / 100,
  };
}

export interface StreamHeader {
  streamId: string;
  creatorId: string | null;
  creatorName: string | null;
  tier: 'KOL' | 'KOC' | null;
  platform: string | null;
  title: string | null;
  startedAt: number | null;
  endedAt: number | null;
  live: boolean;
}

export function streamHeader(meta: StreamMeta, creator: Creator | null): StreamHeader {
  return {
    streamId: meta.streamId,
    creatorId: meta.creatorId,
    creatorName: creator?.name ?? null,
    tier: creator?.tier ?? null,
    platform: meta.platform,
    title: meta.title,
    startedAt: meta.startedAt,
    endedAt: meta.endedAt,
    live: meta.startedAt !== null && meta.endedAt === null,
  };
}

export type SeriesColumns = { t: number[] } & Record<string, Array<number | null>>;

/**
 * Columns per bucket of `stepMs` (a multiple of a minute), from the stream's first to its last
 * minute: uPlot's AlignedData as named columns. `only` limits the output to the buckets holding
 * those minutes (for the live push).
 */
export function streamSeries(r: StreamRollup, stepMs: number, only?: number[]): SeriesColumns {
  const cols: SeriesColumns = { t: [], gmv: [], orders: [], viewers: [], comments: [], likes: [], engagedUsers: [], joins: [], clicks: [] };
  if (r.buckets.size === 0) return cols;
  const per = stepMs / MINUTE;
  // Buckets of one minute read their own count; longer ones count each user once per bucket.
  const engagedPer = per === 1 ? null : r.engagedPerBucket(per);
  const push = (start: number) => {
    let gmv = 0, orders = 0, comments = 0, likes = 0, joins = 0, clicks = 0;
    let viewers: Latest | null = null;
    for (let m = start; m < start + per; m++) {
      const b = r.buckets.get(m);
      if (!b) continue;
      gmv += b.gmv; orders += b.orders; comments += b.comments; likes += b.likes; joins += b.joins; clicks += b.clicks;
      if (b.viewers && newer(viewers, b.viewers.ts, b.viewers.id)) viewers = b.viewers;
    }
    cols.t.push(start * MINUTE);
    cols.gmv!.push(toMajor(gmv));
    cols.orders!.push(orders);
    cols.viewers!.push(viewers?.value ?? null);
    cols.comments!.push(comments);
    cols.likes!.push(likes);
    cols.engagedUsers!.push(engagedPer ? engagedPer.get(start) ?? 0 : r.buckets.get(start)?.engaged ?? 0);
    cols.joins!.push(joins);
    cols.clicks!.push(clicks);
  };
  if (only) {
    for (const m of only) push(Math.floor(m / per) * per);
    return cols;
  }
  const first = minOf(r.buckets.keys());
  const last = maxOf(r.buckets.keys());
  const start = Math.floor(first / per) * per;
  if ((last - start) / per <= MAX_DENSE_BUCKETS) {
    for (let m = start; m <= last; m += per) push(m);
  } else {
    // Events spread over years: only the buckets that hold events, still in time order.
    const starts = [...new Set([...r.buckets.keys()].map((m) => Math.floor(m / per) * per))].sort((a, b) => a - b);
    for (const m of starts) push(m);
  }
  return cols;
}
