// Unsigned varints in one-byte strings, shared by the compact lists of this folder: 7 bits a
// character, low group first, the high bit set on every character but the last. Strings because
// they are V8's cheapest byte store (16 bytes of header; a Uint8Array costs 200 with its
// ArrayBuffer). Values up to 2^53 (event times in ms).

/** Appends the varint of whole `v` ≥ 0 to `codes` (character codes, each < 256). */
export function pushVarint(codes: number[], v: number): void {
  // Division above 2^31, where bitwise operators would wrap; shifts below, which are faster.
  for (; v >= 2 ** 31; v = Math.floor(v / 128)) codes.push(128 + (v % 128));
  for (; v >= 128; v >>>= 7) codes.push(128 | (v & 127));
  codes.push(v);
}

/** The varint starting at `at`. */
export function varintAt(text: string, at: number): number {
  let b = text.charCodeAt(at);
  let v = b & 127;
  // Multiplication, not shifts: times need up to 53 bits, bitwise operators only 32.
  for (let scale = 128; b >= 128; scale *= 128) {
    b = text.charCodeAt(++at);
    v += (b & 127) * scale;
  }
  return v;
}

/** Where the varint starting at `at` ends. */
export function varintEnd(text: string, at: number): number {
  while (text.charCodeAt(at) >= 128) at++;
  return at + 1;
}

/** Scratch for `joined`, reused to spare the garbage of one array per call. */
const pair = ['', ''];

/**
 * `a` followed by `b` as one flat string. `join`, unlike `+`, copies: a + b would be a 32-byte
 * cons cell keeping both parts alive.
 */
export function joined(a: string, b: string): string {
  pair[0] = a;
  pair[1] = b;
  const out = pair.join('');
  pair[0] = pair[1] = '';
  return out;
}
