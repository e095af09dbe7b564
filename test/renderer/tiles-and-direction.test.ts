import { describe, expect, it } from 'vitest';
import type { OverviewResult } from '../../src-engine/core/views/types.js';
import { buildTiles } from '../../src-renderer/src/format/tiles.js';
import { toneOf } from '../../src-renderer/src/format/direction.js';
import { sparklinePath } from '../../src-renderer/src/format/sparkline.js';

const fig = (value: number, previous: number, change_pct: number | null) => ({ value, previous, change_pct });
const overview = {
  company: { id: 3, name: 'Acme', currency: 'MYR', time_zone: 'Asia/Kuala_Lumpur' },
  period: { from: '2024-03-01', to: '2024-03-31' },
  previous_period: { from: '2024-02-01', to: '2024-02-29' },
  basis: 'accrual',
  today: '2024-03-31',
  revenue: fig(100000, 50000, 100),
  expenses: fig(30000, 20000, 50),
  net_profit: fig(70000, 30000, 133.33),
  profit_margin: { value: 70, previous: 60, change_points: 10 },
  balances_as_of: '2024-03-31',
  balances_compared_with: '2024-02-29',
  outstanding: fig(5000, 0, null),
  overdue: { amount: fig(2000, 4000, -50), count: fig(2, 4, -50) },
  clients: { active: fig(7, 6, 16.67), new: fig(1, 0, null) },
  invoices: { count: fig(3, 2, 50), average_value: fig(33333, 25000, 33.33) },
  quotes: { count: fig(0, 0, null), converted: fig(0, 0, null), conversion_rate: { value: null, previous: null, change_points: null } },
  reimbursable_expenses: fig(0, 0, null),
  top_expense_categories: [],
  top_clients: [],
} satisfies OverviewResult;

describe('KPI tiles', () => {
  const tiles = buildTiles({ overview });
  const byId = Object.fromEntries(tiles.map((t) => [t.id, t]));
  it('has the eight tiles with raw minor-unit values', () => {
    expect(tiles.map((t) => t.id)).toEqual([
      'revenue',
      'expenses',
      'profit',
      'margin',
      'outstanding',
      'overdue',
      'active-clients',
      'pending-invoices',
    ]);
    expect(byId.revenue!.value).toBe(100000);
    expect(byId.margin!.value).toBe(70);
    expect(byId.margin!.changeUnit).toBe('pts');
    expect(byId.overdue!.note).toEqual({ value: 2, unit: 'count', label: 'invoices overdue' });
  });
  it('colours expenses going up as bad and overdue going down as good', () => {
    expect(toneOf(byId.expenses!.change, byId.expenses!.higherIsBetter)).toBe('bad');
    expect(toneOf(byId.revenue!.change, byId.revenue!.higherIsBetter)).toBe('good');
    expect(toneOf(byId.overdue!.change, byId.overdue!.higherIsBetter)).toBe('good');
    expect(toneOf(null, true)).toBe('neutral');
  });
  it('drills from expenses to the expense list of the same range and company', () => {
    expect(byId.expenses!.drill).toMatchObject({ list: 'expenses', query: { company: 3, from: '2024-03-01', to: '2024-03-31' } });
    expect(byId.overdue!.drill).toMatchObject({ list: 'invoices', query: { company: 3, status: 'overdue' } });
    // Balances: the list of what was owed on the day the tile is taken, compared with the previous period's end.
    expect(byId.overdue!.drill!.query).toMatchObject({ as_of: '2024-03-31' });
    expect(byId.outstanding!.drill!.query).toEqual({ company: 3, status: 'open', as_of: '2024-03-31' });
    expect(byId.outstanding!.changeBasis).toBe('29 Feb');
    // Revenue lists only invoices that count as revenue (accrual: not draft or cancelled).
    expect(byId.revenue!.drill!.query).toMatchObject({ status: 'revenue', from: '2024-03-01', to: '2024-03-31' });
  });
});

describe('sparklinePath', () => {
  it('puts the maximum at the top and spreads points over the width', () => {
    expect(sparklinePath([0, 10], 100, 20, 0)).toBe('M0.0,20.0 L100.0,0.0');
    expect(sparklinePath([5, 5, 5], 100, 20, 0)).toBe('M0.0,10.0 L50.0,10.0 L100.0,10.0');
    expect(sparklinePath([], 100, 20)).toBe('');
  });
});
