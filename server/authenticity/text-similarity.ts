// Near-duplicate text for chat: normalisation that ignores emoji, punctuation, digits, case and
// width, then MinHash over character bigrams (works for Chinese and English alike).

const STRIP = /[\p{P}\p{S}\p{N}\p{Z}\p{C}\p{Emoji_Presentation}\p{Extended_Pictographic}]+/gu;

export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(STRIP, '');
}

export const MINHASH_SIZE = 24;
// One 32-bit hash per bigram, then MINHASH_SIZE cheap permutations of it (multiply-xorshift
// with odd constants): as good as independent hashes for MinHash, and far cheaper.
const MULT = Array.from({ length: MINHASH_SIZE }, (_, i) => (Math.imul(2 * i + 1, 0x9e3779b1) | 1) >>> 0);
const XOR = Array.from({ length: MINHASH_SIZE }, (_, i) => Math.imul(i + 7, 0x85ebca6b) >>> 0);

function hash32(a: number, b: number): number {
  let h = Math.imul(a ^ 0x811c9dc5, 0x01000193);
  h = Math.imul(h ^ b, 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}

/** MinHash signature of the text's character bigrams (of its code points). */
export function minhash(normalised: string): Uint32Array {
  const cps: number[] = [];
  for (const ch of normalised) cps.push(ch.codePointAt(0)!);
  const sig = new Uint32Array(MINHASH_SIZE).fill(0xffffffff);
  const grams = cps.length > 1 ? cps.length - 1 : cps.length;
  for (let i = 0; i < grams; i++) {
    const g = hash32(cps[i]!, cps.length > 1 ? cps[i + 1]! : 0);
    for (let k = 0; k < MINHASH_SIZE; k++) {
      let h = Math.imul(g ^ XOR[k]!, MULT[k]!);
      h ^= h >>> 16;
      h = h >>> 0;
      if (h < sig[k]!) sig[k] = h;
    }
  }
  return sig;
}

/** Estimated Jaccard similarity of two signatures. */
export function similarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let k = 0; k < MINHASH_SIZE; k++) if (a[k] === b[k]) same++;
  return same / MINHASH_SIZE;
}

/** LSH band keys (bands of `rows` hashes): texts sharing a key are candidate near-duplicates. */
export function bandKeys(sig: Uint32Array, rows = 3): string[] {
  const keys: string[] = [];
  for (let b = 0; b + rows <= MINHASH_SIZE; b += rows) {
    let key = `${b}:`;
    for (let r = 0; r < rows; r++) key += `${sig[b + r]!.toString(36)}.`;
    keys.push(key);
  }
  return keys;
}
