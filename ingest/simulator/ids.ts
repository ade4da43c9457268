// Account and order ids as platforms issue them: long opaque numbers. One factory per stream
// serves real viewers, bots and brushers alike, so an id says nothing of who holds it.
import { Rng } from './random.js';

export class IdFactory {
  readonly #rng: Rng;
  readonly #users = new Set<string>();
  readonly #orders = new Set<string>();

  constructor(rng: Rng) {
    this.#rng = rng;
  }

  /** A fresh account id: 15–19 digits. */
  userId(): string {
    for (;;) {
      const id = digits(this.#rng, this.#rng.int(15, 19));
      if (!this.#users.has(id)) {
        this.#users.add(id);
        return id;
      }
    }
  }

  /** Marks an id from elsewhere (a shared audience pool) as taken. */
  reserveUser(id: string): void {
    this.#users.add(id);
  }

  /** A fresh order id: 19 digits. */
  orderId(): string {
    for (;;) {
      const id = digits(this.#rng, 19);
      if (!this.#orders.has(id)) {
        this.#orders.add(id);
        return id;
      }
    }
  }
}

/** `length` random decimal digits, the first one non-zero. */
export function digits(rng: Rng, length: number): string {
  let out = String(rng.int(1, 9));
  while (out.length < length) out += String(rng.uint32() % 1_000_000_000).padStart(9, '0');
  return out.slice(0, length);
}
