/** Small builders shared by the views: figures with their change, category and client shares, the header. */
import { EXPENSE_CATEGORIES } from '../core/categories.js';
import { previousEqualWindow } from '../core/dates.js';
import { changeOf, changePoints } from '../core/kpi/trend.js';
import { percentOf } from '../core/money.js';
import type { Database } from 'better-sqlite3';
import { loadCompany } from './company.js';
import type { CategorySum, ClientRevenueSum } from './queries.js';
import type { CategoryShare, ClientRevenue, Figure, OptionalFigure, PercentFigure, PeriodParams, ViewHeader } from '../core/views/types.js';

export function figure(value: number, previous: number): Figure {
  return { value, previous, change_pct: changeOf(value, previous) };
}

export function optionalFigure(value: number | null, previous: number | null): OptionalFigure {
  return { value, previous, change_pct: changeOf(value, previous) };
}

export function percentFigure(value: number | null, previous: number | null): PercentFigure {
  return { value, previous, change_points: changePoints(value, previous) };
}

export function categoryShares(rows: readonly CategorySum[], total: number): CategoryShare[] {
  return rows.map((r) => ({
    code: r.category,
    label: EXPENSE_CATEGORIES[r.category],
    amount: r.amount,
    share_pct: percentOf(r.amount, total),
    count: r.count,
  }));
}

export function clientShares(rows: readonly ClientRevenueSum[], total: number): ClientRevenue[] {
  return rows.map((r) => ({
    client_id: r.client_id,
    name: r.name,
    revenue: r.total,
    invoice_count: r.count,
    share_pct: percentOf(r.total, total),
  }));
}

export function header(db: Database, p: PeriodParams): ViewHeader {
  const prev = previousEqualWindow(p);
  return {
    company: loadCompany(db, p.company),
    period: { from: p.from, to: p.to },
    previous_period: prev,
    basis: p.basis,
    today: p.today,
  };
}
