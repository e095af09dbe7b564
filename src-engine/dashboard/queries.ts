/**
 * The rollup reads every view is built from. Each is an index range scan on a rollup table's primary key
 * (company_id first); none touches the raw expenses/invoices tables.
 */
import type { Database } from 'better-sqlite3';
import type { ExpenseCategory } from '../core/categories.js';
import { splitByMonths, type IsoDate } from '../core/dates.js';
import type { Basis } from '../core/domain.js';
import { prepared } from '../store/statements.js';

export interface SumCount {
  total: number;
  count: number;
}

const REVENUE_ACCRUAL = `SELECT COALESCE(SUM(total), 0) AS total, COALESCE(SUM(count), 0) AS count FROM invoice_issued_daily
  WHERE company_id = ? AND day BETWEEN ? AND ? AND status NOT IN ('draft', 'cancelled')`;
const REVENUE_CASH = `SELECT COALESCE(SUM(total), 0) AS total, COALESCE(SUM(count), 0) AS count FROM invoice_paid_daily
  WHERE company_id = ? AND day BETWEEN ? AND ?`;

/** Revenue and the number of invoices behind it: issued (accrual) or paid (cash) in [from, to]. */
export function revenue(db: Database, company: number, from: IsoDate, to: IsoDate, basis: Basis): SumCount {
  return prepared(db, basis === 'cash' ? REVENUE_CASH : REVENUE_ACCRUAL).get(company, from, to) as SumCount;
}

export interface ExpenseSums {
  total: number;
  count: number;
  reimbursable: number;
}

export function expenses(db: Database, company: number, from: IsoDate, to: IsoDate): ExpenseSums {
  return prepared(
    db,
    `SELECT COALESCE(SUM(amount), 0) AS total, COALESCE(SUM(count), 0) AS count, COALESCE(SUM(reimbursable_amount), 0) AS reimbursable
     FROM expense_daily WHERE company_id = ? AND day BETWEEN ? AND ?`,
  ).get(company, from, to) as ExpenseSums;
}

export interface CategorySum {
  category: ExpenseCategory;
  amount: number;
  count: number;
}

/** Expenses per category in [from, to], largest first (ties by code, so order is stable). */
export function expensesByCategory(db: Database, company: number, from: IsoDate, to: IsoDate): CategorySum[] {
  return prepared(
    db,
    `SELECT category, SUM(amount) AS amount, SUM(count) AS count FROM expense_daily
     WHERE company_id = ? AND day BETWEEN ? AND ? GROUP BY category ORDER BY amount DESC, category`,
  ).all(company, from, to) as CategorySum[];
}

/**
 * Invoices owed on `asOf`: sent or viewed **on that day** by their status history (invoice_open_span:
 * open_day <= D < close_day), so paying an invoice today leaves every earlier day's figure alone.
 */
export function openAsOf(db: Database, company: number, asOf: IsoDate): SumCount {
  return prepared(
    db,
    `SELECT COALESCE(SUM(total), 0) AS total, COUNT(*) AS count FROM invoice_open_span
     WHERE company_id = ? AND close_day > ? AND open_day <= ?`,
  ).get(company, asOf, asOf) as SumCount;
}

/** The day balance figures are taken on for a period ending `to`: that day, or today for a period still running on. */
export function asOfDay(to: IsoDate, today: IsoDate): IsoDate {
  return to < today ? to : today;
}

/** The one overdue rule: owed on `asOf` (openAsOf) and due before `asOf` (at least one day past due on D). */
export function overdueAsOf(db: Database, company: number, asOf: IsoDate): SumCount {
  return prepared(
    db,
    `SELECT COALESCE(SUM(total), 0) AS total, COUNT(*) AS count FROM invoice_open_span
     WHERE company_id = ? AND close_day > ? AND open_day <= ? AND due_day < ?`,
  ).get(company, asOf, asOf, asOf) as SumCount;
}

export interface ClientOpenSums {
  client_id: number;
  outstanding: number;
  open_count: number;
  overdue: number;
}

