// What every bridge shares: the result of mapping one source message, and the small, careful
// readers of source fields (ids that must stay strings, times in s or ms, JSON with 64-bit ids).
import type { EventType } from '../event-schema.js';

/** A canonical event as sent on the wire (CONTRACT §3.2), before the server validates it. */
export type WireEvent = { id: string; type: EventType; ts: number | string } & Record<string, unknown>;

/**
 * One source message mapped: canonical events (possibly none), a message the bridge ignores on
 * purpose (with why), or a malformed message (with what is wrong) that is reported and skipped.
 */
export type Mapped =
  | { kind: 'events'; events: WireEvent[] }
  | { kind: 'ignored'; reason: string }
  | { kind: 'malformed'; error: string };

export const events = (...list: WireEvent[]): Mapped => ({ kind: 'events', events: list });
export const ignored = (reason: string): Mapped => ({ kind: 'ignored', reason });
export const malformed = (error: string): Mapped => ({ kind: 'malformed', error });

/** Thrown inside a mapper to report a malformed field; `mapSafely` turns it into `malformed`. */
export class FieldError extends Error {}

/** Runs a mapper; a missing or wrong field becomes `malformed`, never an exception. */
export function mapSafely(map: () => Mapped): Mapped {
  try {
    return map();
  } catch (err) {
    if (err instanceof FieldError) return malformed(err.message);
    throw err;
  }
}

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The object at `v`, or an empty one (absent nested messages are normal in protobuf JSON). */
export function objAt(v: unknown): Obj {
  return isObj(v) ? v : {};
}

/**
 * A platform id as a string. Strings pass; integers are accepted only while exact (≤ 2^53), since
 * a larger one has already lost digits in JSON.parse and would silently merge two accounts.
 */
export function idOf(v: unknown): string | undefined {
  if (typeof v === 'string') {
    const s = v.trim();
    return s === '' || s === '0' ? undefined : s;
  }
  if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) return String(v);
  if (typeof v === 'bigint' && v > 0n) return v.toString();
  return undefined;
}

/** `idOf` for a field that must be there. */
export function requireId(v: unknown, field: string): string {
  const id = idOf(v);
  if (id !== undefined) return id;
  if (typeof v === 'number' && Number.isFinite(v) && !Number.isSafeInteger(v)) {
    throw new FieldError(`${field}: ${v} is beyond 2^53 and has lost digits; the source must send ids as strings`);
  }
  throw new FieldError(`${field}: required (a non-empty string id)`);
}

/** A non-negative integer from a number or a digit string, else undefined. */
export function intOf(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** Event time in ms from epoch seconds or ms (number or digit string); values below 1e11 are seconds. */
export function epochMs(v: unknown): number | undefined {
  const n = intOf(v);
  if (n === undefined || n === 0) return undefined;
  return n < 1e11 ? n * 1000 : n;
}

/** A short text field, or undefined when absent or empty. */
export function textOf(v: unknown, max = 500): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.slice(0, max) : undefined;
}

/** The `user` attributes of CONTRACT §3.2 from a follower/following pair; omitted when unknown. */
export function userAttrs(followInfo: unknown, verified?: unknown): Obj | undefined {
  const f = objAt(followInfo);
  const attrs: Obj = {};
  const followers = intOf(f.followerCount);
  const following = intOf(f.followingCount);
  if (followers !== undefined) attrs.followers = followers;
  if (following !== undefined) attrs.following = following;
  if (typeof verified === 'boolean') attrs.verified = verified;
  return Object.keys(attrs).length ? attrs : undefined;
}

/**
 * JSON.parse that keeps integers of 16 digits or more as strings: Shopify and protobuf fetchers
 * write 64-bit ids as bare numbers, which a plain JSON.parse rounds. Only number tokens outside
 * strings are touched, so text that looks like a number inside a string stays as it was.
 */
export function parseJsonKeepingBigInts(text: string): unknown {
  if (!/\d{16}/.test(text)) return JSON.parse(text);
  let out = '';
  let last = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i++;
      while (i < n && text.charCodeAt(i) !== 34) i += text.charCodeAt(i) === 92 /* \ */ ? 2 : 1;
      i++;
    } else if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      const start = i;
      i++;
      while (i < n && /[0-9.eE+-]/.test(text[i]!)) i++;
      const token = text.slice(start, i);
      if (/^-?\d{16,}$/.test(token)) {
        out += `${text.slice(last, start)}"${token}"`;
        last = i;
      }
    } else {
      i++;
    }
  }
  return JSON.parse(out + text.slice(last));
}
