import { describe, expect, it } from 'vitest';
import { formatDecimal, lineTotal, parseDecimal, percentChange, roundHalfUpDiv, taxFor } from '../../src-engine/core/money.js';

describe('round-half-up', () => {
  it('rounds halves away from zero and everything else to nearest', () => {
    expect(roundHalfUpDiv(5n, 2n)).toBe(3n);
    expect(roundHalfUpDiv(-5n, 2n)).toBe(-3n);
    expect(roundHalfUpDiv(4n, 3n)).toBe(1n);
    expect(roundHalfUpDiv(5n, 3n)).toBe(2n);
  });

  it('gives line totals and tax in whole minor units', () => {
    expect(lineTotal(1500, 333)).toBe(500); // 1.5 × 3.33 = 4.995 → 5.00
    expect(lineTotal(333, 100)).toBe(33); // 0.333 × 1.00 = 0.333 → 0.33
    expect(taxFor(1250, 600)).toBe(75); // 6% of 12.50
    expect(taxFor(1258, 600)).toBe(75); // 75.48 → 75
    expect(taxFor(1275, 600)).toBe(77); // 76.5 → 77
  });

  it('stays exact beyond 2^53 intermediate products', () => {
    // 123456.789 × 987654.32: the product in thousandths (1.2e16) is past 2^53; the result is not.
    expect(lineTotal(123_456_789, 98_765_432)).toBe(12_193_263_098_918);
  });
});

describe('decimal text', () => {
  it('parses and formats as inverses', () => {
    for (const [text, minor] of [
      ['1234.50', 123450],
      ['0.01', 1],
      ['12', 1200],
      ['-3.5', -350],
      ['1,234.50', 123450],
    ] as const) {
      expect(parseDecimal(text)).toBe(minor);
    }
    expect(formatDecimal(123450)).toBe('1234.50');
    expect(formatDecimal(-5)).toBe('-0.05');
    expect(formatDecimal(1200, 0)).toBe('1200');
  });

  it('refuses text that is not an amount, too precise, or absurd', () => {
    expect(() => parseDecimal('12.345')).toThrow(/decimal places/);
    expect(() => parseDecimal('abc')).toThrow(/not a decimal/);
    expect(() => parseDecimal('1e5')).toThrow(/not a decimal/);
    expect(() => parseDecimal('99999999999999999')).toThrow();
  });
});

describe('percent change', () => {
  it('is null where undefined and never overflows', () => {
    expect(percentChange(100, 0)).toBeNull();
    expect(percentChange(2600, 100)).toBe(2500);
    expect(percentChange(50, 100)).toBe(-50);
    expect(percentChange(-50, -100)).toBe(50);
  });
});
