/** Thresholds of the live view. Settings, not constants, so the accountant can tune them (spec: "Thresholds are settings"). */
export interface LiveSettings {
  /** `critical` alert when today's profit (minor units) is below this; spec: negative profit → 0. */
  profit_critical_below: number;
  /** `warning` alert when more than this many invoices are overdue. */
  overdue_warning_above: number;
  /** Relative change (percent) inside which a metric counts as flat. */
  flat_band_pct: number;
  /** Raise `success` alerts when daily revenue / active clients trend up. */
  success_on_revenue_up: boolean;
  success_on_active_clients_up: boolean;
}

export const DEFAULT_LIVE_SETTINGS: Readonly<LiveSettings> = Object.freeze({
  profit_critical_below: 0,
  overdue_warning_above: 5,
  flat_band_pct: 1,
  success_on_revenue_up: true,
  success_on_active_clients_up: true,
});
