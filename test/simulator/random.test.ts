// The seeded PRNG: reproducible, independent sub-streams, and distributions with the moments
// their textbook definitions give.
import { describe, expect, test } from 'vitest';
import { hash32, Rng } from '../../ingest/simulator/random.js';

const N = 40_000;
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const draw = (f: () => number, n = N): number[] => Array.from({ length: n }, f);

describe('Rng', () => {
  test('same seed, same sequence; another seed, another sequence', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const c = new Rng(8);
    const sa = draw(() => a.uint32(), 100);
    expect(draw(() => b.uint32(), 100)).toEqual(sa);
    expect(draw(() => c.uint32(), 100)).not.toEqual(sa);
    expect(new Rng('7').next()).not.toBe(new Rng(7).next());
  });

  test('fork depends on the label and the seed, not on draws made before', () => {
    const a = new Rng(1);
    const b = new Rng(1);
    b.next();
    b.next();
    expect(a.fork('x').next()).toBe(b.fork('x').next());
    expect(a.fork('x').next()).not.toBe(a.fork('y').next());
  });

  test('hash32 is stable and spreads', () => {
    expect(hash32('abc')).toBe(hash32('abc'));
    expect(hash32('abc')).not.toBe(hash32('abd'));
    expect(hash32('abc', 1)).not.toBe(hash32('abc', 2));
  });

  test('uniform and int cover their ranges, bounds included for int', () => {
    const r = new Rng(3);
    const u = draw(() => r.next());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(mean(u)).toBeCloseTo(0.5, 1);
    const ints = draw(() => r.int(1, 6));
    expect(new Set(ints)).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    expect(mean(ints)).toBeCloseTo(3.5, 1);
  });

  test('normal, lognormal, exponential, poisson have their textbook means', () => {
    const r = new Rng(4);
    const z = draw(() => r.normal(10, 2));
    expect(mean(z)).toBeCloseTo(10, 1);
    expect(Math.sqrt(mean(z.map((x) => (x - 10) ** 2)))).toBeCloseTo(2, 1);
    // E[lognormal(0, 0.5)] = e^(0.125) ≈ 1.133
    expect(mean(draw(() => r.lognormal(0, 0.5)))).toBeCloseTo(1.133, 1);
    expect(median(draw(() => r.lognormalMedian(30, 1)))).toBeGreaterThan(28);
    expect(mean(draw(() => r.exponential(5)))).toBeCloseTo(5, 0);
    expect(mean(draw(() => r.poisson(3.5)))).toBeCloseTo(3.5, 1);
    expect(mean(draw(() => r.poisson(250), 5000)) / 250).toBeCloseTo(1, 1);
    expect(mean(draw(() => r.binomial(1000, 0.3), 5000)) / 300).toBeCloseTo(1, 1);
    expect(r.poisson(0)).toBe(0);
  });

  test('heavy tails: pareto above its scale, zipf ranks favour 1', () => {
    const r = new Rng(5);
    const p = draw(() => r.pareto(2, 1.5));
    expect(Math.min(...p)).toBeGreaterThanOrEqual(2);
    // median of Pareto(xm, α) = xm · 2^(1/α) = 2 · 2^(2/3) ≈ 3.17
    expect(median(p)).toBeCloseTo(3.17, 0);
    const z = draw(() => r.zipf(10, 1.2));
    expect(Math.min(...z)).toBe(1);
    expect(Math.max(...z)).toBeLessThanOrEqual(10);
    const ones = z.filter((k) => k === 1).length;
    const tens = z.filter((k) => k === 10).length;
    expect(ones).toBeGreaterThan(5 * tens);
  });

  test('weighted picks follow the weights; shuffle is a permutation', () => {
    const r = new Rng(6);
    const picks = draw(() => r.weightedIndex([1, 3, 0, 6]));
    expect(picks.filter((i) => i === 2)).toHaveLength(0);
    expect(picks.filter((i) => i === 3).length / N).toBeCloseTo(0.6, 1);
    expect(picks.filter((i) => i === 1).length / N).toBeCloseTo(0.3, 1);
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = r.shuffle([...items]);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
    expect(() => r.pick([])).toThrow();
  });
});

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}
