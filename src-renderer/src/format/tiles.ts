/**
 * The eight KPI tiles as data, derived from the overview, stats, trends and live views. Pure, so the tile
 * maths (which change, which direction is good, which series) is unit-tested apart from React.
 */
import type { OverviewResult, RealtimeResult, StatsResult, TrendsResult } from '../../../src-engine/core/views/types.js';
import type { ApiInput } from '../../../src-engine/core/api/index.js';

/** The expenses, invoices and clients lists take the same query. */
type ListQuery = ApiInput<'expenses.list'>;

export type TileId = 'revenue' | 'expenses' | 'profit' | 'margin' | 'outstanding' | 'overdue' | 'active-clients' | 'pending-invoices';
export type TileUnit = 'money' | 'percent' | 'count';

/** Where a click on a tile or chart leads: the filtered list behind the figure. */
export interface DrillTarget {
  list: 'expenses' | 'invoices' | 'clients';
  title: string;
  query: ListQuery;
}

export interface Tile {
  id: TileId;
  label: string;
  unit: TileUnit;
  /** Raw value: minor units for money, percent for margin, a count otherwise; null when undefined. */
  value: number | null;
  change: number | null;
  changeUnit: '%' | 'pts';
  /** What the change compares with: "previous period", "yesterday", or a balance's date ("31 Oct"). */
  changeBasis: string;
  higherIsBetter: boolean;
  spark: number[];
  /** Secondary line, e.g. the overdue invoice count. */
  note?: { value: number; unit: 'money' | 'count'; label: string };
  drill?: DrillTarget;
}

export interface TileInputs {
  overview: OverviewResult;
  stats?: StatsResult | undefined;
  trends?: TrendsResult | undefined;
  realtime?: RealtimeResult | undefined;
}

/** "31 Oct" (and the year when it is not the period's): the day a balance is compared with. */
function shortDate(iso: string, currentYear?: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  const sameYear = currentYear === undefined || iso.slice(0, 4) === currentYear;
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }), timeZone: 'UTC' });
}

function marginSeries(t: TrendsResult | undefined): number[] {
  // a bucket without revenue has no margin; 0 keeps the line continuous and is what the tile shows as "—"
  return (t?.buckets ?? []).map((b) => (b.revenue === 0 ? 0 : (b.profit / b.revenue) * 100));
}

export function buildTiles({ overview: o, stats, trends, realtime }: TileInputs): Tile[] {
  const company = o.company.id;
  const range = { company, from: o.period.from, to: o.period.to };
  const series = (k: 'revenue' | 'expenses' | 'profit') => (trends?.buckets ?? []).map((b) => b[k]);
  const pending = realtime?.metrics.pending_invoices;
  // Balance tiles (outstanding, overdue) are taken on one day and compared with the previous period's end.
  const asOf = o.balances_as_of;
  const balanceBasis = shortDate(o.balances_compared_with, asOf.slice(0, 4));
  // Each list behind a tile holds exactly the rows its figure sums (the list shows that sum).
  const revenueRows: ListQuery = o.basis === 'cash' ? { ...range, date_field: 'paid', status: 'paid' } : { ...range, status: 'revenue' };
  return [
    {
      id: 'revenue',
      label: 'Revenue',
      unit: 'money',
      value: o.revenue.value,
      change: o.revenue.change_pct,
      changeUnit: '%',
      changeBasis: 'previous period',
      higherIsBetter: true,
      spark: series('revenue'),
      drill: {
        list: 'invoices',
        title:
          o.basis === 'cash'
            ? `Invoices paid ${o.period.from} – ${o.period.to}`
            : `Invoices issued ${o.period.from} – ${o.period.to} (not draft or cancelled)`,
        query: revenueRows,
      },
    },
    {
      id: 'expenses',
      label: 'Expenses',
      unit: 'money',
      value: o.expenses.value,
      change: o.expenses.change_pct,
      changeUnit: '%',
      changeBasis: 'previous period',
      higherIsBetter: false,
      spark: series('expenses'),
      drill: { list: 'expenses', title: `Expenses ${o.period.from} – ${o.period.to}`, query: { ...range } },
    },
    {
      id: 'profit',
      label: 'Net profit',
      unit: 'money',
      value: o.net_profit.value,
      change: o.net_profit.change_pct,
      changeUnit: '%',
      changeBasis: 'previous period',
      higherIsBetter: true,
      spark: series('profit'),
    },
    {
      id: 'margin',
      label: 'Profit margin',
      unit: 'percent',
      value: o.profit_margin.value,
      change: o.profit_margin.change_points,
      changeUnit: 'pts',
      changeBasis: 'previous period',
      higherIsBetter: true,
      spark: marginSeries(trends),
    },
    {
      id: 'outstanding',
      label: 'Outstanding',
      unit: 'money',
      value: o.outstanding.value,
      change: o.outstanding.change_pct,
      changeUnit: '%',
      changeBasis: balanceBasis,
      higherIsBetter: false,
      spark: [],
      drill: { list: 'invoices', title: `Invoices owed on ${asOf}`, query: { company, status: 'open', as_of: asOf } },
    },
    {
      id: 'overdue',
      label: 'Overdue',
      unit: 'money',
      value: o.overdue.amount.value,
      change: o.overdue.amount.change_pct,
      changeUnit: '%',
      changeBasis: balanceBasis,
      higherIsBetter: false,
      spark: [],
      note: { value: o.overdue.count.value, unit: 'count', label: 'invoices overdue' },
      drill: { list: 'invoices', title: `Overdue invoices on ${asOf}`, query: { company, status: 'overdue', as_of: asOf } },
    },
    {
      id: 'active-clients',
      label: 'Active clients',
      unit: 'count',
      value: o.clients.active.value,
      change: o.clients.active.change_pct,
      changeUnit: '%',
      changeBasis: 'previous period',
      higherIsBetter: true,
      spark: [],
      drill: { list: 'clients', title: `Active clients on ${o.period.to}`, query: { company, active: true, created_to: o.period.to } },
    },
    {
      id: 'pending-invoices',
      label: 'Pending invoices',
      unit: 'count',
      value: stats?.pending_invoices.count ?? pending?.value ?? null,
      change: pending?.change_pct ?? null,
      changeUnit: '%',
      changeBasis: 'yesterday',
      higherIsBetter: false,
      spark: [],
      ...(stats ? { note: { value: stats.pending_invoices.amount, unit: 'money', label: 'owed' } } : {}),
      drill: {
        list: 'invoices',
        title: 'Pending invoices (sent or viewed)',
        query: { company, status: 'open', ...(stats ? { as_of: stats.today } : {}) },
      },
    },
  ];
}
