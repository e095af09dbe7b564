/**
 * The dashboard views' contract (the API declarations in core/api/ name these results): fully resolved parameters and result shapes of every view (type-only, so the
 * renderer and the service import it freely). Field names are snake_case; money is integer minor units;
 * percentages are numbers and `null` where undefined. See docs/api.md for each figure's definition.
 */
import type { ExpenseCategory } from '../categories.js';
import type { Granularity, IsoDate } from '../dates.js';
import type { Basis } from '../domain.js';
import type { Risk } from '../kpi/payment.js';
import type { Trend } from '../kpi/trend.js';
import type { ScoreLevel } from '../live/score-level.js';
import type { LiveSettings } from '../live/settings.js';
import type { LiveAlert, LiveMetric, LiveMetricId } from '../live/types.js';

export type SortOrder = 'asc' | 'desc';

// ---------------------------------------------------------------------------------------------- parameters

export interface CompanyRef {
  id: number;
  name: string;
  currency: string;
  time_zone: string;
}

/** Shared by every period view. `today` is the company's today at resolution time (overdue depends on it, so a cache key must too). */
export interface PeriodParams {
  company: number;
  from: IsoDate;
  to: IsoDate;
  basis: Basis;
  today: IsoDate;
}

export interface OverviewParams extends PeriodParams {
  view: 'overview';
}
export interface StatsParams extends PeriodParams {
  view: 'stats';
}
export interface BreakdownParams extends PeriodParams {
  view: 'breakdown';
}
export interface KpisParams extends PeriodParams {
  view: 'kpis';
}
export interface ProjectionsParams extends PeriodParams {
  view: 'projections';
}

export interface TrendsParams extends PeriodParams {
  view: 'trends';
  granularity: Granularity;
  /** 1–120 buckets ending with the one that holds `to`. */
  periods: number;
}

export const CLIENT_SORTS = [
  'name',
  'revenue',
  'outstanding',
  'invoice_count',
  'quote_count',
  'average_invoice',
  'average_days_to_pay',
  'payment_score',
  'risk',
] as const;
export type ClientSort = (typeof CLIENT_SORTS)[number];

export interface ClientsParams extends PeriodParams {
  view: 'clients';
  page: number;
  page_size: number;
  sort: ClientSort;
  order: SortOrder;
}

export interface RealtimeParams {
  view: 'realtimeAggregate';
  company: number;
  today: IsoDate;
  basis: Basis;
  settings: LiveSettings;
}

export type ExportFormat = 'csv' | 'json';
export type ExportKind = 'overview' | 'transactions' | 'clients' | 'trends';

export interface ExportParams extends PeriodParams {
  view: 'export';
  format: ExportFormat;
  kind: ExportKind;
  granularity: Granularity;
  periods: number;
  sort: ClientSort;
  order: SortOrder;
}

export interface ParamsByView {
  overview: OverviewParams;
  stats: StatsParams;
  trends: TrendsParams;
  breakdown: BreakdownParams;
  kpis: KpisParams;
  clients: ClientsParams;
  projections: ProjectionsParams;
  realtimeAggregate: RealtimeParams;
  export: ExportParams;
}
export type ViewName = keyof ParamsByView;
export type ResolvedParams = ParamsByView[ViewName];

// ------------------------------------------------------------------------------------------------- results

export interface Period {
  from: IsoDate;
  to: IsoDate;
}

/** A figure compared with the previous equal window. `change_pct` is null when `previous` is 0 (or either is null). */
export interface Figure {
  value: number;
  previous: number;
  change_pct: number | null;
}

/** A figure that can be undefined (an average over nothing, a margin on zero revenue). */
export interface OptionalFigure {
  value: number | null;
  previous: number | null;
  change_pct: number | null;
}

/** A percentage compared in percentage points (margin 12% → 15% is +3 points). */
export interface PercentFigure {
  value: number | null;
  previous: number | null;
  change_points: number | null;
}

export interface ViewHeader {
  company: CompanyRef;
  period: Period;
  previous_period: Period;
  basis: Basis;
  today: IsoDate;
}

export interface CategoryShare {
  code: ExpenseCategory;
  label: string;
  amount: number;
  /** amount / all expenses in the period × 100; null when there are none. */
  share_pct: number | null;
  count: number;
}

export interface ClientRevenue {
  client_id: number;
  name: string;
  revenue: number;
  invoice_count: number;
  share_pct: number | null;
}

export interface OverviewResult extends ViewHeader {
  revenue: Figure;
  expenses: Figure;
  net_profit: Figure;
  profit_margin: PercentFigure;
  /** The day outstanding/overdue are taken on (the period's end, or today) and the day their `previous` is. */
  balances_as_of: IsoDate;
  balances_compared_with: IsoDate;
  outstanding: Figure;
  overdue: { amount: Figure; count: Figure };
  clients: { active: Figure; new: Figure };
  invoices: { count: Figure; average_value: OptionalFigure };
  quotes: { count: Figure; converted: Figure; conversion_rate: PercentFigure };
  reimbursable_expenses: Figure;
  top_expense_categories: CategoryShare[];
  /** Accrual (issue date) regardless of basis: the per-client rollup is by issue date. */
  top_clients: ClientRevenue[];
}

