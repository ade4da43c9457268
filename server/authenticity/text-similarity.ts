// Near-duplicate text for chat: normalisation that ignores emoji, punctuation, digits, case and
// width, then MinHash over character bigrams (works for Chinese and English alike).

const STRIP = /[\p{P}\p{S}\p{N}\p{Z}\p{C}\p{Emoji_Presentation}\p{Extended_Pictographic}]+/gu;

export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(STRIP, '');
}

export const MINHASH_SIZE = 24;
const SEEDS = Array.from({ length: MINHASH_SIZE }, (_, i) => (Math.imul(i + 1, 0x9e3779b1) ^ 0x85ebca6b) >>> 0);

function hash32(s: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

/** MinHash signature of the text's character bigrams (of its code points). */
export function minhash(normalised: string): Uint32Array {
  const chars = Array.from(normalised);
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  if (grams.size === 0 && chars.length > 0) grams.add(chars[0]!);
  const sig = new Uint32Array(MINHASH_SIZE).fill(0xffffffff);
  for (const g of grams) {
    for (let k = 0; k < MINHASH_SIZE; k++) {
      const h = hash32(g, SEEDS[k]!);
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
