/**
 * Profit and loss by month or quarter over [from, to] (edge periods clipped to the range), each beside the same
 * dates one year earlier. Revenue on the requested basis (accrual: issued, not draft/cancelled; cash: paid);
 * expenses by category; net = revenue − expenses. Every figure is a rollup range read (queries.ts).
 */
import type { Database } from 'better-sqlite3';
import { CATEGORY_CODES, type ExpenseCategory } from '../../core/categories.js';
import { addDays, addMonths, endOfMonth, nextBucketStart, startOfMonth, startOfQuarter, type IsoDate } from '../../core/dates.js';
import type { Basis } from '../../core/domain.js';
import { loadCompany } from '../company.js';
import * as q from '../queries.js';
import type { PnlBy, PnlFigures, PnlParams, PnlPeriod, PnlResult } from '../../core/reports/types.js';

/** The periods of [from, to]: calendar months or quarters, the first and last clipped to the range. */
export function pnlPeriods(from: IsoDate, to: IsoDate, by: PnlBy): { from: IsoDate; to: IsoDate }[] {
  const out: { from: IsoDate; to: IsoDate }[] = [];
  let start = by === 'month' ? startOfMonth(from) : startOfQuarter(from);
  while (start <= to) {
    const next = nextBucketStart(start, by);
    const end = addDays(next, -1);
    out.push({ from: start < from ? from : start, to: end > to ? to : end });
    start = next;
  }
  return out;
}

/** The same day a year earlier; a month's last day stays a month's last day (29 Feb ↔ 28 Feb). */
function yearEarlier(d: IsoDate): IsoDate {
  const back = addMonths(d, -12);
  return d === endOfMonth(d) ? endOfMonth(back) : back;
}

function categories(db: Database, company: number, from: IsoDate, to: IsoDate): Record<ExpenseCategory, number> {
  const out = Object.fromEntries(CATEGORY_CODES.map((c) => [c, 0])) as Record<ExpenseCategory, number>;
  for (const r of q.expensesByCategory(db, company, from, to)) out[r.category] = r.amount;
  return out;
}

function figures(db: Database, company: number, from: IsoDate, to: IsoDate, basis: Basis) {
  const byCategory = categories(db, company, from, to);
  const revenue = q.revenue(db, company, from, to, basis).total;
  const expenses = Object.values(byCategory).reduce((s, v) => s + v, 0);
  return { revenue, expenses, net: revenue - expenses, expenses_by_category: byCategory };
}

const add = (a: PnlFigures, b: PnlFigures): PnlFigures => ({
  revenue: a.revenue + b.revenue,
  expenses: a.expenses + b.expenses,
  net: a.net + b.net,
});

export function pnl(db: Database, p: PnlParams): PnlResult {
  const company = loadCompany(db, p.company);
  const periods: PnlPeriod[] = pnlPeriods(p.from, p.to, p.by).map((r) => {
    const prev = { from: yearEarlier(r.from), to: yearEarlier(r.to) };
    return {
      ...r,
      ...figures(db, p.company, r.from, r.to, p.basis),
      previous_year: { ...prev, ...figures(db, p.company, prev.from, prev.to, p.basis) },
    };
  });
  const zero: PnlFigures = { revenue: 0, expenses: 0, net: 0 };
  const byCategory = Object.fromEntries(
    CATEGORY_CODES.map((c) => [c, periods.reduce((s, x) => s + x.expenses_by_category[c], 0)]),
  ) as Record<ExpenseCategory, number>;
  const total = periods.reduce((s, x) => add(s, x), zero);
  const previous = periods.reduce((s, x) => add(s, x.previous_year), zero);
  return {
    company: company.id,
    company_name: company.name,
    currency: company.currency,
    basis: p.basis,
    from: p.from,
    to: p.to,
    by: p.by,
    periods,
    totals: { ...total, expenses_by_category: byCategory, previous_year: previous },
  };
}
