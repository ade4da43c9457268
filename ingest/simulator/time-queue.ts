// A min-heap keyed by time, ties broken by insertion order, so that events scheduled out of order
// (a viewer's whole visit is planned when they arrive) come out sorted and deterministic.

export class TimeQueue<T> {
  #ts: number[] = [];
  #seq: number[] = [];
  #items: T[] = [];
  #counter = 0;

  get size(): number {
    return this.#items.length;
  }

  push(ts: number, item: T): void {
    let i = this.#items.length;
    this.#ts.push(ts);
    this.#seq.push(this.#counter++);
    this.#items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(i, parent)) break;
      this.#swap(i, parent);
      i = parent;
    }
  }

  /** Time of the earliest item, or Infinity when empty. */
  peekTs(): number {
    return this.#items.length > 0 ? this.#ts[0]! : Infinity;
  }

  pop(): T | undefined {
    const n = this.#items.length;
    if (n === 0) return undefined;
    const top = this.#items[0];
    this.#swap(0, n - 1);
    this.#ts.pop();
    this.#seq.pop();
    this.#items.pop();
    const size = n - 1;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < size && this.#less(l, m)) m = l;
      if (r < size && this.#less(r, m)) m = r;
      if (m === i) break;
      this.#swap(i, m);
      i = m;
    }
    return top;
  }

  #less(i: number, j: number): boolean {
    const a = this.#ts[i]!;
    const b = this.#ts[j]!;
    return a < b || (a === b && this.#seq[i]! < this.#seq[j]!);
  }

  #swap(i: number, j: number): void {
    const ts = this.#ts[i]!;
    this.#ts[i] = this.#ts[j]!;
    this.#ts[j] = ts;
    const seq = this.#seq[i]!;
    this.#seq[i] = this.#seq[j]!;
    this.#seq[j] = seq;
    const item = this.#items[i] as T;
    this.#items[i] = this.#items[j] as T;
    this.#items[j] = item;
  }
}
