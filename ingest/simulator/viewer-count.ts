// The platform's viewer_count: people in the room (sampled viewers exactly, the unsampled rest by
// their expected stay), plus whatever bought viewers add; ticks every 5–15 s, jittered.
import type { Rng } from './random.js';
import type { Room } from './room.js';

/** What bought viewers add to the count at `ts`, given the honest count `base`. */
export type GhostCurve = (ts: number, base: number) => number;

export class ViewerCounter {
  readonly #room: Room;
  readonly #rng: Rng;
  readonly #unsampled: Float64Array;
  readonly #ghosts: GhostCurve[] = [];
  #present = 0;
  #arrived = 0;
  #cumulative = 0;
  #nextTick: number;

  constructor(room: Room, rng: Rng) {
    this.#room = room;
    this.#rng = rng;
    this.#unsampled = new Float64Array(room.plan.durationMin);
    this.#nextTick = room.startTs + Math.round(rng.uniform(1_000, 5_000));
  }

  addGhosts(curve: GhostCurve): void {
    this.#ghosts.push(curve);
  }

  addUnsampled(minute: number, arrivals: number): void {
    this.#unsampled[minute] = arrivals;
  }

  /** Expected number of unsampled viewers present at `ts`. */
  unsampledAt(ts: number): number {
    const start = this.#room.startTs;
    const last = Math.min(this.#unsampled.length - 1, Math.floor((ts - start) / 60_000));
    let sum = 0;
    for (let m = 0; m <= last; m++) {
      const n = this.#unsampled[m]!;
      if (n > 0) sum += n * this.#room.stay.presentShare((ts - start - m * 60_000) / 1000);
    }
    return sum;
  }

  /** Emits the ticks before `until`; every presence change before it must already be known. */
  ticksUntil(until: number): void {
    const end = this.#room.endTs;
    while (this.#nextTick < until && this.#nextTick < end) {
      const ts = this.#nextTick;
      this.#emit(ts);
      this.#nextTick = ts + Math.round(this.#rng.uniform(5_000, 15_000));
    }
  }

  #emit(ts: number): void {
    const presence = this.#room.presence;
    while (presence.peekTs() <= ts) {
      const delta = presence.pop()!;
      this.#present += delta;
      if (delta > 0) this.#arrived += delta;
    }
    const base = this.#present + this.unsampledAt(ts);
    let ghosts = 0;
    for (const g of this.#ghosts) ghosts += g(ts, base + ghosts);
    const current = Math.max(0, Math.round(base + ghosts));
    const minute = Math.floor((ts - this.#room.startTs) / 60_000);
    let unsampledArrived = 0;
    for (let m = 0; m < minute && m < this.#unsampled.length; m++) unsampledArrived += this.#unsampled[m]!;
    unsampledArrived += (this.#unsampled[minute] ?? 0) * (((ts - this.#room.startTs) % 60_000) / 60_000);
    this.#cumulative = Math.max(this.#cumulative, Math.round(this.#arrived + unsampledArrived + ghosts), current);
    this.#room.emit({ type: 'viewer_count', ts, streamId: this.#room.streamId, current, cumulative: this.#cumulative });
  }
}
