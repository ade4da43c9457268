// Per-token ingest rate limit: a token bucket per token (by hash) that refills `perSecond`
// events each second up to `burstSeconds` worth. A frame that does not fit is refused whole,
// with how long to wait, and nothing of it is stored: the client resends it later.
export interface RateLimitOptions {
  /** Events per second each token may send; 0 turns the limit off. */
  perSecond: number;
  /** Seconds of sending at the full rate a token may save up. */
  burstSeconds?: number;
  now?: () => number;
}

interface Bucket { tokens: number; at: number }

export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #rate: number;
  readonly #burst: number;
  readonly #now: () => number;

  constructor(opts: RateLimitOptions) {
    this.#rate = opts.perSecond;
    this.#burst = opts.perSecond * (opts.burstSeconds ?? 10);
    this.#now = opts.now ?? Date.now;
  }

  get perSecond(): number {
    return this.#rate;
  }

  /** Takes `events` from the key's bucket: 0 when they fit, else the ms to wait before they would. */
  take(key: string, events: number): number {
    if (this.#rate <= 0 || events === 0) return 0;
    const now = this.#now();
    let b = this.#buckets.get(key);
    if (!b) this.#buckets.set(key, (b = { tokens: this.#burst, at: now }));
    b.tokens = Math.min(this.#burst, b.tokens + ((now - b.at) * this.#rate) / 1000);
    b.at = now;
    // A frame bigger than the whole burst could never fit: it is let through on a full bucket.
    const need = Math.min(events, this.#burst);
    if (b.tokens >= need) {
      b.tokens -= events;
      return 0;
    }
    return Math.ceil(((need - b.tokens) * 1000) / this.#rate);
  }
}
