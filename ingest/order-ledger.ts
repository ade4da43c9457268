// What ingest must know of each order to keep refunds within the order amount (CONTRACT §3.2):
// the purchase amount and the refunds accepted so far. Rebuilt from stored events at start.
import type { CanonicalEvent } from './event-schema.js';
import { NumberColumn, OrderRegistry, setAt, type OrderNumbers } from './order-table.js';

export interface OrderState {
  /** Purchase amount in minor units; null while only refunds have arrived. */
  amount: number | null;
  purchaseId: string | null;
  /** Sum of accepted refund amounts (may exceed `amount` only when refunds came first). */
  refunded: number;
}

/** One workspace's orders, by the shared order numbers (ingest/order-table.ts). */
interface WorkspaceOrders {
  numbers: OrderNumbers;
  /** Purchase amount; NaN while only refunds have arrived. */
  amount: NumberColumn;
  /** Sum of accepted refunds; NaN for an order the ledger has not seen. */
  refunded: NumberColumn;
  purchaseId: Array<string | undefined>;
}

export class OrderLedger {
  readonly #registry: OrderRegistry;
  readonly #orders = new Map<string, WorkspaceOrders>();
  /**
   * Ids of the stored refund events per workspace, and of stored purchases that came after their
   * order's first (a cluster's ingest nodes each know only the orders they saw). The first
   * purchase's id is its order's `purchaseId`: most order events need no entry here.
   */
  readonly #otherIds = new Map<string, Set<string>>();

  /** `registry`: the order numbers shared with the engines (a ledger of its own by default). */
  constructor(registry: OrderRegistry = new OrderRegistry()) {
    this.#registry = registry;
  }

  /**
   * Whether this purchase or refund is already stored (a resend, which changes nothing): a stored
   * refund's id, or the id of its order's purchase.
   */
  isStored(workspaceId: string, e: { id: string; orderId: string }): boolean {
    if (this.#otherIds.get(workspaceId)?.has(e.id)) return true;
    const w = this.#orders.get(workspaceId);
    const n = w?.numbers.find(e.orderId);
    return n !== undefined && w!.purchaseId[n] === e.id;
  }

  #addOtherId(workspaceId: string, id: string): void {
    let ids = this.#otherIds.get(workspaceId);
    if (!ids) this.#otherIds.set(workspaceId, (ids = new Set()));
    ids.add(id);
  }

  /** A copy of what the ledger knows of the order. */
  get(workspaceId: string, orderId: string): OrderState | undefined {
    const w = this.#orders.get(workspaceId);
    const n = w?.numbers.find(orderId);
    if (w === undefined || n === undefined) return undefined;
    const refunded = w.refunded.get(n);
    if (Number.isNaN(refunded)) return undefined;
    const amount = w.amount.get(n);
    return { amount: Number.isNaN(amount) ? null : amount, purchaseId: w.purchaseId[n] ?? null, refunded };
  }

  /** The order's number, which the ledger now knows (refunds 0 so far if it did not). */
  #known(workspaceId: string, orderId: string): { w: WorkspaceOrders; n: number } {
    let w = this.#orders.get(workspaceId);
    if (!w) {
      w = { numbers: this.#registry.workspace(workspaceId), amount: new NumberColumn(NaN), refunded: new NumberColumn(NaN), purchaseId: [] };
      this.#orders.set(workspaceId, w);
    }
    const n = w.numbers.of(orderId);
    if (Number.isNaN(w.refunded.get(n))) w.refunded.set(n, 0);
    return { w, n };
  }

  applyPurchase(workspaceId: string, orderId: string, amount: number, eventId: string): void {
    const { w, n } = this.#known(workspaceId, orderId);
    if (w.purchaseId[n] !== undefined) {
      if (w.purchaseId[n] !== eventId) this.#addOtherId(workspaceId, eventId);
      return;
    }
    w.amount.set(n, amount);
    setAt(w.purchaseId, n, eventId);
  }

  applyRefund(workspaceId: string, orderId: string, amount: number, eventId: string): void {
    this.#addOtherId(workspaceId, eventId);
    const { w, n } = this.#known(workspaceId, orderId);
    w.refunded.set(n, w.refunded.get(n) + amount);
  }

  /** Applies stored events (at start, when rebuilding from the database). */
  fold(workspaceId: string, events: readonly CanonicalEvent[]): void {
    for (const e of events) {
      if (e.type === 'purchase') this.applyPurchase(workspaceId, e.orderId, e.amount, e.id);
      else if (e.type === 'refund') this.applyRefund(workspaceId, e.orderId, e.amount, e.id);
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
    } });
  }

  refund(row: number, workspaceId: string, orderId: string, amount: number, eventId: string): void {
    this.#copy(workspaceId, orderId).refunded += amount;
    this.#ops.push({ row, apply: () => {
      this.#ledger.applyRefund(workspaceId, orderId, amount, eventId);
    } });
  }

  /** Applies the changes of the rows stored as new (`fresh[row]`). */
  commit(fresh: readonly boolean[]): void {
    for (const op of this.#ops) if (fresh[op.row]) op.apply();
  }
}
