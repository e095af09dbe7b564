/** The live aggregate: six metrics for today vs yesterday (company zone), the 0–100 score and alerts. */
import type { Database } from 'better-sqlite3';
import { addDays } from '../core/dates.js';
import { changeOf, trendOf } from '../core/kpi/trend.js';
import { liveAlerts } from '../core/live/alerts.js';
import { liveScore } from '../core/live/score.js';
import { scoreLevel } from '../core/live/score-level.js';
import type { LiveMetric, LiveMetrics } from '../core/live/types.js';
import { loadCompany } from './company.js';
import * as q from './queries.js';
import type { RealtimeParams, RealtimeResult } from '../core/views/types.js';

export function realtimeAggregate(db: Database, p: RealtimeParams): RealtimeResult {
  const company = loadCompany(db, p.company);
  const today = p.today;
  const yesterday = addDays(today, -1);
  const c = p.company;
  const band = p.settings.flat_band_pct;
  const metric = (value: number, previous: number): LiveMetric => ({
    value,
    previous,
    change_pct: changeOf(value, previous),
    trend: trendOf(value, previous, band),
  });

  const rev = q.revenue(db, c, today, today, p.basis).total;
  const revY = q.revenue(db, c, yesterday, yesterday, p.basis).total;
  const exp = q.expenses(db, c, today, today).total;
  const expY = q.expenses(db, c, yesterday, yesterday).total;
  // Pending/overdue as of each day from the status history: yesterday's figure is what was owed yesterday.
  const metrics: LiveMetrics = {
    daily_revenue: metric(rev, revY),
    daily_expenses: metric(exp, expY),
    daily_profit: metric(rev - exp, revY - expY),
    pending_invoices: metric(q.openAsOf(db, c, today).count, q.openAsOf(db, c, yesterday).count),
    overdue_invoices: metric(q.overdueAsOf(db, c, today).count, q.overdueAsOf(db, c, yesterday).count),
    active_clients: metric(q.activeClientsAsOf(db, c, today), q.activeClientsAsOf(db, c, yesterday)),
  };

  const score = liveScore(metrics);
  const alerts = liveAlerts(metrics, p.settings);
  return { company, today, yesterday, basis: p.basis, metrics, score, score_level: scoreLevel(score, alerts), alerts };
}
