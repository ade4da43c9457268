// First-order Markov removal effects for data_driven (CONTRACT §5): states start, each creator,
// conversion and null; paths add transition counts; P and every P₋c are solved exactly.
//
// Method. With Q the creator-to-creator transition matrix, r the one-step conversion vector, s the
// start distribution and N = (I − Q)⁻¹: h = N·r is the conversion probability from each creator
// and P = s·h. Removing c sends every transition into c to null, so P₋c is the chance of
// converting without ever visiting c. By the strong Markov property P = P₋c + Pr[visit c]·h(c),
// and Pr[visit c] = (sᵀN)_c / N_cc (expected visits to c from start over expected visits once
// there), hence
//   P − P₋c = (sᵀN)_c · h(c) / N_cc,   RE(c) = (P − P₋c) / P,
// for all creators from one LU factorisation of I − Q (m-matrix.ts): two triangular solve pairs for
// h and sᵀN, and diag(N). O(K³) time and O(K²) memory for K creators on the paths in the worst
// (dense) case, much less for sparse or banded chains, plus O(L) to count transitions over paths of
// total length L. No per-creator re-solve, no simulation.
import { MMatrixLU } from './m-matrix.js';

export interface RemovalEffects {
  /** P: the probability of reaching conversion from start. */
  readonly conversion: number;
  /** RE(c) = (P − P₋c) / P, in [0, 1], for every creator on some path (0 for all when P = 0). */
  readonly effects: ReadonlyMap<string, number>;
  /** P₋c: the same probability with every transition into c sent to null. */
  readonly conversionWithout: ReadonlyMap<string, number>;
}

interface Row {
  /** Counts of transitions to creators by state number (its own number: self-transitions). */
  readonly next: Map<number, number>;
  conversion: number;
  null: number;
}

export class MarkovChain {
  readonly #state = new Map<string, number>();
  readonly #names: string[] = [];
  readonly #rows: Row[] = [];
  readonly #start: number[] = [];
  #paths = 0;

  get paths(): number {
    return this.#paths;
  }

  /** Adds one path of creators (consecutive repeats are self-transitions); empty paths add nothing. */
  addPath(creators: readonly string[], converted: boolean): void {
    if (creators.length === 0) return;
    this.#paths++;
    let prev = this.#stateOf(creators[0] as string);
    this.#start[prev] = (this.#start[prev] ?? 0) + 1;
    for (let i = 1; i < creators.length; i++) {
      const next = this.#stateOf(creators[i] as string);
      const row = (this.#rows[prev] as Row).next;
      row.set(next, (row.get(next) ?? 0) + 1);
      prev = next;
    }
    const last = this.#rows[prev] as Row;
    if (converted) last.conversion++;
    else last.null++;
  }

  #stateOf(creatorId: string): number {
    let i = this.#state.get(creatorId);
    if (i === undefined) {
      i = this.#names.length;
      this.#state.set(creatorId, i);
      this.#names.push(creatorId);
      this.#rows.push({ next: new Map(), conversion: 0, null: 0 });
      this.#start.push(0);
    }
    return i;
  }

  removalEffects(): RemovalEffects {
    // States in creatorId order, so the arithmetic (and its last bits) never depends on the order
    // in which paths were added.
    const names = [...this.#names].sort();
    const k = names.length;
    const pos = new Int32Array(k);
    names.forEach((name, i) => { pos[this.#state.get(name) as number] = i; });
    const a = new Float64Array(k * k);
    const r = new Float64Array(k);
    const s = new Float64Array(k);
    let starts = 0;
    for (const x of this.#start) starts += x;
    const into: number[][] = Array.from({ length: k }, () => []);
    for (let old = 0; old < k; old++) {
      const i = pos[old] as number;
      const row = this.#rows[old] as Row;
      let total = row.conversion + row.null;
      for (const c of row.next.values()) total += c;
      a[i * k + i] = 1;
      for (const [oldNext, c] of row.next) {
        const j = pos[oldNext] as number;
        a[i * k + j] = (a[i * k + j] as number) - c / total;
        (into[j] as number[]).push(i);
      }
      r[i] = row.conversion / total;
      s[i] = (this.#start[old] as number) / starts;
    }
    const reaches = reachesConversion(r, into);
    const lu = new MMatrixLU(a, k);
    const h = lu.solve(r).map((x, i) => (reaches[i] ? x : 0));
    const v = lu.solveTransposed(s);
    const nDiag = lu.inverseDiagonal();
    let p = 0;
    for (let i = 0; i < k; i++) p += (s[i] as number) * (h[i] as number);
    const effects = new Map<string, number>();
    const without = new Map<string, number>();
    names.forEach((name, c) => {
      const lost = p > 0 ? ((v[c] as number) * (h[c] as number)) / (nDiag[c] as number) : 0;
      const re = p > 0 ? Math.min(1, Math.max(0, lost / p)) : 0;
      effects.set(name, re);
      without.set(name, p * (1 - re));
    });
    return { conversion: p, effects, conversionWithout: without };
  }
}

/** Which states have a path to conversion (so their h is exactly 0 otherwise, not float dust). */
function reachesConversion(r: Float64Array, into: readonly (readonly number[])[]): boolean[] {
  const seen = Array.from(r, (x) => x > 0);
  const stack: number[] = [];
  seen.forEach((yes, i) => { if (yes) stack.push(i); });
  while (stack.length > 0) {
    const j = stack.pop() as number;
    for (const i of into[j] as number[]) {
      if (!seen[i]) {
        seen[i] = true;
        stack.push(i);
      }
    }
  }
  return seen;
}
