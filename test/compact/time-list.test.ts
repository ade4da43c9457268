// Time lists against a plain sorted array: any times (tiny, huge, equal), in any arrival order,
// short lists and lists of many chunks, and every query the attribution paths make.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findBefore, latestAtOrBefore, oldest, timeListOf, toArray, withTime, type TimeList } from '../../server/compact/time-list.js';

const MAX_TS = 8.64e15;

/** Whole ms in [0, MAX_TS], beyond 32 bits as well. */
const anyTime = fc.tuple(fc.nat(8_640_000), fc.nat(999_999_999)).map(([hi, lo]) => Math.min(hi * 1e9 + lo, MAX_TS));
/** Times of one live stream: a start anywhere, then events a few ms to an hour apart (many equal). */
const streamTimes = (minLength: number, maxLength: number) =>
  fc.tuple(anyTime, fc.array(fc.oneof(fc.nat(3), fc.nat(3_600_000)), { minLength, maxLength, size: 'max' })).map(([start, gaps]) => {
    let t = start;
    return gaps.map((gap) => (t = Math.min(MAX_TS, t + gap)));
  });
const edges = fc.constantFrom(0, 1, 127, 128, 16_383, 16_384, 2 ** 31 - 1, 2 ** 31, 2 ** 32, MAX_TS, Number.MAX_SAFE_INTEGER);
/** Lists of `minLength` to `maxLength` times, all lengths equally likely. */
const times = (minLength: number, maxLength: number) => fc.oneof(
  fc.array(fc.oneof(fc.nat(20), edges, anyTime), { minLength, maxLength, size: 'max' }),
  streamTimes(minLength, maxLength),
);

/** An arrival order for the same times: as they are, sorted, reversed, or sorted with some late. */
const order = fc.constantFrom('given', 'sorted', 'reversed', 'late');
function arrange(ts: readonly number[], how: string, seed: number): number[] {
  const up = [...ts].sort((a, b) => a - b);
  if (how === 'given') return [...ts];
  if (how === 'sorted') return up;
  if (how === 'reversed') return up.reverse();
  // Every seventh time (shifted by the seed) arrives after the rest.
  const late = up.filter((_, i) => (i + seed) % 7 === 0);
  return [...up.filter((_, i) => (i + seed) % 7 !== 0), ...late];
}

function build(arrivals: readonly number[]): TimeList {
  let list = timeListOf(arrivals[0] as number);
  for (const t of arrivals.slice(1)) list = withTime(list, t);
  return list;
}

/** Query points: times and their neighbours (about 100 of each), and points beyond them all. */
function probes(sorted: readonly number[], extra: readonly number[]): number[] {
  const step = Math.ceil(sorted.length / 100);
  const some = sorted.filter((_, i) => i % step === 0 || i === sorted.length - 1);
  return [...some.flatMap((t) => [t - 1, t, t + 1]), -1, -Infinity, Infinity, (sorted.at(-1) as number) + 1e9, ...extra];
}

function refLatestAtOrBefore(sorted: readonly number[], t: number): number | undefined {
  return sorted.filter((x) => x <= t).at(-1);
}

/** What `findBefore` must try, newest first, and what it must answer. */
function refFindBefore(sorted: readonly number[], below: number, floor: number, accept: (t: number) => boolean): { tried: number[]; found: number | undefined } {
  const tried: number[] = [];
  for (const t of sorted.filter((x) => x >= floor && x < below).reverse()) {
    tried.push(t);
    if (accept(t)) return { tried, found: t };
  }
  return { tried, found: undefined };
}

function expectSameAnswers(list: TimeList, sorted: readonly number[], extra: readonly number[], modulus: number): void {
  expect(toArray(list)).toEqual(sorted);
  expect(oldest(list)).toBe(sorted[0]);
  const points = probes(sorted, extra);
  for (const t of points) expect(latestAtOrBefore(list, t)).toBe(refLatestAtOrBefore(sorted, t));
  const accept = (t: number) => t % modulus === 0;
  for (let i = 0; i < points.length; i += 3) {
    const below = points[i] as number;
    for (const floor of [-Infinity, below - 3_600_000, points[(i * 7) % points.length] as number]) {
      const tried: number[] = [];
      const found = findBefore(list, below, floor, (t) => (tried.push(t), accept(t)));
      const ref = refFindBefore(sorted, below, floor, accept);
      expect({ tried, found }).toEqual(ref);
    }
  }
}

describe('TimeList', () => {
  it('answers like a sorted array after each insert, in any arrival order', () => {
    fc.assert(fc.property(times(1, 60), order, fc.nat(6), fc.array(anyTime, { maxLength: 5 }), fc.integer({ min: 1, max: 4 }), (ts, how, seed, extra, modulus) => {
      const arrivals = arrange(ts, how, seed);
      let list = timeListOf(arrivals[0] as number);
      const held = [arrivals[0] as number];
      for (const t of arrivals.slice(1)) {
        list = withTime(list, t);
        held.push(t);
        expect(toArray(list)).toEqual([...held].sort((a, b) => a - b));
      }
      expectSameAnswers(list, [...ts].sort((a, b) => a - b), extra, modulus);
    }), { numRuns: 300 });
  });

  it('answers like a sorted array for long lists of many chunks', () => {
    fc.assert(fc.property(times(300, 1500), order, fc.nat(6), fc.array(anyTime, { maxLength: 5 }), fc.integer({ min: 1, max: 4 }), (ts, how, seed, extra, modulus) => {
      expectSameAnswers(build(arrange(ts, how, seed)), [...ts].sort((a, b) => a - b), extra, modulus);
    }), { numRuns: 60 });
  });

  it('keeps a long stream exact through appends, late times and chunk splits', () => {
    // 6,000 events a second or so apart (three bytes a gap, ~85 a chunk), then 2,000 late ones
    // spread over the whole span, which grow middle chunks past their limit and split them.
    const inOrder = Array.from({ length: 6000 }, (_, i) => 1.7e12 + i * 1009 + (i % 5));
    const late = Array.from({ length: 2000 }, (_, i) => 1.7e12 + ((i * 7919) % 6000) * 1009 + 500);
    let list = timeListOf(inOrder[0] as number);
    for (const t of [...inOrder.slice(1), ...late]) list = withTime(list, t);
    const sorted = [...inOrder, ...late].sort((a, b) => a - b);
    expect(typeof list).not.toBe('string');
    expectSameAnswers(list, sorted, [], 2);
  });

  it('keeps every copy of an equal time', () => {
    let list = timeListOf(5);
    for (let i = 0; i < 1000; i++) list = withTime(list, i % 3 === 0 ? 5 : 9);
    expect(toArray(list)).toEqual([...Array<number>(335).fill(5), ...Array<number>(666).fill(9)]);
    expect(latestAtOrBefore(list, 8)).toBe(5);
  });

  it('refuses times that are not whole ms ≥ 0', () => {
    for (const t of [-1, 0.5, NaN, Infinity, -Infinity, 2 ** 53]) {
      expect(() => timeListOf(t)).toThrow(RangeError);
      expect(() => withTime(timeListOf(1), t)).toThrow(RangeError);
    }
  });
});
