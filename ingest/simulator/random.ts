// Seeded pseudo-random numbers for the simulator: xoshiro128** seeded from a hashed text, with the
// distributions a live room needs, heavy tails included. Same seed → same sequence everywhere.

export type Seed = number | string;

/** A 32-bit hash of `text` (FNV-1a, murmur3 finaliser); `salt` gives independent variants. */
export function hash32(text: string, salt = 0): number {
  let h = (0x811c9dc5 ^ Math.imul(salt, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A short stable tag (12 base-36 digits) for a seed and a label, e.g. for event ids. */
export function seedTag(seed: Seed, label: string): string {
  const text = `${String(seed)}\u0000${label}`;
  return hash32(text, 1).toString(36).padStart(7, '0') + hash32(text, 2).toString(36).padStart(7, '0').slice(0, 5);
}

export class Rng {
  readonly #seedText: string;
  #a: number;
  #b: number;
  #c: number;
  #d: number;
  #spareNormal: number | null = null;

  constructor(seed: Seed) {
    this.#seedText = `${typeof seed}:${String(seed)}`;
    this.#a = hash32(this.#seedText, 11);
    this.#b = hash32(this.#seedText, 12);
    this.#c = hash32(this.#seedText, 13);
    this.#d = hash32(this.#seedText, 14) | 1;
    for (let i = 0; i < 8; i++) this.uint32();
  }

  /** An independent generator for a named sub-stream; does not depend on draws made so far. */
  fork(label: string): Rng {
    return new Rng(`${this.#seedText}/${label}`);
  }

  /** xoshiro128**: 32 random bits. */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.#b, 5), 7), 9) >>> 0;
    const t = this.#b << 9;
    this.#c ^= this.#a;
    this.#d ^= this.#b;
    this.#b ^= this.#c;
    this.#a ^= this.#d;
    this.#c ^= t;
    this.#d = rotl(this.#d, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Index drawn with probability proportional to its weight. */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    return items[this.weightedIndex(weights)] as T;
  }

  /** Normal deviate (Marsaglia polar method). */
  normal(mean = 0, sd = 1): number {
    if (this.#spareNormal !== null) {
      const z = this.#spareNormal;
      this.#spareNormal = null;
      return mean + sd * z;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = this.next() * 2 - 1;
      v = this.next() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.#spareNormal = v * m;
    return mean + sd * u * m;
  }

  /** exp(N(mu, sigma)). */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /** Lognormal given by its median, which is easier to reason about than mu. */
  lognormalMedian(median: number, sigma: number): number {
    return median * Math.exp(this.normal(0, sigma));
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Poisson count; normal approximation above λ = 40. */
  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0;
    if (lambda > 40) return Math.max(0, Math.round(this.normal(lambda, Math.sqrt(lambda))));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** Binomial count; Poisson or normal approximation for large n. */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (n < 50) {
      let k = 0;
      for (let i = 0; i < n; i++) if (this.next() < p) k++;
      return k;
    }
    const mean = n * p;
    if (mean < 20 || n - mean < 20) {
      return p < 0.5 ? Math.min(n, this.poisson(mean)) : n - Math.min(n, this.poisson(n - mean));
    }
    return Math.min(n, Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean * (1 - p))))));
  }

  /** Pareto with scale `xm` and shape `alpha` (heavier tail for smaller alpha). */
  pareto(xm: number, alpha: number): number {
    return xm / Math.pow(1 - this.next(), 1 / alpha);
  }

  /** Rank in 1..n with P(k) roughly ∝ k^-s (continuous inversion, floored). */
  zipf(n: number, s: number): number {
    const u = this.next();
    let x: number;
    if (Math.abs(s - 1) < 1e-9) x = Math.pow(n + 1, u);
    else x = Math.pow(1 + u * (Math.pow(n + 1, 1 - s) - 1), 1 / (1 - s));
    return Math.min(n, Math.max(1, Math.floor(x)));
  }

  /** `value` moved by up to ±`fraction` of itself. */
  jitter(value: number, fraction: number): number {
    return value * (1 + this.uniform(-fraction, fraction));
  }

  /** Fisher–Yates, in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
