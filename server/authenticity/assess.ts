// Runs the detectors over one stream's evidence and turns raised minutes into flags (one per
// episode), the per-minute signal columns, the score and the suspect orders.
import { toMajor } from '../../ingest/money.js';
import { toArray } from '../compact/time-list.js';
import type { StreamRollup } from '../metrics/stream-rollup.js';
import { judgeChat } from './comment-bots.js';
import { judgeOrders, type RefundInfo } from './order-brushing.js';
import { episodes, scoreOf } from './score.js';
import { maxOf, MINUTE } from '../metrics/stats.js';
import type { StreamEvidence } from './stream-evidence.js';
import type { Authenticity, Flag, Severity, SuspectOrder } from './types.js';
import { botJoiners, countWithoutPeople, flatPlateau, minuteInputs, surgeWithoutActivity, type InflationMinute } from './viewer-inflation.js';

export const SIGNALS = ['viewer_inflation', 'comment_bots', 'order_brushing'] as const;

export interface Assessment {
  authenticity: Authenticity;
  suspects: SuspectOrder[];
  /** signal → minute → value in [0, 1] */
  signals: Record<(typeof SIGNALS)[number], Map<number, number>>;
}

export function assessStream(ev: StreamEvidence, rollup: StreamRollup, refundOf: (orderId: string) => RefundInfo | undefined): Assessment {
  const flags: Flag[] = [];
  const rows = minuteInputs(rollup.buckets);

  // viewer_inflation
  const inflation = new Map<number, InflationMinute>();
  // Leaves make presence measurable; platforms that never send them get the cruder surge check.
  const withLeaves = rows.reduce((a, r) => a + r.leaves, 0) >= 0.2 * rows.reduce((a, r) => a + r.joins, 0);
  for (const part of [withLeaves ? countWithoutPeople(rows) : surgeWithoutActivity(rows), flatPlateau(ev.viewerReadings, [...ev.users.values()].flatMap((u) => (u.joins === null ? [] : toArray(u.joins)))), botJoiners(ev, rows)]) {
    for (const [m, v] of part) {
      const cur = inflation.get(m);
      if (!cur) inflation.set(m, { ...v, reasons: [...v.reasons] });
      else {
        cur.value = Math.max(cur.value, v.value);
        cur.reasons.push(...v.reasons);
      }
    }
  }
  for (const ep of episodes([...inflation.keys()])) {
    const inside = ep.minutes.map((m) => inflation.get(m)!);
    const peak = maxOf(inside.map((x) => x.value), 0);
    const severity: Severity = ep.minutes.length >= 3 && peak >= 0.4 ? 'high' : peak >= 0.2 ? 'medium' : 'low';
    flags.push({
      signal: 'viewer_inflation', severity, from: ep.from * MINUTE, to: ep.to * MINUTE,
      evidence: {
        minutes: ep.minutes.length,
        peakUnexplainedShare: round(peak),
        reasons: [...new Set(inside.flatMap((x) => x.reasons))].slice(0, 5),
        viewersAtPeak: inside.reduce((a, x) => (x.value > a.value ? x : a)).viewers,
      },
    });
  }

  // comment_bots
  const chat = judgeChat(ev);
  const chatRaised = new Map<number, number>();
  for (const [m, [all, bots]] of chat.perMinute) if (bots >= 2 && bots / all >= 0.1) chatRaised.set(m, bots / all);
  for (const ep of episodes([...chatRaised.keys()])) {
    let all = 0, byBots = 0;
    for (const m of ep.minutes) {
      const [a, b] = chat.perMinute.get(m)!;
      all += a;
      byBots += b;
    }
    const share = byBots / all;
    // Busiest first, then by id: the same examples whatever order the events came in.
    const accounts = [...chat.bots.values()].filter((b) => b.comments > 0)
      .sort((a, b) => b.comments - a.comments || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
    const severity: Severity = share >= 0.3 && accounts.length >= 5 ? 'high' : share >= 0.15 && accounts.length >= 3 ? 'medium' : 'low';
    flags.push({
      signal: 'comment_bots', severity, from: ep.from * MINUTE, to: ep.to * MINUTE,
      evidence: {
        botAccounts: accounts.length,
        botCommentShare: round(share),
        exampleAccounts: accounts.slice(0, 5).map((a) => ({ userId: a.userId, comments: a.comments, duplicateShare: round(a.duplicateShare), gapCv: a.gapCv === null ? null : round(a.gapCv), emptyAccount: a.emptyAccount })),
        nearDuplicateClusters: chat.clusters.map(([text, accts, n]) => ({ example: text, accounts: accts, comments: n })),
        topAccountsShare: round(chat.topAccountsShare),
      },
    });
  }

  // order_brushing
  const orders = judgeOrders(ev, refundOf);
  const perMinute = new Map<number, [number, number]>();
  for (const o of ev.orders) {
    const m = Math.floor(o.ts / MINUTE);
    const cell = perMinute.get(m) ?? [0, 0];
    cell[0]++;
    if (orders.suspects.has(o.orderId)) cell[1]++;
    perMinute.set(m, cell);
  }
  const brushedMinutes = [...perMinute].filter(([, [, s]]) => s > 0).map(([m]) => m);
  // Orders count as suspect only inside an episode strong enough for a medium or high flag:
  // in a big room a few real fans always repeat an order.
  const held = new Set<string>();
  for (const ep of episodes(brushedMinutes, 10)) {
    const inEp = [...orders.suspects.values()].filter((o) => {
      const m = Math.floor(o.ts / MINUTE);
      return m >= ep.from && m <= ep.to;
    }).sort((a, b) => a.ts - b.ts || (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0));
    const total = ep.minutes.reduce((a, m) => a + perMinute.get(m)![0], 0);
    const n = inEp.length;
    const buyers = new Set(inEp.map((o) => o.userId)).size;
    // One buyer repeating an order a few times is a fan, not a brushing ring: no flag at all.
    if (buyers < 2 && n < 5) continue;
    const share = n / Math.max(1, ordersBetween(ev, ep.from, ep.to));
    const severity: Severity = n >= 8 && (buyers >= 2 || n >= 10) && share >= 0.1 ? 'high' : n >= 5 && share >= 0.04 ? 'medium' : 'low';
    if (severity !== 'low') for (const o of inEp) held.add(o.orderId);
    flags.push({
      signal: 'order_brushing', severity, from: ep.from * MINUTE, to: ep.to * MINUTE,
      evidence: {
        suspectOrders: n,
        ordersInEpisode: total,
        shareOfOrders: round(share),
        suspectGmv: toMajor(inEp.reduce((a, o) => a + o.amountMinor, 0)),
        buyers,
        burstBuyers: orders.burstBuyers,
        examples: inEp.slice(0, 5).map((o) => ({ orderId: o.orderId, userId: o.userId, amount: o.amount, reasons: o.reasons })),
      },
    });
  }

  flags.sort((a, b) => a.from - b.from || a.signal.localeCompare(b.signal));
  const heldOrders = [...orders.suspects.values()].filter((o) => held.has(o.orderId));
  const suspects = heldOrders
    .sort((a, b) => a.ts - b.ts || a.orderId.localeCompare(b.orderId))
    .map(({ orderId, userId, amount, reasons }) => ({ orderId, userId, amount, reasons }));
  const suspectMinor = heldOrders.reduce((a, o) => a + o.amountMinor, 0);
  return {
    authenticity: { score: scoreOf(flags), flags, suspectOrders: suspects.length, suspectGmv: toMajor(suspectMinor) },
    suspects,
    signals: {
      viewer_inflation: new Map([...inflation].map(([m, v]) => [m, round(v.value)])),
      comment_bots: new Map([...chat.perMinute].map(([m, [all, bots]]) => [m, all === 0 ? 0 : round(bots / all)])),
      order_brushing: new Map([...perMinute].map(([m, [all]]) => [m, round(heldOrders.filter((o) => Math.floor(o.ts / MINUTE) === m).length / all)])),
    },
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Orders of the stream placed in minutes [from, to]. */
function ordersBetween(ev: StreamEvidence, from: number, to: number): number {
  let n = 0;
  for (const o of ev.orders) {
    const m = Math.floor(o.ts / MINUTE);
    if (m >= from && m <= to) n++;
  }
  return n;
}
