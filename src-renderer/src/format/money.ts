/** Formatting at the edge: minor units → text in the company's currency. Cached formatters (construction is slow). */
import { minorDigits } from '../../../src-engine/core/money.js';

const cache = new Map<string, Intl.NumberFormat>();

function formatter(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let f = cache.get(key);
  if (!f) cache.set(key, (f = make()));
  return f;
}

/** 123450 MYR → "MYR 1,234.50" (as the locale writes it). Exact: divides by the currency's own minor-unit scale. */
export function formatMoney(minor: number, currency: string, locale?: string): string {
  const digits = minorDigits(currency);
  const f = formatter(`m|${locale}|${currency}`, () => new Intl.NumberFormat(locale, { style: 'currency', currency }));
  return f.format(minor / 10 ** digits);
}

/** Short form for tiles and axes: "MYR 1.2M". */
export function formatMoneyCompact(minor: number, currency: string, locale?: string): string {
  const digits = minorDigits(currency);
  const f = formatter(
    `c|${locale}|${currency}`,
    () => new Intl.NumberFormat(locale, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }),
  );
  return f.format(minor / 10 ** digits);
}

export function formatCount(n: number, locale?: string): string {
  return formatter(`n|${locale}`, () => new Intl.NumberFormat(locale)).format(n);
}

/** A percentage value (12.5 → "12.5%"); null → "—". */
export function formatPercent(p: number | null, locale?: string): string {
  if (p === null || !Number.isFinite(p)) return '—';
  return formatter(`p|${locale}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 })).format(p) + '%';
}

/** A change (+12.5% / −3 pts); null → "n/a" (no previous value to compare with). */
export function formatChange(change: number | null, unit: '%' | 'pts' = '%', locale?: string): string {
  if (change === null || !Number.isFinite(change)) return 'n/a';
  const f = formatter(`s|${locale}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }));
  return unit === '%' ? `${f.format(change)}%` : `${f.format(change)} pts`;
}

/** Decimal text typed in a form → minor units, or a readable error. */
export function parseMoneyInput(text: string, currency: string): { ok: true; minor: number } | { ok: false; message: string } {
  const digits = minorDigits(currency);
  const t = text.trim().replace(/,/g, '');
  if (!/^\d{1,13}(\.\d+)?$/.test(t)) return { ok: false, message: `Enter an amount like 12.50` };
  const [whole, frac = ''] = t.split('.');
  if (frac.length > digits) return { ok: false, message: `At most ${digits} decimal places for ${currency}` };
  return { ok: true, minor: Number(whole) * 10 ** digits + Number(frac.padEnd(digits, '0') || '0') };
}
