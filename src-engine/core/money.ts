/**
 * Money is an integer count of minor units (sen, cents) everywhere. These helpers are the only place that
 * turns decimal text into minor units and back, and the only place that rounds.
 */
import { ValidationError } from './errors.js';

/** Largest amount accepted anywhere: 10^13 minor units keeps every sum of a few million rows inside 2^53. */
export const MAX_AMOUNT = 10_000_000_000_000;

/** Round-half-up (away from zero for halves) of numerator / denominator, exact for any integer size. */
export function roundHalfUpDiv(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (n * 2n + d) / (d * 2n);
  return negative ? -q : q;
}

/** Quantities carry up to three decimals and are stored as thousandths. */
export const QUANTITY_SCALE = 1000;

/** Line total = round-half-up(quantity × unit price). */
export function lineTotal(quantityMilli: number, unitPrice: number): number {
  return Number(roundHalfUpDiv(BigInt(quantityMilli) * BigInt(unitPrice), BigInt(QUANTITY_SCALE)));
}

/** Tax rates are basis points (600 = 6%); tax = round-half-up(subtotal × rate). */
export function taxFor(subtotal: number, taxRateBp: number): number {
  return Number(roundHalfUpDiv(BigInt(subtotal) * BigInt(taxRateBp), 10_000n));
}

/** Digits after the decimal point for a currency (MYR 2, JPY 0, KWD 3). */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

const DECIMAL = /^\s*(-)?(\d{1,16})(?:\.(\d+))?\s*$/;

/**
 * Parse decimal text ("1234.50", "12", "-3.5") into minor units. More fraction digits than the currency has
 * is an error rather than a silent rounding: an accountant's 12.345 in a 2-digit currency is a typo.
 */
export function parseDecimal(text: string, digits = 2): number {
  const m = DECIMAL.exec(text.replace(/,(?=\d{3}(\D|$))/g, ''));
  if (!m) throw new ValidationError(`"${text}" is not a decimal amount`, { value: text }, 'invalid_amount');
  const [, sign, whole, frac = ''] = m;
  if (frac.length > digits) {
    throw new ValidationError(`"${text}" has more than ${digits} decimal places`, { value: text }, 'invalid_amount');
  }
  const minor = BigInt(whole!) * 10n ** BigInt(digits) + BigInt(frac.padEnd(digits, '0') || '0');
  const value = Number(sign ? -minor : minor);
  if (Math.abs(value) > MAX_AMOUNT) {
    throw new ValidationError(`"${text}" is larger than the largest amount Kira accepts`, { value: text }, 'invalid_amount');
  }
  return value;
}

/** Minor units to decimal text without grouping ("123450" → "1234.50"); the inverse of parseDecimal. */
export function formatDecimal(minor: number, digits = 2): string {
  const negative = minor < 0;
  const abs = BigInt(Math.abs(minor));
  if (digits === 0) return `${negative ? '-' : ''}${abs}`;
  const scale = 10n ** BigInt(digits);
  const whole = abs / scale;
  const frac = (abs % scale).toString().padStart(digits, '0');
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

/** Parse a quantity ("1", "2.5", "0.125") into thousandths. */
export function parseQuantity(value: number | string): number {
  const n = typeof value === 'number' ? value : Number(value);
  const milli = Math.round(n * QUANTITY_SCALE);
  if (!Number.isFinite(n) || n <= 0 || Math.abs(milli - n * QUANTITY_SCALE) > 1e-6 || milli > 1e9) {
    throw new ValidationError(`quantity ${String(value)} must be positive with at most 3 decimals`, { value }, 'invalid_quantity');
  }
  return milli;
}

/** Percent change with null where undefined (no previous value); never overflows to Infinity. */
export function percentChange(current: number, previous: number): number | null {
  if (previous === 0) return null;
  return round2(((current - previous) / Math.abs(previous)) * 100);
}

/** part / whole × 100, null when whole is 0. */
export function percentOf(part: number, whole: number): number | null {
  if (whole === 0) return null;
  return round2((part / whole) * 100);
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
