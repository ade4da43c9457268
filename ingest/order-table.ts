// Orders by number. Each order is held by the order ledger and by the metrics, authenticity and
// attribution engines; each used to key its own map by the order id, so an order cost six map
// entries (≈ 40 bytes each) and four small objects. One map per workspace now gives each order
// id a small integer on first sight, shared by all of them, and each keeps its per-order figures
// in arrays and typed columns indexed by that number (bench/retained.ts, docs/performance.md).
//
// Numbers are never reused and only grow: an order is never forgotten (a refund may come days
// later), so the arrays stay dense.

export class OrderNumbers {
  readonly #byId = new Map<string, number>();

  /** Orders numbered so far; numbers run from 0 to size − 1. */
  get size(): number {
    return this.#byId.size;
  }

  /** The order's number, given on first sight. */
  of(orderId: string): number {
    let n = this.#byId.get(orderId);
    if (n === undefined) {
      n = this.#byId.size;
      this.#byId.set(orderId, n);
    }
    return n;
  }

  /** The order's number if it has one. */
  find(orderId: string): number | undefined {
    return this.#byId.get(orderId);
  }
}

/** The order numbers of every workspace of one process, shared by the ledger and the engines. */
export class OrderRegistry {
  readonly #workspaces = new Map<string, OrderNumbers>();

  workspace(workspaceId: string): OrderNumbers {
    let n = this.#workspaces.get(workspaceId);
    if (!n) this.#workspaces.set(workspaceId, (n = new OrderNumbers()));
    return n;
  }
}

/**
 * A growable column of numbers indexed by order number, `fill` where never set. A Float64Array:
 * 8 bytes an order outside the JS heap, so the garbage collector neither copies nor marks it, where
 * an object field holding a time would be a separate 16-byte heap number.
 */
export class NumberColumn {
  readonly #fill: number;
  #data: Float64Array;

  constructor(fill: number) {
    this.#fill = fill;
    this.#data = new Float64Array(64).fill(fill);
  }

  get(i: number): number {
    return i < this.#data.length ? (this.#data[i] as number) : this.#fill;
  }

  set(i: number, v: number): void {
    if (i >= this.#data.length) this.#grow(i);
    this.#data[i] = v;
  }

  #grow(i: number): void {
    let n = this.#data.length * 2;
    while (n <= i) n *= 2;
    const data = new Float64Array(n);
    data.set(this.#data);
    data.fill(this.#fill, this.#data.length);
    this.#data = data;
  }
}

/**
 * `column[i] = value`, first padding with `undefined` up to `i`: a write far past the end would
 * turn the array into a slow dictionary (another holder of the shared numbers may have numbered
 * orders this one has not seen yet).
 */
export function setAt<T>(column: Array<T | undefined>, i: number, value: T): void {
  while (column.length < i) column.push(undefined);
  column[i] = value;
}
