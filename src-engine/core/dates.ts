/**
 * Calendar dates as ISO `YYYY-MM-DD` strings in the company's time zone. Arithmetic goes through day
 * numbers (days since 1970-01-01), so no local-time or DST rule can shift a date.
 */
import { ValidationError } from './errors.js';

export type IsoDate = string;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isIsoDate(s: unknown): s is IsoDate {
  if (typeof s !== 'string') return false;
  const m = ISO.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return y >= 1900 && y <= 2999 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** Validate a date parameter, naming it in the error. */
export function parseIsoDate(s: unknown, param = 'date'): IsoDate {
  if (!isIsoDate(s)) {
    throw new ValidationError(`${param} must be a calendar date YYYY-MM-DD`, { param, value: s });
  }
  return s;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return MONTH_DAYS[month - 1] ?? NaN;
}

export function toDayNumber(d: IsoDate): number {
  return Math.floor(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / MS_PER_DAY);
}

export function fromDayNumber(n: number): IsoDate {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(d: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(d) + days);
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** Add calendar months, clamping the day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(d: IsoDate, months: number): IsoDate {
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7)) - 1 + months;
  const year = y + Math.floor(m / 12);
  const month = (((m % 12) + 12) % 12) + 1;
  const day = Math.min(Number(d.slice(8, 10)), daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function startOfMonth(d: IsoDate): IsoDate {
  return `${d.slice(0, 7)}-01`;
}

export function endOfMonth(d: IsoDate): IsoDate {
  return addDays(addMonths(startOfMonth(d), 1), -1);
}

export function startOfQuarter(d: IsoDate): IsoDate {
  const m = Number(d.slice(5, 7));
  const qm = m - ((m - 1) % 3);
  return `${d.slice(0, 4)}-${String(qm).padStart(2, '0')}-01`;
}

export function startOfYear(d: IsoDate): IsoDate {
  return `${d.slice(0, 4)}-01-01`;
}

/** ISO weeks start on Monday. */
export function startOfWeek(d: IsoDate): IsoDate {
  const n = toDayNumber(d);
  const weekday = (((n + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Monday
  return fromDayNumber(n - weekday);
}

/** Today's date in an IANA time zone, at instant `now`. */
export function todayIn(timeZone: string, now: Date = new Date()): IsoDate {
  // Formatting costs microseconds and every request asks: remember the answer for the current second (every zone's
  // midnight falls on a whole second, so the date cannot change within one).
  const second = Math.floor(now.getTime() / 1000);
  const last = LAST_TODAY.get(timeZone);
  if (last && last.second === second) return last.today;
  const today = dayFormatter(timeZone).format(now);
  LAST_TODAY.set(timeZone, { second, today });
  return today;
}

const LAST_TODAY = new Map<string, { second: number; today: IsoDate }>();

// Building an Intl.DateTimeFormat costs tens of microseconds and every dashboard request asks for "today":
// keep one per zone (there are only a handful of companies).
const DAY_FORMATTERS = new Map<string, Intl.DateTimeFormat>();

function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = DAY_FORMATTERS.get(timeZone);
  if (!f) {
    // en-CA formats as YYYY-MM-DD.
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    DAY_FORMATTERS.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export interface DateRange {
  from: IsoDate;
  to: IsoDate;
}

/** Number of days in an inclusive range. */
export function rangeLength(r: DateRange): number {
  return daysBetween(r.from, r.to) + 1;
}

/**
 * The previous window of equal length. A range that starts on the 1st of a month and ends inside it compares
 * with the same days of the previous month (month-to-date vs the same days last month); a whole-month range
 * with the whole previous month; any other range with the same number of days immediately before it.
 */
export function previousEqualWindow(r: DateRange): DateRange {
  const from = r.from;
  if (from === startOfMonth(from) && r.to.slice(0, 7) === from.slice(0, 7)) {
    const prevFrom = addMonths(from, -1);
    if (r.to === endOfMonth(r.to)) return { from: prevFrom, to: endOfMonth(prevFrom) };
    const days = rangeLength(r);
    const prevEnd = endOfMonth(prevFrom);
    const candidate = addDays(prevFrom, days - 1);
    return { from: prevFrom, to: candidate > prevEnd ? prevEnd : candidate };
  }
  const days = rangeLength(r);
  return { from: addDays(from, -days), to: addDays(from, -1) };
}

export type Granularity = 'day' | 'week' | 'month' | 'quarter' | 'year';
export const GRANULARITIES: readonly Granularity[] = ['day', 'week', 'month', 'quarter', 'year'];

function bucketStart(d: IsoDate, g: Granularity): IsoDate {
  switch (g) {
    case 'day':
      return d;
    case 'week':
      return startOfWeek(d);
    case 'month':
      return startOfMonth(d);
    case 'quarter':
      return startOfQuarter(d);
    case 'year':
      return startOfYear(d);
  }
}

export function nextBucketStart(start: IsoDate, g: Granularity): IsoDate {
  switch (g) {
    case 'day':
      return addDays(start, 1);
    case 'week':
      return addDays(start, 7);
    case 'month':
      return addMonths(start, 1);
    case 'quarter':
      return addMonths(start, 3);
    case 'year':
      return addMonths(start, 12);
  }
}

/** The last `periods` calendar buckets ending with the one that holds `end`, oldest first. */
export function trendBuckets(end: IsoDate, g: Granularity, periods: number): DateRange[] {
  const buckets: DateRange[] = [];
  let start = bucketStart(end, g);
  for (let i = 0; i < periods; i++) {
    buckets.unshift({ from: start, to: addDays(nextBucketStart(start, g), -1) });
    start = bucketStart(addDays(start, -1), g);
  }
  return buckets;
}

/**
 * Cut an inclusive range into whole calendar months plus the partial days before and after them, so a sum
 * can read a monthly rollup for the middle and a daily one only for the edges. Empty parts are null.
 * `months` is given as `YYYY-MM` bounds.
 */
export interface MonthSplit {
  head: DateRange | null;
  months: { from: string; to: string } | null;
  tail: DateRange | null;
}

export function splitByMonths(r: DateRange): MonthSplit {
  const firstFull = r.from === startOfMonth(r.from) ? r.from : addMonths(startOfMonth(r.from), 1);
  const lastFullEnd = r.to === endOfMonth(r.to) ? r.to : addDays(startOfMonth(r.to), -1);
  if (firstFull > lastFullEnd) return { head: r, months: null, tail: null };
  return {
    head: r.from < firstFull ? { from: r.from, to: addDays(firstFull, -1) } : null,
    months: { from: firstFull.slice(0, 7), to: lastFullEnd.slice(0, 7) },
    tail: lastFullEnd < r.to ? { from: addDays(lastFullEnd, 1), to: r.to } : null,
  };
}
