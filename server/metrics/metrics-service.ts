// Live metric state of every workspace, fed by each commit and rebuilt from storage at start.
import type { CanonicalEvent } from '../../ingest/event-schema.js';
import { OrderRegistry } from '../../ingest/order-table.js';
import { WorkspaceMetrics } from './workspace-metrics.js';

export type StreamChange = (workspaceId: string, streamIds: Set<string>) => void;

export class MetricsService {
  readonly #workspaces = new Map<string, WorkspaceMetrics>();
  readonly #listeners: StreamChange[] = [];
  /** Order numbers per workspace, shared with the order ledger and the other engines. */
  readonly orders: OrderRegistry;

  constructor(orders: OrderRegistry = new OrderRegistry()) {
    this.orders = orders;
  }

  workspace(workspaceId: string): WorkspaceMetrics {
    let w = this.#workspaces.get(workspaceId);
    if (!w) this.#workspaces.set(workspaceId, (w = new WorkspaceMetrics(this.orders.workspace(workspaceId))));
    return w;
  }

  onChange(listener: StreamChange): void {
    this.#listeners.push(listener);
  }

  /** A CommitListener: folds durable events. */
  readonly fold = (workspaceId: string, events: readonly CanonicalEvent[]): void => {
    const touched = this.workspace(workspaceId).fold(events);
    for (const l of this.#listeners) l(workspaceId, touched);
  };
}
