// Largest-remainder rounding: exact totals, largest fractions first, robust to float error.
import { describe, expect, it } from 'vitest';
import { apportion } from '../../server/attribution/apportion.js';

describe('apportion', () => {
  it('rounds the worked time-decay example to 16.88, 16.88, 9.32, 6.92', () => {
    expect(apportion([1687.93, 1687.93, 931.81, 692.33], 5000)).toEqual([1688, 1688, 932, 692]);
  });

  it('breaks equal fractions by position', () => {
    expect(apportion([1 / 3, 1 / 3, 1 / 3], 1)).toEqual([1, 0, 0]);
    expect(apportion([10 / 3, 10 / 3, 10 / 3], 10)).toEqual([4, 3, 3]);
  });

  it('absorbs float error in either direction', () => {
    expect(apportion([2.0000000001, 2.0000000001, 0.9999999997], 5)).toEqual([2, 2, 1]);
    expect(apportion([3.0000000001, 2.0000000001], 5)).toEqual([3, 2]);
    expect(apportion([0.1 + 0.2, 0.7], 1)).toEqual([0, 1]);
  });

  it('never gives a unit to a zero value', () => {
    expect(apportion([0, 2.5, 2.5], 5)).toEqual([0, 3, 2]);
    expect(apportion([], 0)).toEqual([]);
  });
});
