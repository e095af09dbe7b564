/**
 * Per-client figures: period revenue (client_revenue_monthly + edge days of client_revenue_daily) next to all-time behaviour (client_totals),
 * payment score and risk. Sorted in JS after computing derived columns (score, risk cannot be sorted in SQL
 * without repeating the formulas); a company has hundreds to a few thousand clients, so this stays cheap.
 */
import type { Database } from 'better-sqlite3';
import { averageDays, averageMoney } from '../core/kpi/averages.js';
import { addDays } from '../core/dates.js';
import { paymentScore } from '../core/kpi/payment.js';
import { clientRisk, overdueShare } from '../core/kpi/risk.js';
import { loadCompany } from './company.js';
import { asOfDay, CLIENT_REVENUE_SUBQUERY, clientRevenueArgs, openByClientAsOf, revenueByClient, type ClientOpenSums } from './queries.js';
import { prepared } from '../store/statements.js';
import type { ClientRow, ClientSort, ClientsParams, ClientsResult, PeriodParams, SortOrder } from '../core/views/types.js';

interface Raw {
  client_id: number;
  name: string;
  email: string | null;
  active: number;
  revenue: number;
  invoice_count: number;
  quote_count: number;
  paid_count: number;
  days_to_pay_sum: number;
  days_late_sum: number;
}

const SQL = `SELECT c.id AS client_id, c.name, c.email, c.active,
    COALESCE(r.total, 0) AS revenue, COALESCE(r.count, 0) AS invoice_count,
    t.quote_count, t.paid_count, t.days_to_pay_sum, t.days_late_sum
  FROM client_totals t
  JOIN clients c ON c.id = t.client_id
  LEFT JOIN (${CLIENT_REVENUE_SUBQUERY}) r ON r.client_id = t.client_id
  WHERE t.company_id = ?`;

const NOTHING_OPEN: ClientOpenSums = { client_id: 0, outstanding: 0, open_count: 0, overdue: 0 };

function toRow(r: Raw, open: ClientOpenSums, previous: ClientOpenSums, volume: number): ClientRow {
  const late = averageDays(r.days_late_sum, r.paid_count);
  const score = paymentScore(late);
  const { risk, reason } = clientRisk({
    outstanding: open.outstanding,
    overdue: open.overdue,
    volume,
    previous_overdue_share: overdueShare(previous.overdue, previous.outstanding),
    average_days_late: late,
  });
  return {
    client_id: r.client_id,
    name: r.name,
    email: r.email,
    active: r.active === 1,
    revenue: r.revenue,
    invoice_count: r.invoice_count,
    average_invoice: averageMoney(r.revenue, r.invoice_count),
    outstanding: open.outstanding,
    open_count: open.open_count,
    overdue: open.overdue,
    quote_count: r.quote_count,
    paid_count: r.paid_count,
    average_days_to_pay: averageDays(r.days_to_pay_sum, r.paid_count),
    average_days_late: late,
    payment_score: score,
    risk,
    risk_reason: reason,
  };
}

const RISK_RANK = { low: 0, medium: 1, high: 2 } as const;

function sortKey(row: ClientRow, sort: ClientSort): number | string | null {
  return sort === 'risk' ? RISK_RANK[row.risk] : row[sort];
}

/** Nulls always last; ties broken by client id ascending so pages never overlap. */
function compare(sort: ClientSort, order: SortOrder): (a: ClientRow, b: ClientRow) => number {
  const dir = order === 'asc' ? 1 : -1;
  return (a, b) => {
    const x = sortKey(a, sort);
    const y = sortKey(b, sort);
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1;
    } else if (x !== y) {
      if (typeof x === 'string' && typeof y === 'string') return dir * (x.localeCompare(y) || (x < y ? -1 : 1));
      return dir * (x < y ? -1 : 1);
    }
    return a.client_id - b.client_id;
  };
}

/** Every client of the company, sorted (the clients export uses the whole list). */
export function clientRows(db: Database, p: PeriodParams & { sort: ClientSort; order: SortOrder }): ClientRow[] {
  const raw = prepared(db, SQL).all(...clientRevenueArgs(p.company, p.from, p.to), p.company) as Raw[];
  const byClient = (rows: ClientOpenSums[]) => new Map(rows.map((r) => [r.client_id, r]));
  const asOf = asOfDay(p.to, p.today);
  const open = byClient(openByClientAsOf(db, p.company, asOf));
  // Each client's own volume: what it was billed over the year to the as-of date.
  const volume = new Map(revenueByClient(db, p.company, addDays(asOf, -364), asOf).map((r) => [r.client_id, r.total]));
  const previous = byClient(openByClientAsOf(db, p.company, asOfDay(addDays(p.from, -1), p.today)));
  return raw
    .map((r) => toRow(r, open.get(r.client_id) ?? NOTHING_OPEN, previous.get(r.client_id) ?? NOTHING_OPEN, volume.get(r.client_id) ?? 0))
    .sort(compare(p.sort, p.order));
}

export function clients(db: Database, p: ClientsParams): ClientsResult {
  const company = loadCompany(db, p.company);
  const rows = clientRows(db, p);
  const start = (p.page - 1) * p.page_size;
  return {
    company,
    period: { from: p.from, to: p.to },
    page: p.page,
    page_size: p.page_size,
    total: rows.length,
    total_pages: Math.ceil(rows.length / p.page_size),
    sort: p.sort,
    order: p.order,
    items: rows.slice(start, start + p.page_size),
  };
}
