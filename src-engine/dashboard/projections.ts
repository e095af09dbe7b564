/**
 * Next three months' revenue from the last (up to) six complete months by least squares, with a 95%
 * prediction band. "Complete" is relative to min(to, today): the month holding that day counts only if the
 * day is its last. Months before the company's first revenue are not history (a zero there is "no data",
 * not "no sales"); fewer than three months of history is a 422.
 */
import type { Database } from 'better-sqlite3';
import { addDays, addMonths, endOfMonth, startOfMonth, type IsoDate } from '../core/dates.js';
import { UnprocessableError } from '../core/errors.js';
import { leastSquares, predict } from '../core/kpi/fit.js';
import { round2 } from '../core/money.js';
import { loadCompany } from './company.js';
import * as q from './queries.js';
import { prepared } from '../store/statements.js';
import type { MonthPoint, ProjectionsParams, ProjectionsResult } from '../core/views/types.js';

const HISTORY_MONTHS = 6;
const MIN_HISTORY_MONTHS = 3;
const PROJECTED_MONTHS = 3;
const BAND_DESCRIPTION =
  '95% prediction interval: fitted ± t(0.975, n−2) · s · √(1 + 1/n + (x − x̄)²/Sxx), s = residual standard error; values floored at 0';

function firstRevenueDay(db: Database, company: number, basis: ProjectionsParams['basis']): IsoDate | null {
  const sql =
    basis === 'cash'
      ? 'SELECT MIN(day) FROM invoice_paid_daily WHERE company_id = ?'
      : "SELECT MIN(day) FROM invoice_issued_daily WHERE company_id = ? AND status NOT IN ('draft', 'cancelled')";
  return (prepared(db, sql).pluck().get(company) as IsoDate | null) ?? null;
}

function month(db: Database, p: ProjectionsParams, start: IsoDate): MonthPoint {
  const to = endOfMonth(start);
  return { month: start.slice(0, 7), from: start, to, revenue: q.revenue(db, p.company, start, to, p.basis).total };
}

export function projections(db: Database, p: ProjectionsParams): ProjectionsResult {
  const company = loadCompany(db, p.company);
  const anchor = p.to < p.today ? p.to : p.today;
  const lastComplete = anchor === endOfMonth(anchor) ? startOfMonth(anchor) : addMonths(startOfMonth(anchor), -1);
  const first = firstRevenueDay(db, p.company, p.basis);
  const firstMonth = first === null ? null : startOfMonth(first);

  const history: MonthPoint[] = [];
  for (let i = HISTORY_MONTHS - 1; i >= 0; i--) {
    const start = addMonths(lastComplete, -i);
    if (firstMonth !== null && start >= firstMonth) history.push(month(db, p, start));
  }
  if (history.length < MIN_HISTORY_MONTHS) {
    throw new UnprocessableError(
      `Projections need at least ${MIN_HISTORY_MONTHS} complete months of revenue history up to ${addDays(addMonths(lastComplete, 1), -1)}; ` +
        `this company has ${history.length}.`,
      { months_available: history.length, months_required: MIN_HISTORY_MONTHS },
      'insufficient_history',
    );
  }

  const fit = leastSquares(history.map((m) => m.revenue));
  const floor0 = (n: number) => Math.max(0, Math.round(n));
  const projected = Array.from({ length: PROJECTED_MONTHS }, (_, k) => {
    const start = addMonths(lastComplete, k + 1);
    const band = predict(fit, history.length + k);
    return {
      month: start.slice(0, 7),
      from: start,
      to: endOfMonth(start),
      revenue: floor0(band.value),
      lower: floor0(band.lower),
      upper: floor0(band.upper),
    };
  });

  return {
    company,
    basis: p.basis,
    method: 'least_squares',
    band: BAND_DESCRIPTION,
    confidence: 0.95,
    slope_per_month: round2(fit.slope),
    intercept: round2(fit.intercept),
    history,
    projections: projected,
  };
}
