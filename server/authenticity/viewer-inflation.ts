// viewer_inflation: the platform's viewer count against the people who show up. Three checks,
// all ratios and changes so platform sampling of joins and chat does not matter:
//  - surge without activity: viewers jump well above their recent level while joins and
//    engaged users do not rise with them (a flash sale brings both up together);
//  - flat plateau: consecutive readings barely move although people keep joining, far less
//    than the coming and going of a real audience makes them move;
//  - bot joiners: a burst of joins from new or empty accounts that then never act.
import type { Bucket } from '../metrics/stream-rollup.js';
import { isEmptyAccount, type StreamEvidence } from './stream-evidence.js';

const MINUTE = 60_000;

export interface MinuteInputs { minute: number; viewers: number | null; joins: number; engaged: number; orders: number }

export interface InflationMinute { minute: number; value: number; reasons: string[]; viewers: number | null; expected: number | null }

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? 0 : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export function minuteInputs(buckets: ReadonlyMap<number, Bucket>): MinuteInputs[] {
  if (buckets.size === 0) return [];
  const keys = [...buckets.keys()];
  const first = Math.min(...keys);
  const last = Math.max(...keys);
  const out: MinuteInputs[] = [];
  let viewers: number | null = null;
  for (let m = first; m <= last; m++) {
    const b = buckets.get(m);
    if (b?.viewers) viewers = b.viewers.value;
    out.push({ minute: m, viewers, joins: b?.joins ?? 0, engaged: b?.engaged.size ?? 0, orders: b?.orders ?? 0 });
  }
  return out;
}

/** Surges of viewers that come without the joins and engagement that real viewers bring. */
export function surgeWithoutActivity(rows: readonly MinuteInputs[]): Map<number, InflationMinute> {
  const out = new Map<number, InflationMinute>();
  let ref: { viewers: number; activityPerViewer: number } | null = null;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (r.viewers === null || r.viewers <= 0) continue;
    const activity = (k: number) => rows[k]!.joins + rows[k]!.engaged;
    const recent = (activity(i) + (i > 0 ? activity(i - 1) : 0) + (i > 1 ? activity(i - 2) : 0)) / Math.min(3, i + 1);
    if (ref) {
      const ratio = recent / r.viewers / ref.activityPerViewer;
      if (r.viewers >= 1.25 * ref.viewers && ratio <= 0.6) {
        out.set(r.minute, inflated(r, 1 - ratio, 'viewers stay above their earlier level without matching joins or engagement', ref.viewers));
        continue;
      }
      ref = null;
    }
    const base = rows.slice(Math.max(0, i - 10), Math.max(0, i - 2)).filter((x) => x.viewers !== null && x.viewers > 0);
    if (base.length < 3) continue;
    const baseViewers = median(base.map((x) => x.viewers!));
    const baseActivity = median(base.map((x) => x.joins + x.engaged));
    if (baseActivity <= 0 || baseViewers <= 0) continue;
    const growth = r.viewers / baseViewers;
    const activityGrowth = recent / baseActivity;
    if (growth >= 1.5 && activityGrowth <= 1 + 0.25 * (growth - 1)) {
      ref = { viewers: baseViewers, activityPerViewer: baseActivity / baseViewers };
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
    if (arrivals < window * 3) continue;
    let moved = 0;
    let same = 0;
    for (let i = k - window + 1; i <= k; i++) {
      const d = Math.abs(r[i]!.value - r[i - 1]!.value);
      moved += d;
      if (d === 0) same++;
    }
    const expectedMove = window * Math.sqrt((2 * arrivals) / window);
    if (moved < 0.2 * expectedMove || same >= window - 1) {
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
    if (u.joins.length === 0) continue;
    const empty = isEmptyAccount(u.attrs);
    if (empty !== null) {
      knownAll++;
      if (empty) emptyAll++;
    }
    const m = Math.floor(Math.min(...u.joins) / MINUTE);
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
