/** The seven KPIs, each with its previous-equal-window value, change, direction and target achievement. */
import type { Database } from 'better-sqlite3';
import { previousEqualWindow } from '../core/dates.js';
import { averageDays } from '../core/kpi/averages.js';
import { achievementPct, changeOf, changePoints, trendOf, trendOfPoints } from '../core/kpi/trend.js';
import { percentOf } from '../core/money.js';
import { header } from './figures.js';
import * as q from './queries.js';
import type { Kpi, KpiId, KpiUnit, KpisParams, KpisResult } from '../core/views/types.js';

/** Targets from the spec, in the KPI's unit (percent). */
const KPI_TARGETS = { profit_margin: 20, revenue_growth: 10 } as const;

function kpi(
  id: KpiId,
  name: string,
  unit: KpiUnit,
  current: number | null,
  previous: number | null,
  higherIsBetter = true,
  target: number | null = null,
): Kpi {
  const isPercent = unit === 'percent';
  return {
    id,
    name,
    unit,
    current,
    previous,
    change: isPercent ? changePoints(current, previous) : changeOf(current, previous),
    trend: isPercent ? trendOfPoints(current, previous) : trendOf(current, previous),
    higher_is_better: higherIsBetter,
    target,
    achievement_pct: achievementPct(current, target),
  };
}

export function kpis(db: Database, p: KpisParams): KpisResult {
  const h = header(db, p);
  const prev = h.previous_period;
  const prev2 = previousEqualWindow(prev);
  const c = p.company;

  const rev = q.revenue(db, c, p.from, p.to, p.basis).total;
  const revPrev = q.revenue(db, c, prev.from, prev.to, p.basis).total;
  const revPrev2 = q.revenue(db, c, prev2.from, prev2.to, p.basis).total;
  const exp = q.expenses(db, c, p.from, p.to).total;
  const expPrev = q.expenses(db, c, prev.from, prev.to).total;
  const issued = q.revenue(db, c, p.from, p.to, 'accrual').count;
  const issuedPrev = q.revenue(db, c, prev.from, prev.to, 'accrual').count;
  const paid = q.paid(db, c, p.from, p.to);
  const paidPrev = q.paid(db, c, prev.from, prev.to);
  const overdueRatio = (asOf: string) =>
    percentOf(q.overdueAsOf(db, c, q.asOfDay(asOf, p.today)).total, q.openAsOf(db, c, q.asOfDay(asOf, p.today)).total);

  return {
    ...h,
    kpis: [
      kpi('total_revenue', 'Total Revenue', 'money', rev, revPrev),
      kpi(
        'profit_margin',
        'Profit Margin',
        'percent',
        percentOf(rev - exp, rev),
        percentOf(revPrev - expPrev, revPrev),
        true,
        KPI_TARGETS.profit_margin,
      ),
      kpi('invoices_issued', 'Invoices Issued', 'count', issued, issuedPrev),
      kpi('new_clients', 'New Clients', 'count', q.newClients(db, c, p.from, p.to), q.newClients(db, c, prev.from, prev.to)),
      kpi(
        'revenue_growth',
        'Revenue Growth',
        'percent',
        changeOf(rev, revPrev),
        changeOf(revPrev, revPrev2),
        true,
        KPI_TARGETS.revenue_growth,
      ),
      kpi(
        'average_days_to_pay',
        'Average Days to Pay',
        'days',
        averageDays(paid.days_to_pay, paid.count),
        averageDays(paidPrev.days_to_pay, paidPrev.count),
        false,
      ),
      kpi('overdue_ratio', 'Overdue Ratio', 'percent', overdueRatio(p.to), overdueRatio(prev.to), false),
    ],
  };
}
