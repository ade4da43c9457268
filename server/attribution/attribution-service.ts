// Attribution for the app: one touch index per workspace, fed by each commit, queried with the
// workspace's creator registry (stream_start and PUT /api/creators settings).
import type { CanonicalEvent } from '../../ingest/event-schema.js';
import type { MetricsService } from '../metrics/metrics-service.js';
import { MODELS, type AttributionQuery } from './attribution-query.js';
import { attribute, type AttributionResult } from './models.js';
import { TouchIndex } from './touch-index.js';

export class AttributionService {
  readonly #metrics: MetricsService;
  readonly #indexes = new Map<string, TouchIndex>();

  constructor(metrics: MetricsService) {
    this.#metrics = metrics;
  }

  #index(workspaceId: string): TouchIndex {
    let i = this.#indexes.get(workspaceId);
    if (!i) this.#indexes.set(workspaceId, (i = new TouchIndex(this.#metrics.orders.workspace(workspaceId))));
    return i;
  }

  /** A CommitListener. */
  readonly fold = (workspaceId: string, events: readonly CanonicalEvent[]): void => {
    this.#index(workspaceId).fold(events);
  };

  attribute(workspaceId: string, query: AttributionQuery): AttributionResult {
    return attribute(this.#index(workspaceId), query, this.#metrics.workspace(workspaceId).creators);
  }

  /** One creator's credit under every model, for the post-stream report. */
  creatorByModel(workspaceId: string, creatorId: string, from: number, to: number) {
    return MODELS.map((model) => {
      const r = this.attribute(workspaceId, { model, from, to });
      const c = r.creators.find((x) => x.creatorId === creatorId);
      return { model, orders: c?.orders ?? 0, gmv: c?.gmv ?? 0, netGmv: c?.netGmv ?? 0, share: c?.share ?? 0 };
    });
  }
}
