// Who watches: how long viewers stay (lognormal, per tier), what their accounts look like (real,
// new, bot-farm) and a pool of returning viewers that several streams can share.
import { IdFactory } from './ids.js';
import { Rng, type Seed } from './random.js';
import type { PoolUser, Tier, UserAttrs } from './sim-types.js';

/** Time in the room: lognormal, heavy-tailed; KOC fans stay longer than a big KOL's passers-by. */
export class StayModel {
  readonly medianSec: number;
  readonly sigma: number;
  readonly meanSec: number;
  /** Cumulative integral of the survival function, 1 s steps. */
  readonly #integral: Float64Array;

  constructor(tier: Tier, horizonSec: number) {
    this.medianSec = tier === 'KOC' ? 240 : 90;
    this.sigma = tier === 'KOC' ? 1.1 : 1.2;
    this.meanSec = this.medianSec * Math.exp((this.sigma * this.sigma) / 2);
    const n = Math.ceil(horizonSec) + 2;
    this.#integral = new Float64Array(n);
    let acc = 0;
    let prev = 1;
    for (let x = 1; x < n; x++) {
      const s = this.survival(x);
      acc += (prev + s) / 2;
      prev = s;
      this.#integral[x] = acc;
    }
  }

  drawMs(rng: Rng): number {
    return Math.max(3_000, rng.lognormalMedian(this.medianSec, this.sigma) * 1000);
  }

  /** P(stay > x seconds). */
  survival(x: number): number {
    if (x <= 0) return 1;
    return 0.5 * erfc((Math.log(x) - Math.log(this.medianSec)) / (this.sigma * Math.SQRT2));
  }

  /** Expected share of one minute's (uniformly spread) arrivals still present `d` s after the minute began. */
  presentShare(d: number): number {
    if (d <= 0) return 0;
    return (this.#at(d) - this.#at(Math.max(0, d - 60))) / 60;
  }

  #at(x: number): number {
    const last = this.#integral.length - 1;
    if (x >= last) return this.#integral[last]!;
    const i = Math.floor(x);
    const f = x - i;
    return this.#integral[i]! * (1 - f) + this.#integral[i + 1]! * f;
  }
}

/** A real account: mostly aged, followers heavy-tailed; a few are new and empty too. */
export function realAccount(rng: Rng): UserAttrs {
  if (rng.chance(0.04)) {
    return {
      accountAgeDays: rng.int(0, 14),
      followers: rng.chance(0.6) ? 0 : rng.int(1, 5),
      following: rng.chance(0.5) ? 0 : rng.int(1, 30),
      verified: false,
    };
  }
  const influencer = rng.chance(0.01);
  const followers = influencer ? Math.floor(rng.pareto(1000, 1.1)) : Math.floor(rng.lognormalMedian(12, 1.6));
  return {
    accountAgeDays: Math.min(5000, Math.max(15, Math.round(rng.lognormalMedian(800, 0.8)))),
    followers: Math.min(50_000_000, followers),
    following: Math.min(5000, Math.round(rng.lognormalMedian(80, 1.0))),
    verified: followers > 10_000 && rng.chance(0.4),
  };
}

/** A bot-farm account: days old, nobody follows it and it follows nobody. */
export function botAccount(rng: Rng): UserAttrs {
  return { accountAgeDays: Math.min(30, Math.floor(rng.exponential(4))), followers: 0, following: 0, verified: false };
}

/** A brushing account: often a fresh bot account, sometimes a dormant aged one. */
export function brusherAccount(rng: Rng): UserAttrs {
  if (rng.chance(0.6)) return botAccount(rng);
  return { accountAgeDays: rng.int(60, 900), followers: rng.int(0, 15), following: rng.int(0, 40), verified: false };
}

/** Returning viewers to share between streams, ids from the same kind of factory as any viewer. */
export function createAudiencePool(seed: Seed, size: number): PoolUser[] {
  const rng = new Rng(seed).fork('audience-pool');
  const ids = new IdFactory(rng.fork('ids'));
  const users: PoolUser[] = [];
  for (let i = 0; i < size; i++) users.push({ id: ids.userId(), attrs: realAccount(rng) });
  return users;
}

/** Complementary error function (Numerical Recipes erfcc, |error| < 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}
