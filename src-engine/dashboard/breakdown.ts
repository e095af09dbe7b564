/** Where the money went (expenses by category) and came from (revenue by client) in the period. */
import type { Database } from 'better-sqlite3';
import { loadCompany } from './company.js';
import { categoryShares, clientShares } from './figures.js';
import * as q from './queries.js';
import type { BreakdownParams, BreakdownResult } from './types.js';

export function breakdown(db: Database, p: BreakdownParams): BreakdownResult {
  const c = p.company;
  const expensesTotal = q.expenses(db, c, p.from, p.to).total;
  const byClient = q.revenueByClient(db, c, p.from, p.to);
  const revenueTotal = byClient.reduce((s, r) => s + r.total, 0);
  return {
    company: loadCompany(db, c),
    period: { from: p.from, to: p.to },
    basis: p.basis,
    expenses_total: expensesTotal,
    categories: categoryShares(q.expensesByCategory(db, c, p.from, p.to), expensesTotal),
    revenue_total: revenueTotal,
    revenue_by_client: clientShares(byClient, revenueTotal),
  };
}
