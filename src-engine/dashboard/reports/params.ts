/**
 * Report parameters, resolved like the dashboard's (dashboard/params.ts): defaults filled, the company's today
 * included, so the resolved object is a complete cache key. Errors name the parameter (400) or the company (404).
 */
import type { Database } from 'better-sqlite3';
import { startOfYear, todayIn } from '../../core/dates.js';
import type { Basis } from '../../core/domain.js';
import { ValidationError } from '../../core/errors.js';
import { loadCompany } from '../company.js';
import { companyParam, dateParam, enumParam, intParam, MAX_PERIODS, type Query } from '../params.js';

/** `true`/`false` (text over HTTP, booleans over IPC); absent = false. */
function boolParam(q: Query, param: string): boolean {
  const v = q[param];
  if (v === undefined || v === null || v === '' || v === false || v === 'false') return false;
  if (v === true || v === 'true') return true;
  throw new ValidationError(`${param} must be true or false`, { param, value: v });
}
import { pnlPeriods } from './pnl.js';
import type { AgingParams, PnlBy, PnlParams } from '../../core/reports/types.js';

export function resolveAging(db: Database, q: Query, now: Date = new Date()): AgingParams {
  const company = companyParam(db, q);
  const today = todayIn(loadCompany(db, company).time_zone, now);
  const client = intParam(q, 'client', 1, Number.MAX_SAFE_INTEGER) ?? null;
  const detail = client !== null || boolParam(q, 'detail');
  return { report: 'aging', company, as_of: dateParam(q, 'as_of') ?? today, today, detail, client };
}

/** Default range: the year to date. At most MAX_PERIODS periods. */
export function resolvePnl(db: Database, q: Query, now: Date = new Date()): PnlParams {
  const company = companyParam(db, q);
  const today = todayIn(loadCompany(db, company).time_zone, now);
  const to = dateParam(q, 'to') ?? today;
  const from = dateParam(q, 'from') ?? startOfYear(to);
  if (from > to) throw new ValidationError(`from (${from}) must not be after to (${to})`, { param: 'from', value: from });
  const by = enumParam<PnlBy>(q, 'by', ['month', 'quarter']) ?? 'month';
  const basis = enumParam<Basis>(q, 'basis', ['accrual', 'cash']) ?? 'accrual';
  if (pnlPeriods(from, to, by).length > MAX_PERIODS) {
    throw new ValidationError(`to must be at most ${MAX_PERIODS} ${by}s after from`, { param: 'to', value: to });
  }
  return { report: 'pnl', company, from, to, basis, by, today };
}
