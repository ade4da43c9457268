// What ingest must know of each order to keep refunds within the order amount (CONTRACT §3.2):
// the purchase amount and the refunds accepted so far. Rebuilt from stored events at start.
import type { CanonicalEvent } from './event-schema.js';

export interface OrderState {
  /** Purchase amount in minor units; null while only refunds have arrived. */
  amount: number | null;
  purchaseId: string | null;
  /** Sum of accepted refund amounts (may exceed `amount` only when refunds came first). */
  refunded: number;
}

export class OrderLedger {
  readonly #orders = new Map<string, Map<string, OrderState>>();
  /** Ids of the stored purchase and refund events, per workspace: a resend changes nothing. */
  readonly #eventIds = new Map<string, Set<string>>();

  hasEventId(workspaceId: string, id: string): boolean {
    return this.#eventIds.get(workspaceId)?.has(id) ?? false;
  }

  addEventId(workspaceId: string, id: string): void {
    let ids = this.#eventIds.get(workspaceId);
    if (!ids) this.#eventIds.set(workspaceId, (ids = new Set()));
    ids.add(id);
  }

  get(workspaceId: string, orderId: string): OrderState | undefined {
    return this.#orders.get(workspaceId)?.get(orderId);
  }

  #state(workspaceId: string, orderId: string): OrderState {
    let ws = this.#orders.get(workspaceId);
    if (!ws) this.#orders.set(workspaceId, (ws = new Map()));
    let s = ws.get(orderId);
    if (!s) ws.set(orderId, (s = { amount: null, purchaseId: null, refunded: 0 }));
    return s;
  }

  applyPurchase(workspaceId: string, orderId: string, amount: number, eventId: string): void {
    const s = this.#state(workspaceId, orderId);
    if (s.purchaseId !== null) return;
    s.amount = amount;
    s.purchaseId = eventId;
  }

  applyRefund(workspaceId: string, orderId: string, amount: number): void {
    this.#state(workspaceId, orderId).refunded += amount;
  }

  /** Applies stored events (at start, when rebuilding from the database). */
  fold(workspaceId: string, events: readonly CanonicalEvent[]): void {
    for (const e of events) {
      if (e.type === 'purchase') this.applyPurchase(workspaceId, e.orderId, e.amount, e.id);
      else if (e.type === 'refund') this.applyRefund(workspaceId, e.orderId, e.amount);
      else continue;
      this.addEventId(workspaceId, e.id);
    }
  }
}

/**
 * Pending changes of one batch over a ledger, applied only once the batch is durable, and only
 * for the rows the database took as new (a row whose id was taken by another event changes nothing).
 */
export class LedgerOverlay {
  readonly #ledger: OrderLedger;
  readonly #changes = new Map<string, OrderState>();
  readonly #ops: Array<{ row: number; apply: () => void }> = [];

  constructor(ledger: OrderLedger) {
    this.#ledger = ledger;
  }

  get(workspaceId: string, orderId: string): OrderState | undefined {
    return this.#changes.get(`${workspaceId}\u0000${orderId}`) ?? this.#ledger.get(workspaceId, orderId);
  }

  #copy(workspaceId: string, orderId: string): OrderState {
    const key = `${workspaceId}\u0000${orderId}`;
    let s = this.#changes.get(key);
    if (!s) {
      const base = this.#ledger.get(workspaceId, orderId);
      s = base ? { ...base } : { amount: null, purchaseId: null, refunded: 0 };
      this.#changes.set(key, s);
    }
    return s;
  }

  purchase(row: number, workspaceId: string, orderId: string, amount: number, eventId: string): void {
    const s = this.#copy(workspaceId, orderId);
    if (s.purchaseId === null) {
      s.amount = amount;
      s.purchaseId = eventId;
    }
    this.#ops.push({ row, apply: () => {
      this.#ledger.applyPurchase(workspaceId, orderId, amount, eventId);
      this.#ledger.addEventId(workspaceId, eventId);
    } });
  }

  refund(row: number, workspaceId: string, orderId: string, amount: number, eventId: string): void {
    this.#copy(workspaceId, orderId).refunded += amount;
    this.#ops.push({ row, apply: () => {
      this.#ledger.applyRefund(workspaceId, orderId, amount);
      this.#ledger.addEventId(workspaceId, eventId);
    } });
  }

  /** Applies the changes of the rows stored as new (`fresh[row]`). */
  commit(fresh: readonly boolean[]): void {
    for (const op of this.#ops) if (fresh[op.row]) op.apply();
  }
}
