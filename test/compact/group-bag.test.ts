// Group bags against a plain array: any whole numbers below 2^31 (one to five varint bytes),
// short bags and bags of many chunks, and the values they refuse.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bagValues, withValue, type GroupBag } from '../../server/compact/group-bag.js';

const edges = fc.constantFrom(0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, 2 ** 28 - 1, 2 ** 28, 2 ** 31 - 1);
/** Group indexes as chat makes them: mostly a few repeated ones, some large, some at varint edges. */
const value = fc.oneof(fc.nat(5), fc.nat(200), fc.nat(2 ** 31 - 1), edges);

function build(values: readonly number[]): GroupBag | null {
  let bag: GroupBag | null = null;
  for (const v of values) bag = withValue(bag, v);
  return bag;
}

describe('GroupBag', () => {
  it('holds every value added, in the order added, after each add', () => {
    fc.assert(fc.property(fc.array(value, { minLength: 1, maxLength: 60 }), (values) => {
      let bag: GroupBag | null = null;
      for (let i = 0; i < values.length; i++) {
        bag = withValue(bag, values[i] as number);
        expect(bagValues(bag)).toEqual(values.slice(0, i + 1));
      }
    }), { numRuns: 300 });
  });

  it('holds long bags of many chunks exactly', () => {
    fc.assert(fc.property(fc.array(value, { minLength: 300, maxLength: 3000 }), (values) => {
      const bag = build(values)!;
      expect(bagValues(bag)).toEqual(values);
    }), { numRuns: 60 });
  });

  it('starts a new chunk once the last is full, so an add copies a short string', () => {
    const values = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 20_000);
    const bag = build(values)!;
    expect(typeof bag).not.toBe('string');
    const chunks = bag as readonly string[];
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(256 + 2);
    expect(bagValues(bag)).toEqual(values);
  });

  it('refuses values that are not whole numbers in [0, 2^31)', () => {
    for (const v of [-1, 0.5, NaN, Infinity, -Infinity, 2 ** 31, 2 ** 53]) {
      expect(() => withValue(null, v)).toThrow(RangeError);
      expect(() => withValue(withValue(null, 1), v)).toThrow(RangeError);
    }
  });
});
