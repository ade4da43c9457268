// order_brushing: orders placed to inflate sales. Each order collects reasons: its buyer placed
// 3+ orders within an hour, had no engagement in the room before ordering (a join alone is not
// engagement), repeated an identical order, or it was refunded soon after. A buyer's orders are
// suspect when the buyer repeats an identical order 3+ times within an hour and either did not
// engage, had two of them refunded quickly, or repeats it 4+ times; or repeats it twice without
// engaging.
// "Did not engage" counts only where the room shows engagement for most buyers: big rooms
// sample chat and clicks, and there a missing click says nothing.
import { toMajor } from '../../ingest/money.js';
import type { OrderEvidence, StreamEvidence } from './stream-evidence.js';
import type { SuspectOrder } from './types.js';

const HOUR = 3_600_000;
export const QUICK_REFUND_MS = 6 * HOUR;

export interface RefundInfo { firstTs: number; sum: number }

export interface BrushingVerdict {
  suspects: Map<string, SuspectOrder & { ts: number; amountMinor: number }>;
  /** Buyers with 3+ orders within an hour, for evidence. */
  burstBuyers: number;
}

export function judgeOrders(ev: StreamEvidence, refundOf: (orderId: string) => RefundInfo | undefined): BrushingVerdict {
  const byBuyer = new Map<string, OrderEvidence[]>();
  for (const o of ev.orders) {
    let list = byBuyer.get(o.userId);
    if (!list) byBuyer.set(o.userId, (list = []));
    list.push(o);
  }
  // Is a missing engagement informative here? Only if the engagement of most one-order buyers
  // (the ordinary customers) is seen.
  let single = 0;
  let engagedSingle = 0;
  for (const [buyer, list] of byBuyer) {
    if (list.length !== 1) continue;
    single++;
    if ((ev.users.get(buyer)?.firstEngagement ?? Infinity) < list[0]!.ts) engagedSingle++;
  }
  const engagementSeen = single >= 4 && engagedSingle / single >= 0.8;

  const suspects: BrushingVerdict['suspects'] = new Map();
  let burstBuyers = 0;
  for (const [buyer, list] of byBuyer) {
    list.sort((a, b) => a.ts - b.ts || a.orderId.localeCompare(b.orderId));
    const burst = inBurst(list);
    if (burst.some(Boolean)) burstBuyers++;
    const firstEngagement = ev.users.get(buyer)?.firstEngagement ?? Infinity;
    const groups = new Map<string, OrderEvidence[]>();
    for (const o of list) {
      const k = `${o.productId ?? ''}\u0000${o.amount}\u0000${o.qty}`;
      groups.set(k, [...(groups.get(k) ?? []), o]);
    }
    // The common rule: 3+ orders within an hour from a buyer who did not engage, whatever they bought.
    const unengagedBurst = engagementSeen ? list.filter((o, i) => burst[i] && !(firstEngagement < o.ts)) : [];
    if (unengagedBurst.length >= 3) groups.set('\u0001burst', unengagedBurst);
    for (const [key, same] of groups) {
      if (same.length < 2) continue;
      const repeats = maxInHour(same);
      const unengaged = engagementSeen && same.some((o) => !(firstEngagement < o.ts));
      const quickRefunds = same.filter((o) => {
        const r = refundOf(o.orderId);
        return r !== undefined && r.firstTs - o.ts <= QUICK_REFUND_MS;
      }).length;
      const suspect = key === '\u0001burst' || (repeats >= 3 && (unengaged || quickRefunds >= 2 || repeats >= 4)) || (repeats >= 2 && unengaged);
      if (!suspect) continue;
      for (const o of same) {
        const i = list.indexOf(o);
        const reasons = key === '\u0001burst' && (groups.get(`${o.productId ?? ''}\u0000${o.amount}\u0000${o.qty}`)?.length ?? 0) < 2 ? [] : ['repeated identical order'];
        if (burst[i]) reasons.unshift('buyer placed 3 or more orders within an hour');
        if (!(firstEngagement < o.ts)) reasons.push('no comment, like, follow, share, gift, click or cart add in the room before ordering');
        const r = refundOf(o.orderId);
        if (r && r.firstTs - o.ts <= QUICK_REFUND_MS) reasons.push('refunded within 6 hours');
        suspects.set(o.orderId, { orderId: o.orderId, userId: buyer, amount: toMajor(o.amount), reasons, ts: o.ts, amountMinor: o.amount });
      }
    }
  }
  return { suspects, burstBuyers };
}

/** Most of these (time-sorted) orders inside one 60-minute window. */
function maxInHour(sorted: readonly { ts: number }[]): number {
  let best = 0;
  let j = 0;
  for (let k = 0; k < sorted.length; k++) {
    while (sorted[k]!.ts - sorted[j]!.ts > HOUR) j++;
    best = Math.max(best, k - j + 1);
  }
  return best;
}

/** For orders sorted by time: is each inside some 60-minute window holding 3 or more of them? */
export function inBurst(sorted: readonly { ts: number }[]): boolean[] {
  const out = sorted.map(() => false);
  let j = 0;
  for (let k = 0; k < sorted.length; k++) {
    while (sorted[k]!.ts - sorted[j]!.ts > HOUR) j++;
    if (k - j + 1 >= 3) for (let i = j; i <= k; i++) out[i] = true;
  }
  return out;
}
