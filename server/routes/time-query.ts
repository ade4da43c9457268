// Query parameters for time ranges: ms since epoch or ISO-8601.
import { z } from 'zod';

/** An empty value (`?from=&to=`) means the parameter is not given. */
const emptyIsUnset = (v: unknown) => (v === '' ? undefined : v);

export const timeParam = z.preprocess(emptyIsUnset, z.string().optional()).transform((v, ctx) => {
  if (v === undefined) return undefined;
  const n = /^-?\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(n) || n < 0 || n > 8.64e15) {
    ctx.addIssue({ code: 'custom', message: 'must be ms since epoch or an ISO-8601 time' });
    return z.NEVER;
  }
  return n;
});

export const durationParam = (name: string) => z.preprocess(emptyIsUnset, z.coerce.number({ error: `${name} must be a number of ms` })
  .int(`${name} must be a whole number of ms`).min(1, `${name} must be ≥ 1 ms`).max(3650 * 86_400_000, `${name} must be at most 10 years`).optional());

export const DAY = 86_400_000;
export const FAR_FUTURE = 8.64e15;
