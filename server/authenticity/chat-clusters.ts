// Groups a stream's chat into near-duplicate clusters as comments arrive: identical normalised
// texts share a group at once; distinct texts are joined when MinHash puts their bigram Jaccard
// at 0.5 or more (LSH buckets find the candidates). Short texts ("1", "想要") are kept apart:
// a crowd answering the host is not a bot net.
import { bandKeys, minhash, normaliseText, similarity } from './text-similarity.js';

/** Normalised texts shorter than this are crowd replies, never near-duplicate evidence. */
export const MIN_TEXT = 4;
const MAX_CANDIDATES = 24;
const THRESHOLD = 0.5;

export class ChatClusters {
  /** normalised text → group index */
  readonly #groups = new Map<string, number>();
  readonly #parent: number[] = [];
  readonly #sigs: Uint32Array[] = [];
  readonly #buckets = new Map<string, number[]>();

  /** Group of a comment's text, or -1 for a short text. */
  add(text: string): number {
    const norm = normaliseText(text);
    if (Array.from(norm).length < MIN_TEXT) return -1;
    const known = this.#groups.get(norm);
    if (known !== undefined) return known;
    const g = this.#parent.length;
    this.#parent.push(g);
    const sig = minhash(norm);
    this.#sigs.push(sig);
    this.#groups.set(norm, g);
    for (const key of bandKeys(sig)) {
      let bucket = this.#buckets.get(key);
      if (!bucket) this.#buckets.set(key, (bucket = []));
      for (let i = Math.max(0, bucket.length - MAX_CANDIDATES); i < bucket.length; i++) {
        const other = bucket[i]!;
        if (this.find(other) !== this.find(g) && similarity(sig, this.#sigs[other]!) >= THRESHOLD) this.#union(g, other);
      }
      bucket.push(g);
    }
    return g;
  }

  find(g: number): number {
    let r = g;
    while (this.#parent[r] !== r) r = this.#parent[r]!;
    while (this.#parent[g] !== r) {
      const next = this.#parent[g]!;
      this.#parent[g] = r;
      g = next;
    }
    return r;
  }

  #union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.#parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}
