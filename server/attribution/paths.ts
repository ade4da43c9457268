// Touchpoints and paths (CONTRACT §5). A purchase's path: each stream the buyer took part in, at
// the time of their latest event there not after the purchase, kept when within the window, ordered
// by time then streamId. A touchpoint whose stream has no known creator yet (no stream_start) is
// left out: it cannot be credited to anyone, and it must not take a share from those who can.
import type { Purchase, TouchIndex, UserTouches } from './touch-index.js';
import { anyWithin } from './sorted-times.js';
import { findBefore, latestAtOrBefore, type TimeList } from '../compact/time-list.js';

export interface Touchpoint {
  readonly streamId: string;
  readonly creatorId: string;
  readonly time: number;
}

export class PathFinder {
  readonly #index: TouchIndex;
  readonly #creatorOfStream: (streamId: string) => string | undefined;
  /** Per stream number: its creator, null when unknown, undefined before the first look-up. */
  readonly #creators: (string | null | undefined)[] = [];

  constructor(index: TouchIndex, creatorOfStream: (streamId: string) => string | undefined) {
    this.#index = index;
    this.#creatorOfStream = creatorOfStream;
  }

  #creatorOf(s: number): string | null {
    let c = this.#creators[s];
    if (c === undefined) {
      c = this.#creatorOfStream(this.#index.streamId(s)) ?? null;
      this.#creators[s] = c;
    }
    return c;
  }

  /** The touchpoints of a purchase within [p.ts − window, p.ts], in path order. */
  purchasePath(p: Purchase, window: number): Touchpoint[] {
    const u = this.#index.user(p.user);
    const out: Touchpoint[] = [];
    for (let i = 0; i < u.streams.length; i++) {
      const time = latestAtOrBefore(u.times[i] as TimeList, p.ts);
      if (time === undefined || time < p.ts - window) continue;
      const s = u.streams[i] as number;
      const creatorId = this.#creatorOf(s);
      if (creatorId !== null) out.push({ streamId: this.#index.streamId(s), creatorId, time });
    }
    return out.sort(byPathOrder);
  }

  /**
   * A user's non-converting path for data_driven: each stream with an event of the user in
   * [from − window, to) that no purchase of the user follows within the window (a purchase at t'
   * with t ≤ t' ≤ t + window, whatever its stream or date), at the latest such event; in path order.
   */
  idlePath(u: UserTouches, from: number, to: number, window: number): Touchpoint[] {
    const out: Touchpoint[] = [];
    const start = from - window;
    const idle = (t: number): boolean => !anyWithin(u.purchaseTimes, t, window);
    for (let i = 0; i < u.streams.length; i++) {
      const time = findBefore(u.times[i] as TimeList, to, start, idle);
      if (time === undefined) continue;
      const s = u.streams[i] as number;
      const creatorId = this.#creatorOf(s);
      if (creatorId !== null) out.push({ streamId: this.#index.streamId(s), creatorId, time });
    }
    return out.sort(byPathOrder);
  }
}

function byPathOrder(a: Touchpoint, b: Touchpoint): number {
  if (a.time !== b.time) return a.time - b.time;
  return a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0;
}
