/** Shapes of the live view (pure; the dashboard's result types re-export them). */
import type { Trend } from '../kpi/trend.js';

export type LiveMetricId = 'daily_revenue' | 'daily_expenses' | 'daily_profit' | 'pending_invoices' | 'overdue_invoices' | 'active_clients';

/** Today's value vs yesterday's. Money metrics in minor units; the others are counts. */
export interface LiveMetric {
  value: number;
  previous: number;
  change_pct: number | null;
  trend: Trend;
}

export type LiveMetrics = Record<LiveMetricId, LiveMetric>;

export type AlertLevel = 'critical' | 'warning' | 'success';

export interface LiveAlert {
  /** Stable per condition (e.g. `profit-negative`), so a subscriber can de-duplicate. */
  id: string;
  level: AlertLevel;
  metric: LiveMetricId;
  message: string;
  value: number;
  threshold: number | null;
}
