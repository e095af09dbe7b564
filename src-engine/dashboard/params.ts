/**
 * Parameter resolution: raw query values (strings over HTTP, typed values over IPC) → fully resolved, typed
 * params with every default filled in, so the result depends on nothing else and a cache can key on them.
 * Every error is a ValidationError naming the parameter in `details.param` (400), or NotFoundError (404).
 */
import type { Database } from 'better-sqlite3';
import { GRANULARITIES, parseIsoDate, rangeLength, startOfMonth, todayIn, type Granularity, type IsoDate } from '../core/dates.js';
import type { Basis } from '../core/domain.js';
import { ValidationError } from '../core/errors.js';
import { DEFAULT_LIVE_SETTINGS } from '../core/live/settings.js';
import { oneOf } from '../core/validate/fields.js';
import { firstCompanyId, loadCompany } from './company.js';
import {
  CLIENT_SORTS,
  type ClientSort,
  type ExportFormat,
  type ExportKind,
  type ParamsByView,
  type PeriodParams,
  type SortOrder,
  type ViewName,
} from '../core/views/types.js';
import { LIMITS } from '../core/validate/limits.js';

/** Longest accepted range: 20 years of days (keeps every view's work and the export bounded). */
const MAX_RANGE_DAYS = 20 * 366;
// The API's caps (core/validate/limits.ts): the transport refuses beyond them, the resolution here the same way.
export const MAX_PERIODS = LIMITS.maxPeriods;
const MAX_PAGE_SIZE = LIMITS.maxPageSize;
const DEFAULT_PAGE_SIZE = 25;
const MAX_PAGE = LIMITS.maxPage;

export type Query = Readonly<Record<string, unknown>>;

function invalid(param: string, message: string, value: unknown): ValidationError {
  return new ValidationError(`${param} ${message}`, { param, value });
}

/** An integer given as a number or as decimal digits; `undefined` when absent or empty. */
export function intParam(q: Query, param: string, min: number, max: number): number | undefined {
  const v = q[param];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d{1,16}\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n)) throw invalid(param, 'must be an integer', v);
  if (n < min || n > max) throw invalid(param, `must be between ${min} and ${max}`, v);
  return n;
}

export function enumParam<T extends string>(q: Query, param: string, allowed: readonly T[]): T | undefined {
  const v = q[param];
  if (v === undefined || v === null || v === '') return undefined;
  // The refusal shows the value as sent (untrimmed).
  return oneOf(param, typeof v === 'string' ? v.trim() : v, allowed, (name, problem) => invalid(name, problem, v));
}

export function dateParam(q: Query, param: string): IsoDate | undefined {
  const v = q[param];
  if (v === undefined || v === null || v === '') return undefined;
  return parseIsoDate(typeof v === 'string' ? v.trim() : v, param);
}

export function companyParam(db: Database, q: Query): number {
  const id = intParam(q, 'company', 1, Number.MAX_SAFE_INTEGER) ?? firstCompanyId(db);
  loadCompany(db, id); // 404 for an unknown company
  return id;
}

function periodParams(db: Database, q: Query, now: Date): PeriodParams {
  const company = companyParam(db, q);
  const today = todayIn(loadCompany(db, company).time_zone, now);
  const fromQ = dateParam(q, 'from');
  const toQ = dateParam(q, 'to');
  // Default: the current month to date. A lone `to` means its month up to it; a lone `from`, up to today.
  const to = toQ ?? (fromQ !== undefined && fromQ > today ? fromQ : today);
  const from = fromQ ?? startOfMonth(to);
  if (from > to) throw invalid('from', `(${from}) must not be after to (${to})`, from);
  if (rangeLength({ from, to }) > MAX_RANGE_DAYS) throw invalid('to', `must be at most ${MAX_RANGE_DAYS} days after from`, to);
  const basis = enumParam<Basis>(q, 'basis', ['accrual', 'cash']) ?? 'accrual';
  return { company, from, to, basis, today };
}

function clientListParams(q: Query): { page: number; page_size: number; sort: ClientSort; order: SortOrder } {
  const sort = enumParam<ClientSort>(q, 'sort', CLIENT_SORTS) ?? 'revenue';
  return {
    page: intParam(q, 'page', 1, MAX_PAGE) ?? 1,
    page_size: intParam(q, 'page_size', 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE,
    sort,
    order: enumParam<SortOrder>(q, 'order', ['asc', 'desc']) ?? (sort === 'name' ? 'asc' : 'desc'),
  };
}

function trendParams(q: Query): { granularity: Granularity; periods: number } {
  return {
    granularity: enumParam<Granularity>(q, 'granularity', GRANULARITIES) ?? 'month',
    periods: intParam(q, 'periods', 1, MAX_PERIODS) ?? 12,
  };
}

/**
 * Resolve the query of `view`. Unknown parameters are ignored. `now` fixes the company's today (tests, and a
 * server that resolves once per request).
 */
export function resolveParams<V extends ViewName>(db: Database, view: V, query: Query = {}, now: Date = new Date()): ParamsByView[V] {
  return resolveAny(db, view, query, now) as ParamsByView[V];
}

function resolveAny(db: Database, view: ViewName, q: Query, now: Date): ParamsByView[ViewName] {
  switch (view) {
    case 'overview':
    case 'stats':
    case 'breakdown':
    case 'kpis':
    case 'projections':
      return { view, ...periodParams(db, q, now) };
    case 'trends':
      return { view, ...periodParams(db, q, now), ...trendParams(q) };
    case 'clients':
      return { view, ...periodParams(db, q, now), ...clientListParams(q) };
    case 'export':
      return {
        view,
        ...periodParams(db, q, now),
        ...trendParams(q),
        ...clientListParams(q),
        format: enumParam<ExportFormat>(q, 'format', ['csv', 'json']) ?? 'csv',
        kind: enumParam<ExportKind>(q, 'kind', ['overview', 'transactions', 'clients', 'trends']) ?? 'overview',
      };
    case 'realtimeAggregate': {
      const company = companyParam(db, q);
      const today = todayIn(loadCompany(db, company).time_zone, now);
      const basis = enumParam<Basis>(q, 'basis', ['accrual', 'cash']) ?? 'accrual';
      return { view, company, today, basis, settings: { ...DEFAULT_LIVE_SETTINGS } };
    }
    default:
      throw invalid('view', 'is not a dashboard view', view);
  }
}
