// Compact sorted lists of event times (whole ms ≥ 0): one per (user, stream) in the touch index, and
// each user's joins and comment times in the authenticity evidence;
// about 3 bytes a time instead of 8 to 12 in a padded number[], so a long live stream grows slowly.
// A list is one or more chunks, each a string of varints (varint.ts): the chunk's newest time,
// then the gaps to each older one. Newest first because appends, the common case, then touch
// only the head and queries walk back. Chunks are ordered oldest to newest; a list of one chunk
// is the bare string.
import { joined, pushVarint, varintAt, varintEnd } from './varint.js';

declare const timeList: unique symbol;
/** Use through the functions below only. */
export type TimeList = (string | readonly string[]) & { readonly [timeList]: true };

/**
 * A chunk this long takes no more appends: a new one starts. Each append copies its chunk (strings
 * are immutable) and each chunk costs about 30 bytes of header and absolute time, hence the middle.
 */
const CHUNK_BYTES = 256;

/** A list of one time. */
export function timeListOf(t: number): TimeList {
  checkTime(t);
  return encode([t], 0, 1) as TimeList;
}

/**
 * Adds `t` (equal times are all kept) and returns the list to keep: `list` itself may have been
 * changed. An append at or after the newest time copies the newest chunk; an older time re-encodes
 * the chunk it falls in.
 */
export function withTime(list: TimeList, t: number): TimeList {
  checkTime(t);
  const last = chunkCount(list) - 1;
  const text = chunkAt(list, last);
  const newest = varintAt(text, 0);
  if (t < newest) return insertInto(list, chunkFor(list, t), t);
  if (text.length >= CHUNK_BYTES) return asList(chunksOf(list).concat(encode([t], 0, 1)));
  codes.length = 0;
  pushVarint(codes, t);
  pushVarint(codes, t - newest);
  return withChunk(list, last, joined(String.fromCharCode.apply(null, codes), text.slice(varintEnd(text, 0))));
}

/** The newest time ≤ `t`, if any. */
export function latestAtOrBefore(list: TimeList, t: number): number | undefined {
  const c = new Descent(list, chunkFor(list, t));
  while (!c.done && c.value > t) c.step();
  return c.done ? undefined : c.value;
}

/** The newest time in [`floor`, `below`) that `accept` takes, trying them newest first. */
export function findBefore(list: TimeList, below: number, floor: number, accept: (t: number) => boolean): number | undefined {
  const c = new Descent(list, chunkFor(list, below));
  while (!c.done && c.value >= below) c.step();
  for (; !c.done && c.value >= floor; c.step()) if (accept(c.value)) return c.value;
  return undefined;
}

/** The oldest time, decoding the oldest chunk only. */
export function oldest(list: TimeList): number {
  const c = new Descent(list, 0);
  let t = c.value;
  for (c.step(); !c.done; c.step()) t = c.value;
  return t;
}

/** Every time, ascending. */
export function toArray(list: TimeList): number[] {
  const out: number[] = [];
  for (const c = new Descent(list, chunkCount(list) - 1); !c.done; c.step()) out.push(c.value);
  return out.reverse();
}

/** Walks a list from the newest time of one chunk to the list's oldest time, decoding as it goes. */
class Descent {
  readonly #list: TimeList;
  #chunk: number;
  #text: string;
  #pos = 0;
  /** The time under the cursor, while not `done`. */
  value: number;
  done = false;

  constructor(list: TimeList, chunk: number) {
    this.#list = list;
    this.#chunk = chunk;
    this.#text = chunkAt(list, chunk);
    this.value = this.#read();
  }

  /** Moves to the next older time, or to `done`. */
  step(): void {
    if (this.#pos < this.#text.length) {
      this.value -= this.#read();
    } else if (this.#chunk === 0) {
      this.done = true;
    } else {
      this.#text = chunkAt(this.#list, --this.#chunk);
      this.#pos = 0;
      this.value = this.#read();
    }
  }

  #read(): number {
    const v = varintAt(this.#text, this.#pos);
    this.#pos = varintEnd(this.#text, this.#pos);
    return v;
  }
}

/** Times must be whole ms ≥ 0 (ingest guarantees it) for the gaps to be exact unsigned integers. */
function checkTime(t: number): void {
  if (!Number.isSafeInteger(t) || t < 0) throw new RangeError(`time list: ${t} is not a whole ms ≥ 0`);
}

function chunkCount(list: TimeList): number {
  return typeof list === 'string' ? 1 : list.length;
}

function chunkAt(list: TimeList, i: number): string {
  return typeof list === 'string' ? list : (list[i] as string);
}

function chunksOf(list: TimeList): readonly string[] {
  return typeof list === 'string' ? [list] : list;
}

function asList(chunks: readonly string[]): TimeList {
  return (chunks.length === 1 ? chunks[0] : chunks) as TimeList;
}

/** `list` with chunk `i` replaced, in place when `list` has several. */
function withChunk(list: TimeList, i: number, chunk: string): TimeList {
  if (typeof list === 'string') return chunk as TimeList;
  const chunks: readonly string[] = list;
  (chunks as string[])[i] = chunk;
  return list;
}

/** The first chunk whose newest time is ≥ `t`, or the last chunk when none is. */
function chunkFor(list: TimeList, t: number): number {
  let lo = 0;
  let hi = chunkCount(list) - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (varintAt(chunkAt(list, mid), 0) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Adds `t` to chunk `i`, older than the chunk's newest time and newer than the chunk before, so
 * the chunks stay in order. A chunk grown past twice the append limit splits in two.
 */
function insertInto(list: TimeList, i: number, t: number): TimeList {
  const times = toArray(chunkAt(list, i) as TimeList); // a chunk is a list of one chunk
  let k = times.length;
  while (k > 0 && (times[k - 1] as number) > t) k--;
  times.splice(k, 0, t);
  const whole = encode(times, 0, times.length);
  if (whole.length <= 2 * CHUNK_BYTES) return withChunk(list, i, whole);
  const half = times.length >>> 1;
  const chunks = chunksOf(list);
  return asList([...chunks.slice(0, i), encode(times, 0, half), encode(times, half, times.length), ...chunks.slice(i + 1)]);
}

/** Scratch for building chunks, reused to spare the garbage of one array per append. */
const codes: number[] = [];

/** One chunk holding the ascending `times[from..to)`, to > from. */
function encode(times: readonly number[], from: number, to: number): string {
  codes.length = 0;
  pushVarint(codes, times[to - 1] as number);
  for (let k = to - 1; k > from; k--) pushVarint(codes, (times[k] as number) - (times[k - 1] as number));
  return String.fromCharCode.apply(null, codes);
}
