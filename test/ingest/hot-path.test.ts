// The hand-written path for hot event types (ingest/event-schema.ts parseHotEvent) against the
// zod schemas it stands in for: whatever an event holds, parseEvent must give what the schema
// alone gives (the same event, keys in the same order, or the same error), and plainly valid hot
// events must take the fast path. The schema result is the independent reference.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEvent, parseEventBySchema, parseHotEvent } from '../../ingest/event-schema.js';

const HOT_TYPES = ['member_join', 'member_leave', 'follow', 'share', 'like', 'comment', 'product_click', 'cart_add'] as const;

/** Values a field may hold: valid ones, edge cases on each side of every limit, wrong types. */
const anyValue = fc.oneof(
  fc.constantFrom(undefined, null, true, 0, -0, 1, -1, 1.5, 2 ** 53, 2 ** 53 - 1, NaN, Infinity, -Infinity, 8.64e15, 8.64e15 + 1, '', 'x', '1',
    'a'.repeat(200), 'a'.repeat(201), 'a\u0000b', '\ud800', '\udc00x', '\ud83d\ude00', '2026-11-26T10:00:00Z', '2026-02-30', '想要', [], {}, { followers: 3 }),
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double(),
);
const idValue = fc.oneof(fc.stringMatching(/^[0-9a-z_-]{1,24}$/), anyValue);
const tsValue = fc.oneof(fc.integer({ min: 0, max: 2 ** 42 }), fc.double({ min: 0, max: 2 ** 42, noNaN: true }), anyValue);
const countValue = fc.oneof(fc.integer({ min: 1, max: 1000 }), anyValue);
const textValue = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('x'.repeat(2000), 'x'.repeat(2001)), anyValue);

/** A hot event with each field present or absent, valid or not, plus stray keys. */
const eventArb = fc.record({
  type: fc.oneof(fc.constantFrom(...HOT_TYPES), fc.constantFrom('gift', 'purchase', 'viewer_count', 'nope', 7)),
  id: idValue, ts: tsValue, streamId: idValue, userId: idValue, count: countValue, text: textValue,
  productId: idValue, qty: countValue, user: anyValue, extra: anyValue,
}, { requiredKeys: [] });

/** Own keys in order with their values: `toStrictEqual` alone does not compare key order. */
const entries = (r: ReturnType<typeof parseEvent>) => (r.ok ? { ok: true, entries: Object.entries(r.event), keys: Object.keys(r.event) } : r);

describe('hot event path', () => {
  it('gives exactly what the zod schema gives, for any event', () => {
    fc.assert(fc.property(eventArb, (raw) => {
      expect(entries(parseEvent(raw))).toStrictEqual(entries(parseEventBySchema(raw)));
    }), { numRuns: 20_000, seed: 20261126 });
  });

  it('is taken by plainly valid hot events, and only gives events the schema accepts', () => {
    fc.assert(fc.property(
      fc.constantFrom(...HOT_TYPES), fc.stringMatching(/^[0-9]{1,19}$/), fc.integer({ min: 0, max: 2 ** 42 }), fc.string({ maxLength: 50 }), fc.integer({ min: 1, max: 99 }),
      (type, id, ts, text, n) => {
        const raw = { id, type, ts, streamId: 's1', userId: `u${id}`, text, productId: 'p1', count: n, qty: n };
        const hot = parseHotEvent(raw);
        expect(hot).not.toBeNull();
        const reference = parseEventBySchema(raw);
        expect(reference.ok).toBe(true);
        if (reference.ok) expect(Object.entries(hot!)).toStrictEqual(Object.entries(reference.event));
      },
    ), { numRuns: 2_000, seed: 7 });
  });

  it('leaves user attributes, ISO times and other types to the schema', () => {
    const base = { id: 'e1', type: 'like', ts: 1_700_000_000_000, streamId: 's', userId: 'u' };
    expect(parseHotEvent(base)).not.toBeNull();
    expect(parseHotEvent({ ...base, user: { followers: 2 } })).toBeNull();
    expect(parseHotEvent({ ...base, ts: '2026-11-26T10:00:00Z' })).toBeNull();
    expect(parseHotEvent({ ...base, type: 'gift' })).toBeNull();
    expect(parseHotEvent({ ...base, count: 0 })).toBeNull();
    // The schema still answers them: a valid ISO time becomes ms, a zero count is refused with its reason.
    expect(parseEvent({ ...base, ts: '2026-11-26T10:00:00Z' })).toMatchObject({ ok: true, event: { ts: Date.UTC(2026, 10, 26, 10) } });
    expect(parseEvent({ ...base, count: 0 })).toStrictEqual({ ok: false, error: 'count: must be ≥ 1' });
  });
});
