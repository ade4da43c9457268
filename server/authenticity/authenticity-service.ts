// The authenticity engine: folds committed events into per-stream evidence and assesses a
// stream on demand, cached until its evidence, rollup or refunds change.
import type { CanonicalEvent } from '../../ingest/event-schema.js';
import { NumberColumn, setAt, type OrderNumbers } from '../../ingest/order-table.js';
import type { MetricsService } from '../metrics/metrics-service.js';
import type { AuthenticitySource } from '../stream-view.js';
import { assessStream, SIGNALS, type Assessment } from './assess.js';
import type { RefundInfo } from './order-brushing.js';
import { StreamEvidence } from './stream-evidence.js';
import { MINUTE } from '../metrics/stats.js';

/** An assessment that took this long (ms) may be served again, a little stale, while live. */
const SLOW_MS = 25;
/** Streams with this many users are assessed in the background as well as on read. */
const BIG_STREAM_USERS = 20_000;
/** A big stream is assessed in the background once it has not changed for this long (ms). */
const QUIET_MS = 2000;

interface WorkspaceEvidence {
  streams: Map<string, StreamEvidence>;
  /** The workspace's order numbers, shared with the other engines. */
  orders: OrderNumbers;
  /** Per order number: the time of its first refund (NaN: none yet) and the sum refunded. */
  refundFirstTs: NumberColumn;
  refundSum: NumberColumn;
  /** Per order number: its stream, so a refund can invalidate that stream's assessment. */
  orderStream: Array<string | undefined>;
  cache: Map<string, { key: string; assessment: Assessment; costMs: number; at: number }>;
}

export class AuthenticityService implements AuthenticitySource {
  readonly #metrics: MetricsService;
  readonly #workspaces = new Map<string, WorkspaceEvidence>();
  readonly #refreshing = new Set<string>();

  readonly #reuseSlow: boolean;

  /** Big streams changed since their last background assessment → when they last changed. */
  readonly #bigChanged = new Map<string, number>();

  /**
   * `reuseSlow: false` assesses fresh on every read, whatever it costs (evaluation, tests).
   * Otherwise a big stream is also assessed in the background once it has been quiet for two
   * seconds (after a bulk load, or when it ends), so the first read does not pay for it; while
   * it keeps changing, reads refresh it (see #assess), so ingest does not pay for it either.
   */
  constructor(metrics: MetricsService, options: { reuseSlow?: boolean } = {}) {
    this.#metrics = metrics;
    this.#reuseSlow = options.reuseSlow ?? true;
    if (this.#reuseSlow) setInterval(() => this.#background(), 1000).unref();
  }

  #background(): void {
    const now = Date.now();
    for (const [key, changedAt] of this.#bigChanged) {
      if (now - changedAt < QUIET_MS) continue;
      this.#bigChanged.delete(key);
      const [ws, stream] = key.split('\u0000') as [string, string];
      this.#assess(ws, stream);
    }
  }

  #ws(id: string): WorkspaceEvidence {
    let w = this.#workspaces.get(id);
    if (!w) {
      w = { streams: new Map(), orders: this.#metrics.orders.workspace(id), refundFirstTs: new NumberColumn(NaN), refundSum: new NumberColumn(0), orderStream: [], cache: new Map() };
      this.#workspaces.set(id, w);
    }
    return w;
  }

  /** The refunds on an order so far, if any. */
  #refundOf(w: WorkspaceEvidence, orderId: string): RefundInfo | undefined {
    const n = w.orders.find(orderId);
    if (n === undefined) return undefined;
    const firstTs = w.refundFirstTs.get(n);
    return Number.isNaN(firstTs) ? undefined : { firstTs, sum: w.refundSum.get(n) };
  }

  /** A CommitListener. */
  readonly fold = (workspaceId: string, events: readonly CanonicalEvent[]): void => {
    const w = this.#ws(workspaceId);
    for (const e of events) {
      if (e.type === 'refund') {
        const n = w.orders.of(e.orderId);
        const first = w.refundFirstTs.get(n);
        w.refundFirstTs.set(n, Number.isNaN(first) ? e.ts : Math.min(first, e.ts));
        w.refundSum.set(n, w.refundSum.get(n) + e.amount);
        const s = w.orderStream[n];
        if (s) w.streams.get(s)!.version++;
      }
      let firstOfOrder = true;
      if (e.type === 'purchase' && e.streamId !== undefined) {
        const n = w.orders.of(e.orderId);
        firstOfOrder = w.orderStream[n] === undefined;
        if (firstOfOrder) setAt(w.orderStream, n, e.streamId);
      }
      if (!('streamId' in e) || e.streamId === undefined) continue;
      let ev = w.streams.get(e.streamId);
      if (!ev) w.streams.set(e.streamId, (ev = new StreamEvidence()));
      ev.fold(e, firstOfOrder);
      if (this.#reuseSlow && ev.users.size >= BIG_STREAM_USERS) this.#bigChanged.set(`${workspaceId}\u0000${e.streamId}`, Date.now());
    }
  };

  #assess(workspaceId: string, streamId: string): Assessment | null {
    const w = this.#ws(workspaceId);
    const ev = w.streams.get(streamId);
    const rollup = this.#metrics.workspace(workspaceId).streams.get(streamId);
    if (!ev || !rollup) return null;
    const key = `${ev.version}:${rollup.version}`;
    const hit = w.cache.get(streamId);
    if (hit?.key === key) return hit.assessment;
    // A big live stream changes every moment and costs long to assess: serve the last result for
    // a while (ten times what it cost, at least a second) and refresh it off the request path.
    // Small streams, the cost of which is a few ms, are always assessed fresh.
    if (this.#reuseSlow && hit && hit.costMs >= SLOW_MS && Date.now() - hit.at < Math.max(1000, 10 * hit.costMs)) {
      this.#refreshLater(workspaceId, streamId);
      return hit.assessment;
    }
    const started = performance.now();
    const assessment = assessStream(ev, rollup, (orderId) => this.#refundOf(w, orderId));
    w.cache.set(streamId, { key, assessment, costMs: performance.now() - started, at: Date.now() });
    return assessment;
  }

  #refreshLater(workspaceId: string, streamId: string): void {
    const id = `${workspaceId}\u0000${streamId}`;
    if (this.#refreshing.has(id)) return;
    this.#refreshing.add(id);
    const hit = this.#ws(workspaceId).cache.get(streamId)!;
    setTimeout(() => {
      this.#refreshing.delete(id);
      const w = this.#ws(workspaceId);
      const cur = w.cache.get(streamId);
      if (cur) cur.at = 0; // due now
      this.#assess(workspaceId, streamId);
    }, Math.max(1000, 10 * hit.costMs) - (Date.now() - hit.at)).unref();
  }

  assess(workspaceId: string, streamId: string) {
    return this.#assess(workspaceId, streamId)?.authenticity ?? { score: 100, flags: [], suspectOrders: 0, suspectGmv: 0 };
  }

  suspectOrders(workspaceId: string, streamId: string) {
    return this.#assess(workspaceId, streamId)?.suspects ?? [];
  }

  signalColumns(workspaceId: string, streamId: string, t: number[], stepMs: number) {
    const a = this.#assess(workspaceId, streamId);
    const out: Record<string, Array<number | null>> = {};
    for (const name of SIGNALS) {
      const values = a?.signals[name];
      out[name] = t.map((start) => {
        let v = 0;
        for (let m = start / MINUTE; m < (start + stepMs) / MINUTE; m++) v = Math.max(v, values?.get(m) ?? 0);
        return v;
      });
    }
    return out;
  }
}
