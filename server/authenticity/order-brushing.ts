// order_brushing: orders that look placed to inflate sales. Each order collects reasons — its
// buyer ordered 3+ times within an hour, had no engagement in the room before ordering (a join
// alone is not engagement), repeated an identical order, or was refunded soon after — and is
// held suspect when the lack of engagement meets another reason, or all three others meet.
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
  for (const o of ev.orders.values()) {
    let list = byBuyer.get(o.userId);
    if (!list) byBuyer.set(o.userId, (list = []));
    list.push(o);
  }
  const suspects: BrushingVerdict['suspects'] = new Map();
  let burstBuyers = 0;
  for (const [buyer, list] of byBuyer) {
    list.sort((a, b) => a.ts - b.ts || a.orderId.localeCompare(b.orderId));
    const burst = inBurst(list);
    if (burst.some(Boolean)) burstBuyers++;
    const firstEngagement = ev.users.get(buyer)?.firstEngagement ?? Infinity;
    const sameKey = new Map<string, number>();
    for (const o of list) {
      const k = `${o.productId ?? ''}\u0000${o.amount}\u0000${o.qty}`;
      sameKey.set(k, (sameKey.get(k) ?? 0) + 1);
    }
    list.forEach((o, i) => {
      const reasons: string[] = [];
      const noEngagement = !(firstEngagement < o.ts);
      if (burst[i]) reasons.push('buyer placed 3 or more orders within an hour');
      if (noEngagement) reasons.push('no comment, like, follow, share, gift, click or cart add in the room before ordering');
      if ((sameKey.get(`${o.productId ?? ''}\u0000${o.amount}\u0000${o.qty}`) ?? 0) > 1) reasons.push('repeated identical order');
      const refund = refundOf(o.orderId);
      if (refund && refund.firstTs - o.ts <= QUICK_REFUND_MS) reasons.push('refunded within 6 hours');
      const others = reasons.length - (noEngagement ? 1 : 0);
      if ((noEngagement && others >= 1) || others >= 3) {
        suspects.set(o.orderId, { orderId: o.orderId, userId: buyer, amount: toMajor(o.amount), reasons, ts: o.ts, amountMinor: o.amount });
      }
    });
  }
  return { suspects, burstBuyers };
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
