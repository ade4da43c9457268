// A bag (multiset) of small whole numbers, for the near-duplicate groups of one user's comments:
// the chat detector only counts them, never asks in what order they came, so they stay in arrival
// order and an add is an append, whatever the order comments arrive in. Varints in strings
// (varint.ts: 1 byte below 128, 2 below 16,384, 3 below 2,097,152) instead of 8 to 12 bytes a
// number in a padded number[]. A bag of one group below 128 is one of V8's shared
// one-character strings and costs nothing more. A bag is one or more chunks; a bag of one chunk
// is the bare string.
import { joined, pushVarint, varintAt, varintEnd } from './varint.js';

declare const groupBag: unique symbol;
/** Use through the functions below only. */
export type GroupBag = (string | readonly string[]) & { readonly [groupBag]: true };

/**
 * A chunk this long takes no more values: a new one starts. Each add copies its chunk (strings are
 * immutable), so a heavy chatter's adds stay cheap; each chunk costs about 24 bytes of header.
 */
const CHUNK_BYTES = 256;

/** Group indexes are array indexes, far below 2^31. */
const LIMIT = 2 ** 31;

/**
 * Adds `n` (equal values are all kept) to `bag`, or to a new bag if null, and returns the bag to
 * keep: `bag` itself may have been changed.
 */
export function withValue(bag: GroupBag | null, n: number): GroupBag {
  checkValue(n);
  const code = varint(n);
  if (bag === null) return code as GroupBag;
  const chunks = typeof bag === 'string' ? null : (bag as readonly string[] as string[]);
  const last = chunks === null ? (bag as string) : (chunks[chunks.length - 1] as string);
  if (last.length >= CHUNK_BYTES) return [...(chunks ?? [last]), code] as readonly string[] as GroupBag;
  const grown = joined(last, code);
  if (chunks === null) return grown as GroupBag;
  chunks[chunks.length - 1] = grown;
  return bag;
}

/** Every value, in the order they were added. */
export function bagValues(bag: GroupBag): number[] {
  const out: number[] = [];
  for (const chunk of typeof bag === 'string' ? [bag] : bag) {
    for (let at = 0; at < chunk.length; at = varintEnd(chunk, at)) out.push(varintAt(chunk, at));
  }
  return out;
}

function checkValue(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n >= LIMIT) throw new RangeError(`group bag: ${n} is not a whole number in [0, 2^31)`);
}

/** Scratch for `varint`, reused to spare the garbage of one array per add. */
const codes: number[] = [];

function varint(v: number): string {
  codes.length = 0;
  pushVarint(codes, v);
  return String.fromCharCode.apply(null, codes);
}
