// Exact solves with A = I − Q of an absorbing Markov chain: one LU factorisation, then A⁻¹b, bᵀA⁻¹
// and the diagonal of A⁻¹. No pivoting is needed: A is a non-singular M-matrix, weakly diagonally
// dominant by rows, and so is every Schur complement, hence all pivots are positive and bounded.
// Dense storage, sparse work: rows remember the extent of their non-zeros and zero multipliers
// are skipped, so O(K³) is the worst case (a dense chain) and banded or sparse chains cost far less.

export class MMatrixLU {
  readonly #k: number;
  /** L (unit, strictly below the diagonal) and U (on and above), row-major. */
  readonly #lu: Float64Array;
  /** Per row: first column of L that may be non-zero, last column of U that may be non-zero. */
  readonly #lo: Int32Array;
  readonly #hi: Int32Array;

  /** `a` is K×K row-major and is overwritten by the factors. */
  constructor(a: Float64Array, k: number) {
    if (a.length !== k * k) throw new RangeError('matrix size does not match K');
    this.#k = k;
    this.#lu = a;
    this.#lo = new Int32Array(k);
    this.#hi = new Int32Array(k);
    for (let i = 0; i < k; i++) {
      let lo = i;
      let hi = i;
      for (let j = 0; j < k; j++) {
        if (a[i * k + j] !== 0) {
          if (j < lo) lo = j;
          if (j > hi) hi = j;
        }
      }
      this.#lo[i] = lo;
      this.#hi[i] = hi;
    }
    // Row-oriented Doolittle (ikj): row i is reduced by the finished rows above it.
    for (let i = 0; i < k; i++) {
      const ri = i * k;
      let hi = this.#hi[i] as number;
      for (let p = this.#lo[i] as number; p < i; p++) {
        const x = a[ri + p] as number;
        if (x === 0) continue;
        const rp = p * k;
        const f = x / (a[rp + p] as number);
        a[ri + p] = f;
        const end = this.#hi[p] as number;
        for (let j = p + 1; j <= end; j++) a[ri + j] = (a[ri + j] as number) - f * (a[rp + j] as number);
        if (end > hi) hi = end;
      }
      this.#hi[i] = hi;
      if (!((a[ri + i] as number) > 0)) throw new Error('transition system is singular: some state never reaches conversion or null');
    }
  }

  /** x with A·x = b. */
  solve(b: ArrayLike<number>): Float64Array {
    const k = this.#k;
    const a = this.#lu;
    const x = Float64Array.from(b);
    for (let i = 0; i < k; i++) {
      let s = x[i] as number;
      for (let p = this.#lo[i] as number; p < i; p++) s -= (a[i * k + p] as number) * (x[p] as number);
      x[i] = s;
    }
    for (let i = k - 1; i >= 0; i--) {
      let s = x[i] as number;
      const end = this.#hi[i] as number;
      for (let j = i + 1; j <= end; j++) s -= (a[i * k + j] as number) * (x[j] as number);
      x[i] = s / (a[i * k + i] as number);
    }
    return x;
  }

  /** x with xᵀ·A = bᵀ (that is, Aᵀ·x = b). */
  solveTransposed(b: ArrayLike<number>): Float64Array {
    const k = this.#k;
    const a = this.#lu;
    const x = Float64Array.from(b);
    // Uᵀ·w = b: forward, scattering each finished w_i along row i of U.
    for (let i = 0; i < k; i++) {
      const w = (x[i] as number) / (a[i * k + i] as number);
      x[i] = w;
      if (w === 0) continue;
      const end = this.#hi[i] as number;
      for (let j = i + 1; j <= end; j++) x[j] = (x[j] as number) - w * (a[i * k + j] as number);
    }
    // Lᵀ·x = w: backward, scattering along row i of L.
    for (let i = k - 1; i >= 0; i--) {
      const w = x[i] as number;
      if (w === 0) continue;
      for (let p = this.#lo[i] as number; p < i; p++) x[p] = (x[p] as number) - w * (a[i * k + p] as number);
    }
    return x;
  }

  /** diag(A⁻¹), from A⁻¹ = U⁻¹·L⁻¹: (A⁻¹)ᵢᵢ = Σₘ (U⁻¹)ᵢₘ·(L⁻¹)ₘᵢ over m ≥ i. */
  inverseDiagonal(): Float64Array {
    const k = this.#k;
    const a = this.#lu;
    // One K×K buffer: U⁻¹ on and above the diagonal, L⁻¹ strictly below (its unit diagonal implied).
    const z = new Float64Array(k * k);
    const zLo = new Int32Array(k);
    const zHi = new Int32Array(k);
    // Rows of L⁻¹: y_i = e_i − Σ_{p<i} L_ip · y_p.
    for (let i = 0; i < k; i++) {
      let lo = i;
      for (let p = this.#lo[i] as number; p < i; p++) {
        const l = a[i * k + p] as number;
        if (l === 0) continue;
        z[i * k + p] = (z[i * k + p] as number) - l;
        const from = zLo[p] as number;
        for (let j = from; j < p; j++) z[i * k + j] = (z[i * k + j] as number) - l * (z[p * k + j] as number);
        if (from < lo) lo = from;
        if (p < lo) lo = p;
      }
      zLo[i] = lo;
    }
    // Rows of U⁻¹, bottom up: x_i = (e_i − Σ_{m>i} U_im · x_m) / U_ii.
    for (let i = k - 1; i >= 0; i--) {
      const ri = i * k;
      const d = a[ri + i] as number;
      z[ri + i] = 1;
      let hi = i;
      const end = this.#hi[i] as number;
      for (let m = i + 1; m <= end; m++) {
        const u = a[ri + m] as number;
        if (u === 0) continue;
        const to = zHi[m] as number;
        for (let j = m; j <= to; j++) z[ri + j] = (z[ri + j] as number) - u * (z[m * k + j] as number);
        if (to > hi) hi = to;
      }
      for (let j = i; j <= hi; j++) z[ri + j] = (z[ri + j] as number) / d;
      zHi[i] = hi;
    }
    const diag = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      let s = z[i * k + i] as number; // m = i: (L⁻¹)ᵢᵢ = 1
      const end = zHi[i] as number;
      for (let m = i + 1; m <= end; m++) {
        const y = z[m * k + i] as number;
        if (y !== 0) s += (z[i * k + m] as number) * y;
      }
      diag[i] = s;
    }
    return diag;
  }
}
