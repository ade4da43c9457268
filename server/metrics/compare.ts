// KOL against KOC (CONTRACT §5, /api/compare?by=tier): per tier, the streams that started in
// [from, to), their audiences, sales, fees and return on fees.
import { toMajor } from '../../ingest/money.js';
import { rate } from './summary.js';
import { median } from './stats.js';
import type { Tier } from './creator-registry.js';
import type { WorkspaceMetrics } from './workspace-metrics.js';

export interface TierRow {
  tier: Tier;
  streams: number;
  creators: number;
  /** Distinct users across the tier's streams (a user in two streams counts once). */
  uniqueViewers: number;
  buyers: number;
  conversionRate: number;
  gmv: number;
  netGmv: number;
  uvValue: number;
  gpm: number;
  /** Sum of the fee of each stream (its stream_start fee, else the creator's fee); null when none is known. */
  fee: number | null;
  roi: number | null;
  medianAuthenticity: number | null;
}


export function compareByTier(
  w: WorkspaceMetrics, from: number, to: number, scoreOf: (streamId: string) => number,
): TierRow[] {
  return (['KOL', 'KOC'] as const).map((tier) => {
    const viewers = new Set<string>();
    const buyers = new Set<string>();
    const creators = new Set<string>();
    const scores: number[] = [];
    let streams = 0, gmv = 0, refunds = 0, views = 0, fee = 0, feeKnown = false;
    for (const [streamId, r] of w.streams) {
      const meta = w.creators.stream(streamId);
      if (!meta?.creatorId) continue;
      const creator = w.creators.creator(meta.creatorId);
      if (creator.tier !== tier) continue;
      const start = meta.startedAt ?? r.firstTs;
      if (start < from || start >= to) continue;
      streams++;
      creators.add(meta.creatorId);
      for (const u of r.userIds()) viewers.add(u);
      for (const u of r.buyerIds()) buyers.add(u);
      gmv += r.gmv;
      refunds += r.refunds;
      views += r.views;
      const f = meta.fee ?? creator.fee;
      if (f !== null) {
        fee += f;
        feeKnown = true;
      }
      scores.push(scoreOf(streamId));
    }
    const net = gmv - refunds;
    return {
      tier,
      streams,
      creators: creators.size,
      uniqueViewers: viewers.size,
      buyers: buyers.size,
      conversionRate: rate(buyers.size, viewers.size),
      gmv: toMajor(gmv),
      netGmv: toMajor(net),
      uvValue: rate(net, viewers.size) / 100,
      gpm: rate(net * 1000, views) / 100,
      fee: feeKnown ? toMajor(fee) : null,
      roi: feeKnown && fee > 0 ? net / fee : null,
      medianAuthenticity: median(scores),
    };
  });
}
