// First-order Markov removal effects for data_driven (CONTRACT §5): states start, each creator,
// conversion and null; paths add transition counts; P and every P₋c are solved exactly.
//
// Method. With Q the creator-to-creator transition matrix, r the one-step conversion vector and
// s the start distribution, N = (I − Q)⁻¹ (one Gauss-Jordan inversion with partial pivoting),
// h = N·r (conversion probability from each creator) and P = s·h. Removing c sends every
// transition into c to null, so P₋c is the chance of converting without ever visiting c. By the
// strong Markov property P = P₋c + Pr[visit c]·h(c), and Pr[visit c] = (s·N)_c / N_cc (expected
// visits to c from start over expected visits once there), hence
//   P − P₋c = (s·N)_c · h(c) / N_cc,   RE(c) = (P − P₋c) / P,
// for every creator from the one inverse: O(K³) time and O(K²) memory for K creators on the
// paths (multipliers that are zero are skipped, so sparse chains cost far less), plus O(L) to
// count transitions over paths of total length L. No per-creator re-solve, no simulation.

export interface RemovalEffects {
  /** P: the probability of reaching conversion from start. */
  readonly conversion: number;
  /** RE(c) = (P − P₋c) / P, in [0, 1], for every creator on some path (0 for all when P = 0). */
  readonly effects: ReadonlyMap<string, number>;
  /** P₋c: the same probability with every transition into c sent to null. */
  readonly conversionWithout: ReadonlyMap<string, number>;
}

interface Row {
  /** Counts of transitions to other creators (by state number). */
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
    const a = Array.from({ length: k }, () => new Float64Array(k));
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
      const ai = a[i] as Float64Array;
      ai[i] = 1;
      for (const [oldNext, c] of row.next) {
        const j = pos[oldNext] as number;
        ai[j] = (ai[j] as number) - c / total;
        (into[j] as number[]).push(i);
      }
      r[i] = row.conversion / total;
      s[i] = (this.#start[old] as number) / starts;
    }
    const reaches = reachesConversion(r, into);
    const n = invert(a);
    const h = new Float64Array(k);
    const v = new Float64Array(k);
    let p = 0;
    for (let i = 0; i < k; i++) {
      const ni = n[i] as Float64Array;
      let hi = 0;
      for (let j = 0; j < k; j++) hi += (ni[j] as number) * (r[j] as number);
      h[i] = reaches[i] ? hi : 0;
      const si = s[i] as number;
      if (si !== 0) for (let j = 0; j < k; j++) v[j] = (v[j] as number) + si * (ni[j] as number);
    }
    for (let i = 0; i < k; i++) p += (s[i] as number) * (h[i] as number);
    const effects = new Map<string, number>();
    const without = new Map<string, number>();
    names.forEach((name, c) => {
      const lost = p > 0 ? ((v[c] as number) * (h[c] as number)) / ((n[c] as Float64Array)[c] as number) : 0;
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

/**
 * Gauss-Jordan inversion with partial pivoting. `a` = I − Q is non-singular: every creator on a
 * path has a transition to conversion or null somewhere downstream, so the chain is absorbing.
 */
export function invert(a: readonly Float64Array[]): Float64Array[] {
  const k = a.length;
  const rows: Float64Array[] = a.map((row, i) => {
    const x = new Float64Array(2 * k);
    x.set(row);
    x[k + i] = 1;
    return x;
  });
  for (let col = 0; col < k; col++) {
    let best = col;
    for (let i = col + 1; i < k; i++) {
      if (Math.abs((rows[i] as Float64Array)[col] as number) > Math.abs((rows[best] as Float64Array)[col] as number)) best = i;
    }
    const pr = rows[best] as Float64Array;
    if (best !== col) {
      rows[best] = rows[col] as Float64Array;
      rows[col] = pr;
    }
    const pivot = pr[col] as number;
    if (pivot === 0) throw new Error('singular transition system: a state never reaches conversion or null');
    for (let j = col; j < 2 * k; j++) pr[j] = (pr[j] as number) / pivot;
    for (let i = 0; i < k; i++) {
      if (i === col) continue;
      const ri = rows[i] as Float64Array;
      const f = ri[col] as number;
      if (f === 0) continue;
      for (let j = col; j < 2 * k; j++) ri[j] = (ri[j] as number) - f * (pr[j] as number);
    }
  }
  return rows.map((x) => x.slice(k));
}
