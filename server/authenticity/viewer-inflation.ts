// viewer_inflation: the platform's viewer count against the people who show up. Three checks,
// all ratios and changes so platform sampling of joins and chat does not matter:
//  - count without people: the viewer count, divided by the viewers present by the joins and
//    leaves that arrive (a sample of them in big rooms, at a steady rate), rises well above its
//    own earlier level (a flash sale brings joins with its viewers, so the ratio holds);
//  - flat plateau: consecutive readings barely move although people keep joining, far less
//    than the coming and going of a real audience makes them move;
//  - bot joiners: a burst of joins from new or empty accounts that then never act.
import type { Bucket } from '../metrics/stream-rollup.js';
import { isEmptyAccount, type StreamEvidence } from './stream-evidence.js';
import { lowerBound, MINUTE, median as medianOf } from '../metrics/stats.js';
import { oldest } from '../compact/time-list.js';


export interface MinuteInputs { minute: number; viewers: number | null; joins: number; leaves: number; present: number; engaged: number; orders: number }

export interface InflationMinute { minute: number; value: number; reasons: string[]; viewers: number | null; expected: number | null }

const median = (v: number[]): number => medianOf(v) ?? 0;
/** Minutes of history the count-per-viewer reference looks back over. */
const HISTORY = 240;

/**
 * One row per minute that has events, in time order (minutes without events carry nothing to
 * judge; skipping them keeps a stream whose events span years from costing a row per minute).
 */
export function minuteInputs(buckets: ReadonlyMap<number, Bucket>): MinuteInputs[] {
  const keys = [...buckets.keys()].sort((a, b) => a - b);
  const out: MinuteInputs[] = [];
  let viewers: number | null = null;
  let present = 0;
  for (const m of keys) {
    const b = buckets.get(m)!;
    if (b.viewers) viewers = b.viewers.value;
    present += b.joins - b.leaves;
    out.push({ minute: m, viewers, joins: b.joins, leaves: b.leaves, present, engaged: b.engaged, orders: b.orders });
  }
  return out;
}

/**
 * The viewer count per viewer present by the joins and leaves that arrived, against its own
 * low level earlier in the stream (the 20th percentile of up to 240 minutes before, flagged
 * minutes left out): bought viewers lift it, real viewers (sampled or not) do not. A low quantile of all
 * the past, not a recent median, so inflation added in small steps cannot become the norm.
 * Needs leaves; without them, see `surgeWithoutActivity`.
 */
export function countWithoutPeople(rows: readonly MinuteInputs[]): Map<number, InflationMinute> {
  const out = new Map<number, InflationMinute>();
  const history: number[] = []; // the last HISTORY ratios, in arrival order
  const sorted: number[] = []; // the same, sorted
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    // The first minutes are left out: the platform's count lags the first rush of joins.
    const ratio = i >= 2 && r.viewers !== null && r.viewers > 0 && r.present >= 20 ? r.viewers / r.present : null;
    if (ratio === null) continue;
    if (history.length >= 3) {
      const base = sorted[Math.floor(0.2 * (sorted.length - 1))]!;
      const lift = ratio / base;
      const raisedBefore = out.has(r.minute - 1);
      if (lift >= (raisedBefore ? 1.12 : 1.2)) {
        out.set(r.minute, inflated(r, 1 - 1 / lift, `viewer count ×${lift.toFixed(2)} of its earlier level per viewer present by joins and leaves`, r.viewers! / lift));
        continue;
      }
    }
    history.push(ratio);
    sorted.splice(lowerBound(sorted, ratio), 0, ratio);
    if (history.length > HISTORY) sorted.splice(lowerBound(sorted, history.shift()!), 1);
  }
  return out;
}

/** Without leave events: viewers jump while joins and engaged users do not (after the ramp-up). */
export function surgeWithoutActivity(rows: readonly MinuteInputs[]): Map<number, InflationMinute> {
  const out = new Map<number, InflationMinute>();
  for (let i = 15; i < rows.length; i++) {
    const r = rows[i]!;
    if (r.viewers === null || r.viewers <= 0) continue;
    const base = rows.slice(i - 10, i - 2).filter((x) => x.viewers !== null && x.viewers > 0);
    if (base.length < 5) continue;
    const baseViewers = median(base.map((x) => x.viewers!));
    const baseActivity = median(base.map((x) => x.joins + x.engaged));
    const recent = (rows[i]!.joins + rows[i]!.engaged + rows[i - 1]!.joins + rows[i - 1]!.engaged) / 2;
    if (baseActivity <= 0 || baseViewers <= 0) continue;
    const growth = r.viewers / baseViewers;
    const activityGrowth = recent / baseActivity;
    if (growth >= 1.8 && activityGrowth <= 1 + 0.2 * (growth - 1)) {
      out.set(r.minute, inflated(r, 1 - activityGrowth / growth, `viewers ×${growth.toFixed(1)} while joins and engaged users ×${activityGrowth.toFixed(1)}`, baseViewers));
    }
  }
  return out;
}

