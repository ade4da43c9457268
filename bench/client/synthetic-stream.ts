// The data of the synthetic half of bench:client: one 4-hour stream as the columns /live sends
// (`t`, the eight base metrics, the three signals), at any bucket size, and the live update
// messages that follow it. Seeded; runs in the browser and in Node.
import { rng } from '../event-gen.ts';
import type { Pin, SeriesColumns } from '../../client/types.ts';

export const SIGNALS = ['viewer_inflation', 'comment_bots', 'order_brushing'] as const;

export interface StreamShape {
  /** Buckets in the snapshot: 14,400 for 4 h at 1 s, 240 for 4 h at 1 min. */
  points: number;
  stepMs: number;
  /** Start of the first bucket, ms. */
  t0: number;
  seed: number;
}

const BASE = ['gmv', 'orders', 'viewers', 'comments', 'likes', 'engagedUsers', 'joins', 'clicks'] as const;

function emptyColumns(): SeriesColumns {
  const cols: SeriesColumns = { t: [] };
  for (const n of [...BASE, ...SIGNALS]) cols[n] = [];
  return cols;
}

/** Events in a bucket for a mean of `mean` (Poisson; Knuth's method, a normal beyond 30). */
function poisson(r: () => number, mean: number): number {
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * (r() + r() + r() - 1.5) * 2));
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = r(); p > limit; p *= r()) k++;
  return k;
}

/** A busy room: ~0.3 orders/s of ¥89–399, viewers 2–14 k along an arc, chat and likes. */
function bucket(r: () => number, cols: SeriesColumns, t: number, s: StreamShape): void {
  const sec = s.stepMs / 1000;
  const around = (rate: number) => poisson(r, rate * sec);
  const orders = around(0.3);
  let gmv = 0;
  for (let k = 0; k < orders; k++) gmv += 89 + Math.floor(r() * 311);
  const phase = (t - s.t0) / (s.points * s.stepMs);
  // A viewer_count arrives every 3–5 s: at 1 s most buckets have none (null, drawn with spanGaps).
  const hasViewers = sec >= 5 || r() < sec / 4;
  const comments = around(2);
  cols.t.push(t);
  cols.gmv!.push(gmv);
  cols.orders!.push(orders);
  cols.viewers!.push(hasViewers ? Math.round(2000 + 12_000 * Math.sin(Math.PI * phase) + 400 * r()) : null);
  cols.comments!.push(comments);
  cols.likes!.push(around(9));
  cols.engagedUsers!.push(Math.round(comments * 0.8) + around(1));
  cols.joins!.push(around(3));
  cols.clicks!.push(around(0.9));
  // Signals are per minute on the server (the max within a bucket); a few episodes of each.
  const minute = Math.floor((t - s.t0) / 60_000);
  SIGNALS.forEach((name, j) => {
    const episode = Math.sin(minute / (17 + 11 * j) + j) > 0.85;
    cols[name]!.push(episode ? Math.round((0.35 + 0.5 * Math.abs(Math.sin(minute * (j + 1)))) * 100) / 100 : 0);
  });
}

export function streamColumns(s: StreamShape): SeriesColumns {
  const r = rng(s.seed);
  const cols = emptyColumns();
  for (let i = 0; i < s.points; i++) bucket(r, cols, s.t0 + i * s.stepMs, s);
  return cols;
}

/** The /live snapshot message for the stream, as the text that arrives on the socket. */
export function snapshotText(streamId: string, cols: SeriesColumns): string {
  return JSON.stringify({ type: 'snapshot', streamId, summary: null, series: cols });
}

/**
 * `count` /live update messages, `perSecond` of them per second of stream time. As on the
 * server, each carries the changed buckets only: the current one (new every second) and the
 * one before it (late events).
 */
export function updateTexts(streamId: string, s: StreamShape, count: number, perSecond: number): string[] {
  const r = rng(s.seed + 1);
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const current = s.points + Math.floor(k / perSecond);
    const cols = emptyColumns();
    for (const i of [current - 1, current]) bucket(r, cols, s.t0 + i * s.stepMs, s);
    out.push(JSON.stringify({ type: 'update', streamId, summary: null, series: cols }));
  }
  return out;
}

/** Product pins every 5 minutes, as `/report` returns them. */
export function pinsFor(s: StreamShape): Pin[] {
  const span = s.points * s.stepMs;
  const pins: Pin[] = [];
  for (let ts = s.t0 + 60_000; ts < s.t0 + span; ts += 5 * 60_000) {
    pins.push({ ts, productId: `sku-${pins.length % 40}`, title: `Limited offer ${pins.length + 1}` });
  }
  return pins;
}