/** openAsOf and overdueAsOf per client. */
export function openByClientAsOf(db: Database, company: number, asOf: IsoDate): ClientOpenSums[] {
  return prepared(
    db,
    `SELECT client_id, SUM(total) AS outstanding, COUNT(*) AS open_count, SUM(CASE WHEN due_day < ? THEN total ELSE 0 END) AS overdue
     FROM invoice_open_span WHERE company_id = ? AND close_day > ? AND open_day <= ? GROUP BY client_id`,
  ).all(asOf, company, asOf, asOf) as ClientOpenSums[];
}

/** Clients with the active flag created on or before `asOf`. */
export function activeClientsAsOf(db: Database, company: number, asOf: IsoDate): number {
  return prepared(db, `SELECT COALESCE(SUM(count), 0) FROM client_created_daily WHERE company_id = ? AND active = 1 AND day <= ?`)
    .pluck()
    .get(company, asOf) as number;
}

/** Clients created in [from, to] (active or not). */
export function newClients(db: Database, company: number, from: IsoDate, to: IsoDate): number {
  return prepared(db, `SELECT COALESCE(SUM(count), 0) FROM client_created_daily WHERE company_id = ? AND day BETWEEN ? AND ?`)
    .pluck()
    .get(company, from, to) as number;
}

export interface QuoteSums {
  count: number;
  converted: number;
}

export function quotes(db: Database, company: number, from: IsoDate, to: IsoDate): QuoteSums {
  return prepared(
    db,
    `SELECT COALESCE(SUM(count), 0) AS count, COALESCE(SUM(converted_count), 0) AS converted FROM quote_daily
     WHERE company_id = ? AND day BETWEEN ? AND ?`,
  ).get(company, from, to) as QuoteSums;
}

export interface PaidSums {
  total: number;
  count: number;
  days_to_pay: number;
  days_late: number;
}

/** Invoices paid in [from, to] with their summed days to pay and days late. */
export function paid(db: Database, company: number, from: IsoDate, to: IsoDate): PaidSums {
  return prepared(
    db,
    `SELECT COALESCE(SUM(total), 0) AS total, COALESCE(SUM(count), 0) AS count,
       COALESCE(SUM(days_to_pay_sum), 0) AS days_to_pay, COALESCE(SUM(days_late_sum), 0) AS days_late
     FROM invoice_paid_daily WHERE company_id = ? AND day BETWEEN ? AND ?`,
  ).get(company, from, to) as PaidSums;
}

export interface ClientRevenueSum {
  client_id: number;
  name: string;
  total: number;
  count: number;
}

/**
 * Accrual revenue per client in [from, to] as a subquery `(client_id, total, count)`: whole months from
 * client_revenue_monthly, edge days from client_revenue_daily. Its parameters come from `clientRevenueArgs`.
 */
export const CLIENT_REVENUE_SUBQUERY = `SELECT client_id, SUM(total) AS total, SUM(count) AS count FROM (
    SELECT client_id, total, count FROM client_revenue_daily WHERE company_id = ? AND day BETWEEN ? AND ?
    UNION ALL
    SELECT client_id, total, count FROM client_revenue_monthly WHERE company_id = ? AND month BETWEEN ? AND ?
    UNION ALL
    SELECT client_id, total, count FROM client_revenue_daily WHERE company_id = ? AND day BETWEEN ? AND ?
  ) GROUP BY client_id`;

// An empty BETWEEN for the parts a range does not have.
const NOTHING = ['1', '0'] as const;

export function clientRevenueArgs(company: number, from: IsoDate, to: IsoDate): (number | string)[] {
  const { head, months, tail } = splitByMonths({ from, to });
  const part = (r: { from: string; to: string } | null) => (r ? [r.from, r.to] : [...NOTHING]);
  return [company, ...part(head), company, ...part(months), company, ...part(tail)];
}

/** Accrual revenue per client in [from, to], largest first (ties by client id). */
export function revenueByClient(db: Database, company: number, from: IsoDate, to: IsoDate, limit = -1): ClientRevenueSum[] {
  return prepared(
    db,
    `SELECT r.client_id, c.name, r.total, r.count FROM (${CLIENT_REVENUE_SUBQUERY}) r JOIN clients c ON c.id = r.client_id
     ORDER BY r.total DESC, r.client_id LIMIT ?`,
  ).all(...clientRevenueArgs(company, from, to), limit) as ClientRevenueSum[];
}