function inflated(r: MinuteInputs, value: number, reason: string, expected: number): InflationMinute {
  return { minute: r.minute, value: Math.max(0, Math.min(1, value)), reasons: [reason], viewers: r.viewers, expected: Math.round(expected) };
}

/**
 * Readings that barely move while people come and go: in a real room each reading moves by at
 * least about √(arrivals + departures) since the last one; joins observed are a floor for both.
 */
export function flatPlateau(readings: ReadonlyArray<{ ts: number; value: number }>, joinTimes: readonly number[]): Map<number, InflationMinute> {
  const out = new Map<number, InflationMinute>();
  const r = [...readings].sort((a, b) => a.ts - b.ts);
  const joins = [...joinTimes].sort((a, b) => a - b);
  const window = 8;
  let j0 = 0;
  let j1 = 0;
  for (let k = window; k < r.length; k++) {
    const from = r[k - window]!.ts;
    const to = r[k]!.ts;
    while (j0 < joins.length && joins[j0]! <= from) j0++;
    while (j1 < joins.length && joins[j1]! <= to) j1++;
    const arrivals = j1 - j0;
    // Small rooms are left out: a handful of joins and leaves can cancel out by chance.
    if (arrivals < window * 25) continue;
    let moved = 0;
    let same = 0;
    for (let i = k - window + 1; i <= k; i++) {
      const d = Math.abs(r[i]!.value - r[i - 1]!.value);
      moved += d;
      if (d === 0) same++;
    }
    const expectedMove = window * Math.sqrt((2 * arrivals) / window);
    if (moved < 0.1 * expectedMove || same >= window - 1) {
      const minute = Math.floor(to / MINUTE);
      const value = Math.max(0, Math.min(1, 1 - moved / expectedMove));
      const prev = out.get(minute);
      if (!prev || prev.value < value) {
        out.set(minute, { minute, value, viewers: r[k]!.value, expected: null, reasons: [`viewer count moved ${Math.round(moved)} over ${window} readings while ${arrivals} joins arrived`] });
      }
    }
  }
  return out;
}

/** Bursts of joins from fresh or empty accounts that never comment, like, click or buy. */
export function botJoiners(ev: StreamEvidence, rows: readonly MinuteInputs[]): Map<number, InflationMinute> {
  const out = new Map<number, InflationMinute>();
  const perMinute = new Map<number, { joins: number; idleEmpty: number; known: number }>();
  let emptyAll = 0, knownAll = 0;
  for (const u of ev.users.values()) {
    if (u.joins === null) continue;
    const empty = isEmptyAccount(u.attrs);
    if (empty !== null) {
      knownAll++;
      if (empty) emptyAll++;
    }
    const m = Math.floor(oldest(u.joins) / MINUTE);
    let cell = perMinute.get(m);
    if (!cell) perMinute.set(m, (cell = { joins: 0, idleEmpty: 0, known: 0 }));
    cell.joins++;
    if (empty !== null) cell.known++;
    if (empty === true && u.firstEngagement === Infinity && u.leaves === 0) cell.idleEmpty++;
  }
  const typicalJoins = median(rows.map((r) => r.joins).filter((j) => j > 0));
  const baseEmpty = knownAll === 0 ? 0 : emptyAll / knownAll;
  for (const [minute, c] of perMinute) {
    if (c.known < 10 || c.joins < Math.max(10, 2 * typicalJoins * 0.5)) continue;
    const share = c.idleEmpty / c.known;
    if (share >= 0.5 && share >= 2 * Math.min(baseEmpty, 0.25)) {
      out.set(minute, { minute, value: share, viewers: null, expected: null, reasons: [`${c.idleEmpty} of ${c.known} new joiners are fresh or empty accounts that never act`] });
    }
  }
  return out;
}
