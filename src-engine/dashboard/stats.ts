/** The quick tiles: revenue/profit/expenses for the period with change, active clients, pending and overdue now. */
import type { Database } from 'better-sqlite3';
import { figure, header } from './figures.js';
import * as q from './queries.js';
import type { StatsParams, StatsResult } from '../core/views/types.js';

export function stats(db: Database, p: StatsParams): StatsResult {
  const h = header(db, p);
  const prev = h.previous_period;
  const c = p.company;
  const rev = q.revenue(db, c, p.from, p.to, p.basis).total;
  const revPrev = q.revenue(db, c, prev.from, prev.to, p.basis).total;
  const exp = q.expenses(db, c, p.from, p.to).total;
  const expPrev = q.expenses(db, c, prev.from, prev.to).total;
  // Pending and overdue are "now" tiles: owed as of the company's today (one as-of rule, docs/dashboard.md).
  const pending = q.openAsOf(db, c, p.today);
  const overdue = q.overdueAsOf(db, c, p.today);
  return {
    ...h,
    revenue: figure(rev, revPrev),
    expenses: figure(exp, expPrev),
    net_profit: figure(rev - exp, revPrev - expPrev),
    active_clients: q.activeClientsAsOf(db, c, p.to),
    pending_invoices: { count: pending.count, amount: pending.total },
    overdue: { count: overdue.count, amount: overdue.total },
  };
}
