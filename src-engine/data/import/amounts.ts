/**
 * Amount text as real files write it → signed minor units. Pure. Accepts the mapping's decimal and thousands
 * separators, a leading currency symbol or code, a leading or trailing minus, and parentheses for negatives.
 * More fraction digits than the currency has is an error, never a silent rounding.
 */
import { MAX_AMOUNT } from '../../core/money.js';

export interface NumberFormat {
  decimal: '.' | ',';
  /** '' for none. */
  thousands: ',' | '.' | ' ' | "'" | '';
}

// A leading currency symbol or a three-letter code (RM, $, MYR, S$, €…), with optional space.
const CURRENCY = /^(?:[A-Z]{2,3}\s?\$?|[$€£¥₹]|S\$)\s*/i;

export type AmountResult = { ok: true; value: number } | { ok: false; reason: string };

export function parseAmount(text: string, fmt: NumberFormat, digits: number): AmountResult {
  let s = text.trim();
  if (s === '') return { ok: false, reason: 'empty amount' };
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  if (s.startsWith('-')) {
    negative = !negative;
    s = s.slice(1).trim();
  } else if (s.startsWith('+')) s = s.slice(1).trim();
  else if (s.endsWith('-')) {
    negative = !negative;
    s = s.slice(0, -1).trim();
  }
  s = s.replace(CURRENCY, '');
  // A minus may also follow the currency symbol: "RM -12.00".
  if (s.startsWith('-')) {
    negative = !negative;
    s = s.slice(1).trim();
  }
  const grouped = fmt.thousands === '' ? s : splitThousands(s, fmt.thousands);
  if (grouped === undefined) return { ok: false, reason: `"${text}" has misplaced thousands separators` };
  const parts = grouped.split(fmt.decimal);
  if (parts.length > 2) return { ok: false, reason: `"${text}" is not an amount` };
  const [whole = '', frac = ''] = parts;
  if (!/^\d{1,16}$/.test(whole) || (parts.length === 2 && !/^\d+$/.test(frac))) return { ok: false, reason: `"${text}" is not an amount` };
  if (frac.length > digits) return { ok: false, reason: `"${text}" has more than ${digits} decimal places` };
  const minor = Number(BigInt(whole) * 10n ** BigInt(digits) + BigInt(frac.padEnd(digits, '0') || '0'));
  if (minor > MAX_AMOUNT) return { ok: false, reason: `"${text}" is larger than the largest amount Kira accepts` };
  return { ok: true, value: negative && minor !== 0 ? -minor : minor };
}

/** Remove thousands separators, only where they group three digits ("1,234,567"); undefined if misplaced. */
function splitThousands(s: string, sep: string): string | undefined {
  if (!s.includes(sep)) return s;
  const groups = s.split(sep);
  const last = groups.pop() ?? '';
  // The last group carries the decimal part, if any: "234.56" from "1,234.56".
  const lastInt = last.replace(/\D.*$/, '');
  if (!/^\d{1,3}$/.test(groups[0] ?? '') || groups.slice(1).some((g) => !/^\d{3}$/.test(g)) || lastInt.length !== 3) return undefined;
  return groups.join('') + last;
}
