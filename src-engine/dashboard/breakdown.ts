/** Where the money went (expenses by category) and came from (revenue by client) in the period. */
import type { Database } from 'better-sqlite3';
import { loadCompany } from './company.js';
import { categoryShares, clientShares } from './figures.js';
import * as q from './queries.js';
import type { BreakdownParams, BreakdownResult } from '../core/views/types.js';

export function breakdown(db: Database, p: BreakdownParams): BreakdownResult {
  const c = p.company;
  const expensesTotal = q.expenses(db, c, p.from, p.to).total;
  const byClient = q.revenueByClient(db, c, p.from, p.to);
  // Revenue by client is kept on the accrual basis only (issue date); its own total says so beside the basis total.
  const byClientTotal = byClient.reduce((s, r) => s + r.total, 0);
  return {
    company: loadCompany(db, c),
    period: { from: p.from, to: p.to },
    basis: p.basis,
    expenses_total: expensesTotal,
    categories: categoryShares(q.expensesByCategory(db, c, p.from, p.to), expensesTotal),
    revenue_total: p.basis === 'accrual' ? byClientTotal : q.revenue(db, c, p.from, p.to, p.basis).total,
    revenue_by_client_basis: 'accrual',
    revenue_by_client_total: byClientTotal,
    revenue_by_client: clientShares(byClient, byClientTotal),
  };
}
