// The Markov removal effects (CONTRACT §5, data_driven): the worked examples by hand, a self-loop
// case by hand, and random chains against an independent method that removes each creator
// literally and iterates the absorption probabilities to convergence.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MarkovChain } from '../../server/attribution/markov.js';

function chainOf(paths: [string[], boolean, number][]): MarkovChain {
  const chain = new MarkovChain();
  for (const [states, converted, times] of paths) for (let i = 0; i < times; i++) chain.addPath(states, converted);
  return chain;
}

describe('MarkovChain.removalEffects', () => {
  it('worked example 1: A ×2, M ×1, A > M ×1 convert, A ×1 does not', () => {
    // start→A 4/5, start→M 1/5; A→conv 1/2, A→M 1/4, A→null 1/4; M→conv 1
    // P = 0.8·(0.5 + 0.25) + 0.2 = 0.8; P₋A = 0.2; P₋M = 0.8·0.5 = 0.4
    const r = chainOf([[['A'], true, 2], [['M'], true, 1], [['A', 'M'], true, 1], [['A'], false, 1]]).removalEffects();
    expect(r.conversion).toBeCloseTo(0.8, 12);
    expect(r.effects.get('A')).toBeCloseTo(0.75, 12);
    expect(r.effects.get('M')).toBeCloseTo(0.5, 12);
    expect(r.conversionWithout.get('A')).toBeCloseTo(0.2, 12);
    expect(r.conversionWithout.get('M')).toBeCloseTo(0.4, 12);
  });

  it('worked example 2: C1 > C2 > C3 converts, C1 and C2 > C3 do not', () => {
    // h(C3) = 1/2, h(C2) = 1/2, h(C1) = 1/4; P = 2/3·1/4 + 1/3·1/2 = 1/3; P₋C1 = 1/6, P₋C2 = P₋C3 = 0
    const r = chainOf([[['C1', 'C2', 'C3'], true, 1], [['C1'], false, 1], [['C2', 'C3'], false, 1]]).removalEffects();
    expect(r.conversion).toBeCloseTo(1 / 3, 12);
    expect(r.effects.get('C1')).toBeCloseTo(0.5, 12);
    expect(r.effects.get('C2')).toBeCloseTo(1, 12);
    expect(r.effects.get('C3')).toBeCloseTo(1, 12);
  });

  it('handles self-transitions from consecutive touchpoints of one creator', () => {
    // start→A 2/3, start→B 1/3; A→A, A→B, A→conv 1/3 each; B→conv, B→null 1/2 each.
    // h(B) = 1/2; h(A) = (1/3)h(A) + 1/6 + 1/3 → 3/4; P = 2/3; P₋A = 1/6 → RE 3/4;
    // without B: h(A) = (1/3)h(A) + 1/3 → 1/2, P₋B = 1/3 → RE 1/2
    const r = chainOf([[['A', 'A', 'B'], true, 1], [['B'], false, 1], [['A'], true, 1]]).removalEffects();
    expect(r.conversion).toBeCloseTo(2 / 3, 12);
    expect(r.effects.get('A')).toBeCloseTo(0.75, 12);
    expect(r.effects.get('B')).toBeCloseTo(0.5, 12);
  });

  it('gives 0 to a creator that never leads to conversion, and 0 to all when nothing converts', () => {
    const r = chainOf([[['A'], true, 1], [['B'], false, 3]]).removalEffects();
    expect(r.effects.get('B')).toBe(0);
    expect(r.effects.get('A')).toBeCloseTo(1, 12);
    const none = chainOf([[['A', 'B'], false, 2]]).removalEffects();
    expect(none.conversion).toBe(0);
    expect([...none.effects.values()]).toEqual([0, 0]);
    expect(new MarkovChain().removalEffects().conversion).toBe(0);
  });

  it('matches literal removal solved by value iteration on random chains', () => {
    const path = fc.tuple(fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), { minLength: 1, maxLength: 8 }), fc.boolean());
    fc.assert(fc.property(fc.array(path, { minLength: 1, maxLength: 40 }), (paths) => {
      const chain = new MarkovChain();
      for (const [states, converted] of paths) chain.addPath(states, converted);
      const got = chain.removalEffects();
      const p = iterate(paths, null);
      expect(got.conversion).toBeCloseTo(p, 9);
      for (const [c, re] of got.effects) {
        const without = iterate(paths, c);
        expect(got.conversionWithout.get(c)).toBeCloseTo(without, 9);
        expect(re).toBeCloseTo(p > 0 ? (p - without) / p : 0, 8);
      }
    }), { numRuns: 200 });
  });
});

/** P (or P₋removed) by counting transitions and iterating h ← Q·h + r from 0 until it settles. */
function iterate(paths: readonly (readonly [readonly string[], boolean])[], removed: string | null): number {
  const counts = new Map<string, Map<string, number>>();
  const bump = (from: string, to: string): void => {
    let row = counts.get(from);
    if (!row) counts.set(from, (row = new Map()));
    row.set(to, (row.get(to) ?? 0) + 1);
  };
  for (const [states, converted] of paths) {
    const seq = ['(start)', ...states, converted ? '(conversion)' : '(null)'];
    for (let i = 1; i < seq.length; i++) bump(seq[i - 1] as string, seq[i] as string);
  }
  let h = new Map<string, number>([['(conversion)', 1]]);
  for (let round = 0; round < 20_000; round++) {
    const next = new Map<string, number>([['(conversion)', 1]]);
    let change = 0;
    for (const [from, row] of counts) {
      let total = 0;
      let sum = 0;
      for (const [to, c] of row) {
        total += c;
        if (to !== removed) sum += c * (h.get(to) ?? 0);
      }
      next.set(from, sum / total);
      change = Math.max(change, Math.abs(sum / total - (h.get(from) ?? 0)));
    }
    h = next;
    if (change < 1e-15) break;
  }
  return h.get('(start)') ?? 0;
}
