/** Date range presets, computed from the company's today (ISO dates, calendar-correct). */
import {
  addDays,
  addMonths,
  endOfMonth,
  isIsoDate,
  startOfMonth,
  startOfQuarter,
  startOfYear,
  type IsoDate,
} from '../../../src-engine/core/dates.js';

export const PRESETS = ['this_month', 'last_month', 'this_quarter', 'year_to_date', 'last_12_months', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];

export const PRESET_LABELS: Record<Preset, string> = {
  this_month: 'This month',
  last_month: 'Last month',
  this_quarter: 'This quarter',
  year_to_date: 'Year to date',
  last_12_months: 'Last 12 months',
  custom: 'Custom',
};

export interface DateRange {
  from: IsoDate;
  to: IsoDate;
}

/** The range a preset means on `today` (period-to-date presets end today). */
export function presetRange(preset: Exclude<Preset, 'custom'>, today: IsoDate): DateRange {
  switch (preset) {
    case 'this_month':
      return { from: startOfMonth(today), to: today };
    case 'last_month': {
      const from = addMonths(startOfMonth(today), -1);
      return { from, to: endOfMonth(from) };
    }
    case 'this_quarter':
      return { from: startOfQuarter(today), to: today };
    case 'year_to_date':
      return { from: startOfYear(today), to: today };
    case 'last_12_months':
      return { from: addDays(addMonths(today, -12), 1), to: today };
  }
}

/** Validate a custom range typed by the user; a readable message instead of a failed request. */
export function checkCustomRange(from: string, to: string): { ok: true; range: DateRange } | { ok: false; message: string } {
  if (!isIsoDate(from)) return { ok: false, message: 'Start date must be a real date (YYYY-MM-DD)' };
  if (!isIsoDate(to)) return { ok: false, message: 'End date must be a real date (YYYY-MM-DD)' };
  if (from > to) return { ok: false, message: 'Start date is after end date' };
  return { ok: true, range: { from, to } };
}

/** Today's date in an IANA time zone ("the company's today"). */
export function todayInZone(timeZone: string, now = new Date()): IsoDate {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

/** Trend granularity and bucket count that fit a range (a sensible default for the trend chart). */
export function defaultGranularity(range: DateRange): 'day' | 'week' | 'month' {
  const days = (Date.parse(range.to) - Date.parse(range.from)) / 86_400_000 + 1;
  if (days <= 45) return 'day';
  if (days <= 180) return 'week';
  return 'month';
}

/** How many trend buckets of a granularity cover a range (the trends view counts back from `to`), capped at 120. */
export function bucketsCovering(range: DateRange, g: 'day' | 'week' | 'month' | 'quarter' | 'year'): number {
  const days = Math.round((Date.parse(range.to) - Date.parse(range.from)) / 86_400_000) + 1;
  const months =
    (Number(range.to.slice(0, 4)) - Number(range.from.slice(0, 4))) * 12 +
    Number(range.to.slice(5, 7)) -
    Number(range.from.slice(5, 7)) +
    1;
  const n = {
    day: days,
    // a range that starts mid-week touches one more week than days/7
    week: Math.ceil(days / 7) + 1,
    month: months,
    quarter: Math.ceil(months / 3) + (Number(range.from.slice(5, 7)) % 3 === 1 ? 0 : 1),
    year: Number(range.to.slice(0, 4)) - Number(range.from.slice(0, 4)) + 1,
  }[g];
  return Math.max(1, Math.min(120, n));
}
