/** Hand-computed cases: empty periods (null percentages), projections (fit and 422), realtime score direction. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { KiraError } from '../../src-engine/core/errors.js';
import { httpStatus } from '../../src-engine/service/common/error-shape.js';
import { resolveParams, runView } from '../../src-engine/dashboard/index.js';
import { openDatabase } from '../../src-engine/store/open.js';
import { tempDir } from '../helpers/tmp.js';

let tmp: ReturnType<typeof tempDir>;
let db: Database;
let company: number;
let client: number;
let n = 0;

beforeEach(() => {
  tmp = tempDir();
  db = openDatabase(tmp.path('edge.sqlite'));
  company = Number(db.prepare("INSERT INTO companies (name, created_at) VALUES ('Solo', '2024-01-01')").run().lastInsertRowid);
  client = Number(
    db.prepare("INSERT INTO clients (company_id, name, created_date) VALUES (?, 'Only', '2023-01-01')").run(company).lastInsertRowid,
  );
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

function invoice(issue: string, total: number, status = 'sent', paid: string | null = null, due = issue): void {
  db.prepare(
    `INSERT INTO invoices (company_id, number, client_id, status, issue_date, due_date, paid_date, subtotal, tax, total)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
  ).run(company, `INV-${++n}`, client, status, issue, due, paid, total, total);
}
function expense(date: string, amount: number): void {
  db.prepare("INSERT INTO expenses (company_id, date, category, amount) VALUES (?, ?, 'travel', ?)").run(company, date, amount);
}

const NOW = new Date('2024-06-15T04:00:00Z'); // 2024-06-15 in Kuala Lumpur

describe('zero denominators give null, not 0', () => {
  it('on an empty period', () => {
    const ov = runView(db, 'overview', resolveParams(db, 'overview', {}, NOW));
    expect(ov.revenue).toEqual({ value: 0, previous: 0, change_pct: null });
    expect(ov.profit_margin).toEqual({ value: null, previous: null, change_points: null });
    expect(ov.invoices.average_value).toEqual({ value: null, previous: null, change_pct: null });
    expect(ov.quotes.conversion_rate.value).toBeNull();
    expect(ov.top_expense_categories).toEqual([]);
    const k = runView(db, 'kpis', resolveParams(db, 'kpis', {}, NOW)).kpis;
    expect(k.find((x) => x.id === 'revenue_growth')?.current).toBeNull();
    expect(k.find((x) => x.id === 'overdue_ratio')?.current).toBeNull();
    expect(k.find((x) => x.id === 'profit_margin')?.achievement_pct).toBeNull();
  });

  it('with a large change that does not overflow (2,500%)', () => {
    invoice('2024-05-03', 100);
    invoice('2024-06-03', 2600);
    const ov = runView(db, 'overview', resolveParams(db, 'overview', {}, NOW));
    expect(ov.revenue).toEqual({ value: 2600, previous: 100, change_pct: 2500 });
  });
});

describe('projections', () => {
  it('422s with a clear message under 3 months of history', () => {
    invoice('2024-04-10', 1000);
    invoice('2024-05-10', 1000);
    let err: unknown;
    try {
      runView(db, 'projections', resolveParams(db, 'projections', {}, NOW));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KiraError);
    expect(httpStatus(err as KiraError)).toBe(422);
    expect((err as KiraError).message).toMatch(/at least 3 complete months/);
    expect((err as KiraError).details).toMatchObject({ months_available: 2, months_required: 3 });
  });

  it('extends an exact line with a zero-width band, ignoring the incomplete current month', () => {
    // Dec–May revenue 1000, 2000, …, 6000; June (incomplete) must not count.
    ['2023-12-05', '2024-01-05', '2024-02-05', '2024-03-05', '2024-04-05', '2024-05-05'].forEach((d, i) => invoice(d, 1000 * (i + 1)));
    invoice('2024-06-02', 99_999);
    const res = runView(db, 'projections', resolveParams(db, 'projections', {}, NOW));
    expect(res.history.map((h) => h.month)).toEqual(['2023-12', '2024-01', '2024-02', '2024-03', '2024-04', '2024-05']);
    expect(res.projections.map((p) => [p.month, p.revenue, p.lower, p.upper])).toEqual([
      ['2024-06', 7000, 7000, 7000],
      ['2024-07', 8000, 8000, 8000],
      ['2024-08', 9000, 9000, 9000],
    ]);
    expect(res.slope_per_month).toBe(1000);
  });
});

describe('realtime score direction', () => {
  it('scores rising expenses lower than falling expenses, other things equal', () => {
    expense('2024-06-14', 100);
    expense('2024-06-15', 500);
    const rising = runView(db, 'realtimeAggregate', resolveParams(db, 'realtimeAggregate', {}, NOW));
    expect(rising.metrics.daily_expenses).toMatchObject({ value: 500, previous: 100, change_pct: 400, trend: 'up' });
    db.prepare('UPDATE expenses SET amount = 10 WHERE date = ?').run('2024-06-15');
    const falling = runView(db, 'realtimeAggregate', resolveParams(db, 'realtimeAggregate', {}, NOW));
    expect(falling.metrics.daily_expenses.trend).toBe('down');
    expect(rising.score).toBeLessThan(falling.score);
    expect(rising.alerts.map((a) => a.id)).toContain('profit-negative');
  });
});

describe('clients risk', () => {
  it('marks a client owing more than 10,000.00 high risk, and a late payer by score', () => {
    invoice('2024-06-01', 1_000_001);
    let row = runView(db, 'clients', resolveParams(db, 'clients', {}, NOW)).items[0]!;
    expect(row).toMatchObject({ outstanding: 1_000_001, payment_score: null, risk: 'high' });
    db.prepare("UPDATE invoices SET status = 'paid', paid_date = '2024-06-11', due_date = '2024-06-01'").run(); // 10 days late
    row = runView(db, 'clients', resolveParams(db, 'clients', {}, NOW)).items[0]!;
    expect(row).toMatchObject({ outstanding: 0, average_days_late: 10, average_days_to_pay: 10, payment_score: 80, risk: 'medium' });
  });
});
