/**
 * The 0–100 performance score: weighted credit per metric, 1.0 when it moves the good way, 0.7 when flat,
 * 0.3 otherwise. Expenses are good when they go *down* (the seed had this inverted, so rising costs raised
 * the score).
 */
import type { Trend } from '../kpi/trend.js';
import type { LiveMetricId } from './types.js';

const SCORE_WEIGHTS: Readonly<Record<LiveMetricId, number>> = {
  daily_revenue: 0.3,
  daily_profit: 0.25,
  daily_expenses: 0.2,
  pending_invoices: 0.15,
  overdue_invoices: 0.1,
  active_clients: 0.1,
};

/** The direction in which each metric is good news. */
const GOOD_DIRECTION: Readonly<Record<LiveMetricId, 'up' | 'down'>> = {
  daily_revenue: 'up',
  daily_profit: 'up',
  active_clients: 'up',
  daily_expenses: 'down',
  pending_invoices: 'down',
  overdue_invoices: 'down',
};

function creditFor(metric: LiveMetricId, trend: Trend): number {
  if (trend === 'flat') return 0.7;
  return trend === GOOD_DIRECTION[metric] ? 1 : 0.3;
}

/** 100 × Σ(weight × credit) / Σ weights, rounded to one decimal. */
export function liveScore(metrics: Record<LiveMetricId, { trend: Trend }>): number {
  let weighted = 0;
  let total = 0;
  for (const id of Object.keys(SCORE_WEIGHTS) as LiveMetricId[]) {
    const w = SCORE_WEIGHTS[id];
    weighted += w * creditFor(id, metrics[id].trend);
    total += w;
  }
  return Math.round((1000 * weighted) / total) / 10;
}
