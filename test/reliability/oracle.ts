// Ground truth by hand: a few per-stream figures of CONTRACT §4.2 counted straight from the
// distinct events, with none of the server's code, and what the API reads are to be compared on.
import type { SimEvent } from '../../ingest/simulator/stream-sim.js';

/** The seven models of CONTRACT §5, written out from the contract. */
export const MODELS = ['direct', 'last_touch', 'first_touch', 'linear', 'time_decay', 'position_based', 'data_driven'] as const;

export interface KeyFigures { views: number; comments: number; likes: number; orders: number; gmv: number; refunds: number; netGmv: number }

/** "129.9" or "129.90" → 12990, without floating point. */
function cents(amount: string): number {
  const [whole, frac = ''] = amount.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

export function keyFigures(events: readonly SimEvent[]): Map<string, KeyFigures> {
  const out = new Map<string, KeyFigures & { orderIds: Map<string, number> }>();
  const refunded = new Map<string, number>();
  const stream = (id: string) => {
    let f = out.get(id);
    if (!f) out.set(id, (f = { views: 0, comments: 0, likes: 0, orders: 0, gmv: 0, refunds: 0, netGmv: 0, orderIds: new Map() }));
    return f;
  };
  for (const e of events) {
    if (e.type === 'refund') refunded.set(e.orderId, (refunded.get(e.orderId) ?? 0) + cents(e.amount));
    else if (e.type === 'purchase') stream(e.streamId).orderIds.set(e.orderId, cents(e.amount));
    else if (e.type === 'member_join') stream(e.streamId).views++;
    else if (e.type === 'comment') stream(e.streamId).comments++;
    else if (e.type === 'like') stream(e.streamId).likes += e.count;
    else stream(e.streamId);
  }
  const figures = new Map<string, KeyFigures>();
  for (const [id, f] of out) {
    let gmv = 0;
    let refunds = 0;
    for (const [orderId, amount] of f.orderIds) {
      gmv += amount;
      refunds += Math.min(amount, refunded.get(orderId) ?? 0);
    }
    figures.set(id, { views: f.views, comments: f.comments, likes: f.likes, orders: f.orderIds.size, gmv: gmv / 100, refunds: refunds / 100, netGmv: (gmv - refunds) / 100 });
  }
  return figures;
}

/** Every read a brand sees for these streams: summaries, series, suspect orders, attribution under each model, the tier comparison. */
export function readPaths(streamIds: readonly string[]): string[] {
  return [
    '/api/streams',
    ...streamIds.flatMap((id) => [`/api/streams/${id}/summary`, `/api/streams/${id}/series?step=60`, `/api/streams/${id}/suspect-orders`]),
    ...MODELS.map((m) => `/api/attribution?model=${m}`),
    '/api/compare?by=tier',
  ];
}

export type Reader = (path: string) => Promise<unknown>;

/**
 * Every path read, repeated until two rounds agree: the authenticity engine may serve a big
 * stream's last assessment for a second or so while it refreshes it (a documented live
 * shortcut), and the comparison is about what is stored, not about that cache.
 */
export async function settledReads(read: Reader, paths: readonly string[]): Promise<Map<string, unknown>> {
  let last: string | null = null;
  for (let round = 0; ; round++) {
    const now = new Map<string, unknown>();
    for (const p of paths) now.set(p, await read(p));
    const text = JSON.stringify([...now]);
    if (text === last || round === 8) return now;
    last = text;
    await new Promise((r) => setTimeout(r, 2000));
  }
}
