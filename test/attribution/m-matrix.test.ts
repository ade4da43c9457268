// The LU solver for I − Q against a textbook Gauss-Jordan inverse with partial pivoting, on random
// absorbing chains (dense, sparse, banded, with self-loops).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MMatrixLU } from '../../server/attribution/m-matrix.js';

/** I − Q for a random absorbing chain on k states: each row leaks some mass to absorption. */
const chain = fc.integer({ min: 1, max: 14 }).chain((k) => fc.tuple(
  fc.constant(k),
  fc.array(fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 9 })), { minLength: k, maxLength: k }), { minLength: k, maxLength: k }),
  fc.array(fc.integer({ min: 0, max: 3 }), { minLength: k, maxLength: k }),
  fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: k, maxLength: k }),
)).filter(([k, counts, leak]) => {
  // absorbing: from every state some leaking state is reachable
  const leaks = new Set<number>();
  for (let i = 0; i < k; i++) if ((leak[i] as number) > 0) leaks.add(i);
  let grew = true;
  while (grew) {
    grew = false;
    for (let i = 0; i < k; i++) if (!leaks.has(i) && (counts[i] as number[]).some((c, j) => c > 0 && leaks.has(j))) { leaks.add(i); grew = true; }
  }
  return leaks.size === k;
});

function matrixOf(k: number, counts: number[][], leak: number[]): number[][] {
  return counts.map((row, i) => {
    const total = row.reduce((s, c) => s + c, 0) + (leak[i] as number);
    return row.map((c, j) => (i === j ? 1 : 0) - c / total);
  });
}

function gaussJordanInverse(m: number[][]): number[][] {
  const k = m.length;
  const aug = m.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < k; c++) {
    let best = c;
    for (let i = c + 1; i < k; i++) if (Math.abs(aug[i]![c]!) > Math.abs(aug[best]![c]!)) best = i;
    [aug[c], aug[best]] = [aug[best]!, aug[c]!];
    const p = aug[c]![c]!;
    aug[c] = aug[c]!.map((x) => x / p);
    for (let i = 0; i < k; i++) {
      if (i === c) continue;
      const f = aug[i]![c]!;
      aug[i] = aug[i]!.map((x, j) => x - f * aug[c]![j]!);
    }
  }
  return aug.map((row) => row.slice(k));
}

describe('MMatrixLU', () => {
  it('solves A·x = b, Aᵀ·x = b and gives diag(A⁻¹) like a full inverse', () => {
    fc.assert(fc.property(chain, ([k, counts, leak, b]) => {
      const m = matrixOf(k, counts, leak);
      const inv = gaussJordanInverse(m);
      const lu = new MMatrixLU(Float64Array.from(m.flat()), k);
      const x = lu.solve(b);
      const xt = lu.solveTransposed(b);
      const d = lu.inverseDiagonal();
      for (let i = 0; i < k; i++) {
        expect(x[i]).toBeCloseTo(inv[i]!.reduce((s, v, j) => s + v * b[j]!, 0), 8);
        expect(xt[i]).toBeCloseTo(inv.reduce((s, row, j) => s + row[i]! * b[j]!, 0), 8);
        expect(d[i]).toBeCloseTo(inv[i]![i]!, 8);
      }
    }), { numRuns: 300 });
  });

  it('rejects a chain that never absorbs', () => {
    expect(() => new MMatrixLU(Float64Array.from([1, -1, -1, 1]), 2)).toThrow(/singular/);
  });
});
