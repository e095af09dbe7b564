/** The overview: every headline figure for the period with its previous-equal-window value. */
import type { Database } from 'better-sqlite3';
import { addDays } from '../core/dates.js';
import { averageMoney } from '../core/kpi/averages.js';
import { percentOf } from '../core/money.js';
import { categoryShares, clientShares, figure, header, optionalFigure, percentFigure } from './figures.js';
import * as q from './queries.js';
import type { OverviewParams, OverviewResult } from '../core/views/types.js';

const TOP_N = 5;

export function overview(db: Database, p: OverviewParams): OverviewResult {
  const h = header(db, p);
  const prev = h.previous_period;
  const c = p.company;

  const rev = q.revenue(db, c, p.from, p.to, p.basis);
  const revPrev = q.revenue(db, c, prev.from, prev.to, p.basis);
  const exp = q.expenses(db, c, p.from, p.to);
  const expPrev = q.expenses(db, c, prev.from, prev.to);
  const profit = rev.total - exp.total;
  const profitPrev = revPrev.total - expPrev.total;
  // Balances as they stood at the period's end (today for a running period), compared with the balance the
  // day before the period began (the previous period's end: "vs 31 Oct" for November), not an equal window.
  const asOf = q.asOfDay(p.to, p.today);
  const asOfPrev = q.asOfDay(addDays(p.from, -1), p.today);
  const open = q.openAsOf(db, c, asOf);
  const openPrev = q.openAsOf(db, c, asOfPrev);
  const overdue = q.overdueAsOf(db, c, asOf);
  const overduePrev = q.overdueAsOf(db, c, asOfPrev);
  const quotes = q.quotes(db, c, p.from, p.to);
  const quotesPrev = q.quotes(db, c, prev.from, prev.to);
  const clientRevenue = q.revenueByClient(db, c, p.from, p.to, TOP_N);
  const accrualTotal = p.basis === 'accrual' ? rev.total : q.revenue(db, c, p.from, p.to, 'accrual').total;

  return {
    ...h,
    revenue: figure(rev.total, revPrev.total),
    expenses: figure(exp.total, expPrev.total),
    net_profit: figure(profit, profitPrev),
    profit_margin: percentFigure(percentOf(profit, rev.total), percentOf(profitPrev, revPrev.total)),
    balances_as_of: asOf,
    balances_compared_with: asOfPrev,
    outstanding: figure(open.total, openPrev.total),
    overdue: { amount: figure(overdue.total, overduePrev.total), count: figure(overdue.count, overduePrev.count) },
    clients: {
      active: figure(q.activeClientsAsOf(db, c, p.to), q.activeClientsAsOf(db, c, prev.to)),
      new: figure(q.newClients(db, c, p.from, p.to), q.newClients(db, c, prev.from, prev.to)),
    },
    invoices: {
      count: figure(rev.count, revPrev.count),
      average_value: optionalFigure(averageMoney(rev.total, rev.count), averageMoney(revPrev.total, revPrev.count)),
    },
    quotes: {
      count: figure(quotes.count, quotesPrev.count),
      converted: figure(quotes.converted, quotesPrev.converted),
      conversion_rate: percentFigure(percentOf(quotes.converted, quotes.count), percentOf(quotesPrev.converted, quotesPrev.count)),
    },
    reimbursable_expenses: figure(exp.reimbursable, expPrev.reimbursable),
    top_expense_categories: categoryShares(q.expensesByCategory(db, c, p.from, p.to).slice(0, TOP_N), exp.total),
    top_clients: clientShares(clientRevenue, accrualTotal),
  };
}
