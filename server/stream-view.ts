// Read models of a workspace's streams: what the stream routes, the live push and the report
// serve, composed from the rollups, the creator registry and the authenticity engine.
import { toMajor } from '../ingest/money.js';
import type { Authenticity, SuspectOrder } from './authenticity/types.js';
import type { MetricsService } from './metrics/metrics-service.js';
import { streamHeader, streamMetrics, streamSeries, type SeriesColumns, type StreamHeader, type StreamMetrics } from './metrics/summary.js';
import type { StreamRollup } from './metrics/stream-rollup.js';
import type { ChatLine } from './metrics/chat-sample.js';
import type { WorkspaceMetrics } from './metrics/workspace-metrics.js';

export type StreamSummary = StreamHeader & StreamMetrics & { currency: string; authenticity: Authenticity };

/** What the authenticity engine offers the read side. */
export interface AuthenticitySource {
  assess(workspaceId: string, streamId: string): Authenticity;
  suspectOrders(workspaceId: string, streamId: string): SuspectOrder[];
  /** Extra per-bucket signal columns for the series. */
  signalColumns(workspaceId: string, streamId: string, t: number[], stepMs: number): Record<string, Array<number | null>>;
}

/** What the attribution engine offers the report: this creator's credit under each model. */
export type CreatorAttribution = (workspaceId: string, creatorId: string, from: number, to: number) =>
  Array<{ model: string; orders: number; gmv: number; netGmv: number; share: number }>;

export interface ProductRow {
  productId: string; title: string | null; price: number | null; pins: number; firstPinnedAt: number | null;
  clickers: number; cartAdds: number; orders: number; gmv: number;
}

export interface StreamReport {
  generatedAt: number;
  summary: StreamSummary;
  series: SeriesColumns;
  products: ProductRow[];
  pins: Array<{ ts: number; productId: string; title: string | null }>;
  attribution: { from: number; to: number; creatorId: string | null; models: ReturnType<CreatorAttribution> };
}

export class StreamView {
  readonly #metrics: MetricsService;
  readonly #currency: string;
  readonly #auth: AuthenticitySource;
  #attribution: CreatorAttribution | null = null;
  readonly #seriesCache = new Map<string, { version: number; cols: SeriesColumns }>();

  constructor(metrics: MetricsService, currency: string, auth: AuthenticitySource) {
    this.#metrics = metrics;
    this.#currency = currency;
    this.#auth = auth;
  }

  setAttribution(fn: CreatorAttribution): void {
    this.#attribution = fn;
  }

  #find(workspaceId: string, streamId: string): { w: WorkspaceMetrics; r: StreamRollup } | null {
    const w = this.#metrics.workspace(workspaceId);
    const r = w.streams.get(streamId);
    return r ? { w, r } : null;
  }

  #header(w: WorkspaceMetrics, streamId: string): StreamHeader {
    const meta = w.creators.touchStream(streamId);
    return streamHeader(meta, meta.creatorId ? w.creators.creator(meta.creatorId) : null);
  }

  has(workspaceId: string, streamId: string): boolean {
    return this.#find(workspaceId, streamId) !== null;
  }

  /** Product pins in time order, for chart markers. */
  pins(workspaceId: string, streamId: string): StreamReport['pins'] | null {
    const f = this.#find(workspaceId, streamId);
    return f ? [...f.r.pins].sort((a, b) => a.ts - b.ts || a.productId.localeCompare(b.productId)) : null;
  }

  chat(workspaceId: string, streamId: string, limit: number): ChatLine[] | null {
    return this.#find(workspaceId, streamId)?.r.chat.latest(limit) ?? null;
  }

  /** Live streams first, then the most recent. */
  list(workspaceId: string): StreamHeader[] {
    const w = this.#metrics.workspace(workspaceId);
    const out = [...w.streams.keys()].map((id) => this.#header(w, id));
    const start = (h: StreamHeader) => h.startedAt ?? w.streams.get(h.streamId)!.firstTs;
    return out.sort((a, b) => Number(b.live) - Number(a.live) || start(b) - start(a) || a.streamId.localeCompare(b.streamId));
  }

  summary(workspaceId: string, streamId: string): StreamSummary | null {
    const f = this.#find(workspaceId, streamId);
    if (!f) return null;
    return {
      ...this.#header(f.w, streamId),
      ...streamMetrics(f.r),
      currency: this.#currency,
      authenticity: this.#auth.assess(workspaceId, streamId),
    };
  }

  series(workspaceId: string, streamId: string, stepMs: number, onlyMinutes?: number[]): SeriesColumns | null {
    const f = this.#find(workspaceId, streamId);
    if (!f) return null;
    let cols: SeriesColumns;
    if (onlyMinutes) {
      cols = streamSeries(f.r, stepMs, onlyMinutes);
    } else {
      // Whole series are kept until the stream changes: an ended stream's are computed once.
      const key = `${workspaceId}\u0000${streamId}\u0000${stepMs}`;
      const hit = this.#seriesCache.get(key);
      if (hit?.version === f.r.version) cols = hit.cols;
      else {
        cols = streamSeries(f.r, stepMs);
        this.#seriesCache.delete(key);
        this.#seriesCache.set(key, { version: f.r.version, cols });
        if (this.#seriesCache.size > 256) this.#seriesCache.delete(this.#seriesCache.keys().next().value!);
      }
    }
    return { ...cols, ...this.#auth.signalColumns(workspaceId, streamId, cols.t, stepMs) } as SeriesColumns;
  }

  suspectOrders(workspaceId: string, streamId: string): SuspectOrder[] | null {
    return this.#find(workspaceId, streamId) ? this.#auth.suspectOrders(workspaceId, streamId) : null;
  }

  report(workspaceId: string, streamId: string, now = Date.now()): StreamReport | null {
    const f = this.#find(workspaceId, streamId);
    if (!f) return null;
    const summary = this.summary(workspaceId, streamId)!;
    const products: ProductRow[] = [...f.r.products.values()]
      .map((p) => ({
        productId: p.productId, title: p.title, price: p.price === null ? null : toMajor(p.price), pins: p.pins,
        firstPinnedAt: p.firstPinnedAt, clickers: p.clickers.size, cartAdds: p.cartAdds, orders: p.orders, gmv: toMajor(p.gmv),
      }))
      .sort((a, b) => b.gmv - a.gmv || a.productId.localeCompare(b.productId));
    const pins = this.pins(workspaceId, streamId)!;
    const from = summary.startedAt ?? f.r.firstTs;
    // Purchases up to a default attribution window after the stream can still be credited to it.
    const to = Math.max(summary.endedAt ?? f.r.lastTs, f.r.lastTs) + 7 * 86_400_000;
    const models = summary.creatorId && this.#attribution ? this.#attribution(workspaceId, summary.creatorId, from, to) : [];
    return {
      generatedAt: now,
      summary,
      series: this.series(workspaceId, streamId, 60_000)!,
      products,
      pins,
      attribution: { from, to, creatorId: summary.creatorId, models },
    };
  }
}
