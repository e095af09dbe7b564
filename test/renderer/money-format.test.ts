import { describe, expect, it } from 'vitest';
import { formatChange, formatMoney, formatPercent, parseMoneyInput } from '../../src-renderer/src/format/money.js';

describe('formatMoney formats minor units in the company currency', () => {
  it("divides by the currency's own minor-unit scale", () => {
    // ICU versions differ in the space after a symbol (none, normal, no-break): compare without it
    const bare = (s: string) => s.replace(/[\s\u00a0]/g, '');
    expect(bare(formatMoney(123450, 'MYR', 'en-MY'))).toBe('RM1,234.50');
    expect(formatMoney(123450, 'USD', 'en-US')).toBe('$1,234.50');
    expect(formatMoney(1234, 'JPY', 'en-US')).toBe('¥1,234');
    expect(bare(formatMoney(1234567, 'KWD', 'en-US'))).toBe('KWD1,234.567');
  });
  it('keeps the sign of a loss', () => {
    expect(formatMoney(-5, 'USD', 'en-US')).toBe('-$0.05');
  });
});

describe('percent and change text', () => {
  it('shows undefined percentages as a dash and n/a, never 0', () => {
    expect(formatPercent(null)).toBe('—');
    expect(formatChange(null)).toBe('n/a');
  });
  it('signs changes and names points for margins', () => {
    expect(formatChange(12.34, '%', 'en')).toBe('+12.3%');
    expect(formatChange(-3, 'pts', 'en')).toBe('-3 pts');
    expect(formatChange(2500, '%', 'en')).toBe('+2,500%');
  });
});

describe('parseMoneyInput turns typed decimals into minor units', () => {
  it('parses exactly, without float drift', () => {
    expect(parseMoneyInput('1234.56', 'MYR')).toEqual({ ok: true, minor: 123456 });
    expect(parseMoneyInput('0.1', 'MYR')).toEqual({ ok: true, minor: 10 });
    expect(parseMoneyInput('1,000', 'MYR')).toEqual({ ok: true, minor: 100000 });
  });
  it('refuses text and extra decimals with a readable message', () => {
    expect(parseMoneyInput('abc', 'MYR').ok).toBe(false);
    const r = parseMoneyInput('1.234', 'MYR');
    expect(r.ok === false && r.message).toMatch(/2 decimal places/);
  });
});
