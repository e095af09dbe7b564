/**
 * Export rows: each kind as a column list plus a lazy iterable of flat records; the service turns them into
 * a streamed CSV or JSON download. `transactions` is the one place the dashboard reads raw rows, and it
 * streams them (`iterate()`), so a year of expenses never sits in memory.
 */
import type { Database } from 'better-sqlite3';
import { clientRows } from './clients.js';
import { overview } from './overview.js';
import { prepared } from '../store/statements.js';
import { trendSeries } from './trends.js';
import type { ExportParams, ExportRecord, ExportTable, Figure, OptionalFigure, PercentFigure } from '../core/views/types.js';

const OVERVIEW_COLUMNS = ['figure', 'unit', 'value', 'previous', 'change'] as const;
const TRANSACTION_COLUMNS = [
  'type',
  'date',
  'id',
  'number',
  'status',
  'client_id',
  'client_name',
  'category',
  'description',
  'amount',
  'reimbursable',
] as const;
const CLIENT_COLUMNS = [
  'client_id',
  'name',
  'email',
  'active',
  'revenue',
  'invoice_count',
  'average_invoice',
  'outstanding',
  'open_count',
  'quote_count',
  'paid_count',
  'average_days_to_pay',
  'average_days_late',
  'payment_score',
  'risk',
] as const;
const TREND_COLUMNS = ['from', 'to', 'revenue', 'expenses', 'profit'] as const;

function* overviewRecords(db: Database, p: ExportParams): Generator<ExportRecord> {
  const o = overview(db, { ...p, view: 'overview' });
  const fig = (name: string, unit: string, f: Figure | OptionalFigure): ExportRecord => ({
    figure: name,
    unit,
    value: f.value,
    previous: f.previous,
    change: f.change_pct,
  });
  const pct = (name: string, f: PercentFigure): ExportRecord => ({
    figure: name,
    unit: 'percent',
    value: f.value,
    previous: f.previous,
    change: f.change_points,
  });
  yield fig('revenue', 'minor', o.revenue);
  yield fig('expenses', 'minor', o.expenses);
  yield fig('net_profit', 'minor', o.net_profit);
  yield pct('profit_margin', o.profit_margin);
  yield fig('outstanding', 'minor', o.outstanding);
  yield fig('overdue_amount', 'minor', o.overdue.amount);
  yield fig('overdue_count', 'count', o.overdue.count);
  yield fig('active_clients', 'count', o.clients.active);
  yield fig('new_clients', 'count', o.clients.new);
  yield fig('invoice_count', 'count', o.invoices.count);
  yield fig('invoice_average_value', 'minor', o.invoices.average_value);
  yield fig('quote_count', 'count', o.quotes.count);
  yield pct('quote_conversion_rate', o.quotes.conversion_rate);
  yield fig('reimbursable_expenses', 'minor', o.reimbursable_expenses);
}

const TRANSACTIONS_SQL = `
  SELECT 'invoice' AS type, i.issue_date AS date, i.id AS id, i.number AS number, i.status AS status, i.client_id AS client_id, c.name AS client_name,
    NULL AS category, NULL AS description, i.total AS amount, NULL AS reimbursable
  FROM invoices i JOIN clients c ON c.id = i.client_id
  WHERE i.company_id = :company AND i.issue_date BETWEEN :from AND :to
  UNION ALL
  SELECT 'expense', e.date, e.id, NULL, NULL, e.client_id, c.name, e.category, e.description, e.amount, e.reimbursable
  FROM expenses e LEFT JOIN clients c ON c.id = e.client_id
  WHERE e.company_id = :company AND e.date BETWEEN :from AND :to
  ORDER BY date, type, id`;

function* transactionRecords(db: Database, p: ExportParams): Generator<ExportRecord> {
  for (const row of prepared(db, TRANSACTIONS_SQL).iterate({ company: p.company, from: p.from, to: p.to }) as Iterable<ExportRecord>) {
    yield row.type === 'expense' ? { ...row, reimbursable: row.reimbursable === 1 } : row;
  }
}

function* clientRecords(db: Database, p: ExportParams): Generator<ExportRecord> {
  for (const r of clientRows(db, p)) yield { ...r };
}

function* trendRecords(db: Database, p: ExportParams): Generator<ExportRecord> {
  for (const b of trendSeries(db, { ...p, view: 'trends' })) yield { ...b };
}

export function exportRows(db: Database, p: ExportParams): ExportTable {
  const filename = `kira-${p.kind}-${p.company}-${p.from}-${p.to}.${p.format}`;
  const base = { kind: p.kind, format: p.format, filename };
  switch (p.kind) {
    case 'overview':
      return { ...base, columns: OVERVIEW_COLUMNS, rows: { [Symbol.iterator]: () => overviewRecords(db, p) } };
    case 'transactions':
      return { ...base, columns: TRANSACTION_COLUMNS, rows: { [Symbol.iterator]: () => transactionRecords(db, p) } };
    case 'clients':
      return { ...base, columns: CLIENT_COLUMNS, rows: { [Symbol.iterator]: () => clientRecords(db, p) } };
    case 'trends':
      return { ...base, columns: TREND_COLUMNS, rows: { [Symbol.iterator]: () => trendRecords(db, p) } };
  }
}
