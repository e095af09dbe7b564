/** Alerts from the live metrics and the settings' thresholds. Ids are stable per condition. */
import type { LiveSettings } from './settings.js';
import type { LiveAlert, LiveMetrics } from './types.js';

export function liveAlerts(m: LiveMetrics, s: LiveSettings): LiveAlert[] {
  const alerts: LiveAlert[] = [];
  const profit = m.daily_profit.value;
  if (profit < s.profit_critical_below) {
    alerts.push({
      id: 'profit-negative',
      level: 'critical',
      metric: 'daily_profit',
      message: "Today's profit is below the threshold: expenses exceed revenue",
      value: profit,
      threshold: s.profit_critical_below,
    });
  }
  const overdue = m.overdue_invoices.value;
  if (overdue > s.overdue_warning_above) {
    alerts.push({
      id: 'overdue-invoices-high',
      level: 'warning',
      metric: 'overdue_invoices',
      message: `${overdue} invoices are overdue (more than ${s.overdue_warning_above})`,
      value: overdue,
      threshold: s.overdue_warning_above,
    });
  }
  if (s.success_on_revenue_up && m.daily_revenue.trend === 'up') {
    alerts.push({
      id: 'revenue-up',
      level: 'success',
      metric: 'daily_revenue',
      message: 'Daily revenue is up on yesterday',
      value: m.daily_revenue.value,
      threshold: null,
    });
  }
  if (s.success_on_active_clients_up && m.active_clients.trend === 'up') {
    alerts.push({
      id: 'active-clients-up',
      level: 'success',
      metric: 'active_clients',
      message: 'Active clients are up on yesterday',
      value: m.active_clients.value,
      threshold: null,
    });
  }
  return alerts;
}