export interface StatsResult extends ViewHeader {
  revenue: Figure;
  expenses: Figure;
  net_profit: Figure;
  active_clients: number;
  pending_invoices: { count: number; amount: number };
  overdue: { count: number; amount: number };
}

export interface TrendBucket {
  from: IsoDate;
  to: IsoDate;
  revenue: number;
  expenses: number;
  profit: number;
}

export interface TrendsResult {
  company: CompanyRef;
  basis: Basis;
  granularity: Granularity;
  periods: number;
  buckets: TrendBucket[];
}

export interface BreakdownResult {
  company: CompanyRef;
  period: Period;
  basis: Basis;
  expenses_total: number;
  categories: CategoryShare[];
  /** Revenue on the requested basis. */
  revenue_total: number;
  /** Revenue by client is on the accrual basis whatever `basis` says; `revenue_by_client_total` is its sum. */
  revenue_by_client_basis: 'accrual';
  revenue_by_client_total: number;
  revenue_by_client: ClientRevenue[];
}

export type KpiId =
  'total_revenue' | 'profit_margin' | 'invoices_issued' | 'new_clients' | 'revenue_growth' | 'average_days_to_pay' | 'overdue_ratio';
export type KpiUnit = 'money' | 'percent' | 'count' | 'days';

export interface Kpi {
  id: KpiId;
  name: string;
  unit: KpiUnit;
  current: number | null;
  previous: number | null;
  /** Relative change (%) for money/count/days; change in points for percent KPIs. */
  change: number | null;
  trend: Trend;
  /** Whether up is the good direction (false for days to pay, overdue ratio). */
  higher_is_better: boolean;
  target: number | null;
  /** current / target × 100; null without a target or a current value. */
  achievement_pct: number | null;
}

export interface KpisResult extends ViewHeader {
  kpis: Kpi[];
}

export interface ClientRow {
  client_id: number;
  name: string;
  email: string | null;
  active: boolean;
  /** Revenue-counting invoices issued in the period. */
  revenue: number;
  invoice_count: number;
  average_invoice: number | null;
  /** Owed at the period's end (today for a running period), from the status history; `overdue` its overdue part. */
  outstanding: number;
  open_count: number;
  overdue: number;
  /** All-time figures (client_totals): quotes, paid-invoice behaviour. */
  quote_count: number;
  paid_count: number;
  average_days_to_pay: number | null;
  average_days_late: number | null;
  payment_score: number | null;
  /** From behaviour relative to the client's own volume (core/kpi/risk.ts); `risk_reason` says which rule fired. */
  risk: Risk;
  risk_reason: string;
}

export interface ClientsResult {
  company: CompanyRef;
  period: Period;
  page: number;
  page_size: number;
  total: number;
  total_pages: number;
  sort: ClientSort;
  order: SortOrder;
  items: ClientRow[];
}

export interface MonthPoint {
  month: string; // YYYY-MM
  from: IsoDate;
  to: IsoDate;
  revenue: number;
}

export interface ProjectedMonth extends MonthPoint {
  lower: number;
  upper: number;
}

export interface ProjectionsResult {
  company: CompanyRef;
  basis: Basis;
  method: 'least_squares';
  /** How the band is computed (documented text). */
  band: string;
  confidence: number;
  slope_per_month: number;
  intercept: number;
  history: MonthPoint[];
  projections: ProjectedMonth[];
}

export interface RealtimeResult {
  company: CompanyRef;
  today: IsoDate;
  yesterday: IsoDate;
  basis: Basis;
  metrics: Record<LiveMetricId, LiveMetric>;
  score: number;
  /** The score's colour band; `critical` whenever a critical alert is raised (core/live/score-level.ts). */
  score_level: ScoreLevel;
  alerts: LiveAlert[];
}

export type ExportValue = string | number | boolean | null;
export type ExportRecord = Record<string, ExportValue>;

export interface ExportTable {
  kind: ExportKind;
  format: ExportFormat;
  /** Suggested download name, e.g. `kira-overview-2024-01-01-2024-01-31.csv`. */
  filename: string;
  columns: readonly string[];
  /** Lazily produced; `transactions` streams from SQLite, so consume it before using the same connection again. */
  rows: Iterable<ExportRecord>;
}

export interface ResultByView {
  overview: OverviewResult;
  stats: StatsResult;
  trends: TrendsResult;
  breakdown: BreakdownResult;
  kpis: KpisResult;
  clients: ClientsResult;
  projections: ProjectionsResult;
  realtimeAggregate: RealtimeResult;
  export: ExportTable;
}
