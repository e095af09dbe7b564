/**
 * The recalculation's verification: control totals instead of a second full recomputation.
 *
 * Each partition reports, next to its rollup rows, totals read from the same raw rows in the same snapshot
 * (row counts, Σ amount, Σ total per status and per revenue/open/paid, Σ days to pay and late…), accumulated
 * apart from the grouping. After the swap, inside the same transaction, `checkRecalculation`:
 * 1. counts the company's raw rows per table over the (company_id, date) indexes (index only, no table reads)
 *    and compares them with the partitions' counts added up: under the write lock no raw row can change, so
 *    this proves the partitions covered every row exactly once *as of the commit*: no gap or overlap between
 *    slices, no insert or delete the change feed did not report;
 * 2. sums every value column of every swapped rollup table for the company (a scan of the rollup rows, ~8×
 *    fewer than the raw rows here) and compares each with the control total it must add up to.
 *
 * A failure can catch: a slice computed wrongly or dropped, a merge or swap that lost, duplicated or altered
 * rows or touched another company's rows, a row filed under a status it does not have, rows inserted or
 * deleted behind the feed's back. It cannot catch: a value filed under the wrong key within one table with
 * the totals intact (wrong day, category or client), errors that cancel out, or an update behind the feed's
 * back that keeps the counts (another connection's commit is caught separately through `PRAGMA data_version`,
 * which makes the recalculation fall back to the full `compareRollups`). `kira check`, the tests and
 * `verify: 'full'` compare every row.
 */
import type { Database } from 'better-sqlite3';
import type { ControlTotals } from '../workers/task-types.js';

export interface ControlMismatch {
  table: string;
  /** What was summed, e.g. `SUM(amount)` or `status=paid COUNT(*)`. */
  figure: string;
  /** Name of the control total (or raw count) it must equal. */
  control: string;
  expected: number;
  actual: number;
}

export function addControlTotals(into: ControlTotals, from: ControlTotals): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/** Which sums of each rollup table must equal which control total (`key` names a ControlTotals entry). */
interface TableCheck {
  table: string;
  /**
   * Optional key column to check per value: group `g`'s sum with control suffix `.x` is checked against
   * `${prefix}${g}.x`. `complete`: every group the control totals have must appear in the table too.
   */
  groupBy?: { column: string; prefix: string; complete: boolean };
  /** With `groupBy`, `control` is the suffix after the group. */
  sums: { expr: string; control: string }[];
}

const CHECKS: TableCheck[] = [
  {
    table: 'expense_daily',
    sums: [
      { expr: 'SUM(count)', control: 'expenses.count' },
      { expr: 'SUM(amount)', control: 'expenses.amount' },
      { expr: 'SUM(reimbursable_amount)', control: 'expenses.reimbursable_amount' },
    ],
  },
  {
    table: 'invoice_issued_daily',
    sums: [
      { expr: 'SUM(count)', control: 'invoices.count' },
      { expr: 'SUM(total)', control: 'invoices.total' },
    ],
  },
  {
    table: 'invoice_issued_daily',
    groupBy: { column: 'status', prefix: 'invoices.status.', complete: true },
    sums: [
      { expr: 'SUM(count)', control: '.count' },
      { expr: 'SUM(total)', control: '.total' },
    ],
  },
  {
    table: 'invoice_paid_daily',
    sums: [
      { expr: 'SUM(count)', control: 'invoices.paid.count' },
      { expr: 'SUM(total)', control: 'invoices.paid.total' },
      { expr: 'SUM(days_to_pay_sum)', control: 'invoices.paid.days_to_pay' },
      { expr: 'SUM(days_late_sum)', control: 'invoices.paid.days_late' },
    ],
  },
  {
    table: 'open_invoice_daily',
    sums: [
      { expr: 'SUM(count)', control: 'invoices.open.count' },
      { expr: 'SUM(total)', control: 'invoices.open.total' },
    ],
  },
  {
    // An open status's rows hold every invoice of that status: a row filed under the wrong status shows here.
    table: 'open_invoice_daily',
    groupBy: { column: 'status', prefix: 'invoices.status.', complete: false },
    sums: [
      { expr: 'SUM(count)', control: '.count' },
      { expr: 'SUM(total)', control: '.total' },
    ],
  },
  {
    table: 'client_revenue_daily',
    sums: [
      { expr: 'SUM(count)', control: 'invoices.revenue.count' },
      { expr: 'SUM(total)', control: 'invoices.revenue.total' },
    ],
  },
  {
    table: 'client_revenue_monthly',
    sums: [
      { expr: 'SUM(count)', control: 'invoices.revenue.count' },
      { expr: 'SUM(total)', control: 'invoices.revenue.total' },
    ],
  },
  {
    // Only the company's own clients have rows (invoices naming another company's client are left out).
    table: 'client_totals',
    sums: [
      { expr: 'COUNT(*)', control: 'clients.count' },
      { expr: 'SUM(invoice_count)', control: 'client_invoices.count' },
      { expr: 'SUM(revenue)', control: 'client_invoices.revenue.total' },
      { expr: 'SUM(revenue_count)', control: 'client_invoices.revenue.count' },
      { expr: 'SUM(outstanding)', control: 'client_invoices.open.total' },
      { expr: 'SUM(open_count)', control: 'client_invoices.open.count' },
      { expr: 'SUM(paid_count)', control: 'client_invoices.paid.count' },
      { expr: 'SUM(days_to_pay_sum)', control: 'client_invoices.paid.days_to_pay' },
      { expr: 'SUM(days_late_sum)', control: 'client_invoices.paid.days_late' },
      { expr: 'SUM(quote_count)', control: 'client_quotes.count' },
    ],
  },
  {
    table: 'client_created_daily',
    groupBy: { column: 'active', prefix: 'clients.active.', complete: true },
    sums: [{ expr: 'SUM(count)', control: '.count' }],
  },
  {
    table: 'client_created_daily',
    sums: [{ expr: 'SUM(count)', control: 'clients.count' }],
  },
  {
    table: 'quote_daily',
    sums: [
      { expr: 'SUM(count)', control: 'quotes.count' },
      { expr: 'SUM(converted_count)', control: 'quotes.converted' },
    ],
  },
];

/** Raw tables whose row count per company is read from an index and compared with the partitions' counts. */
const RAW_COUNTS: { table: string; control: string }[] = [
  { table: 'expenses', control: 'expenses.count' },
  { table: 'invoices', control: 'invoices.count' },
  { table: 'clients', control: 'clients.count' },
  { table: 'quotes', control: 'quotes.count' },
];

/**
 * Check the swapped rollups of one company against the control totals (must run inside the swap's write
 * transaction, after the inserts). Returns the mismatches (empty when everything adds up) and the row count
 * of each rollup table.
 */
export function checkRecalculation(
  db: Database,
  companyId: number,
  control: ControlTotals,
): { mismatches: ControlMismatch[]; rollupRows: Record<string, number> } {
  const mismatches: ControlMismatch[] = [];
  const want = (key: string) => control[key] ?? 0;
  const compare = (table: string, figure: string, key: string, actual: number | null) => {
    const expected = want(key);
    if ((actual ?? 0) !== expected) mismatches.push({ table, figure, control: key, expected, actual: actual ?? 0 });
  };
  for (const { table, control: key } of RAW_COUNTS) {
    compare(table, 'COUNT(*)', key, db.prepare(`SELECT COUNT(*) FROM ${table} WHERE company_id = ?`).pluck().get(companyId) as number);
  }
  const rollupRows: Record<string, number> = {};
  for (const check of CHECKS) {
    const exprs = ['COUNT(*)', ...check.sums.map((s) => s.expr)].join(', ');
    if (!check.groupBy) {
      const [rows, ...sums] = db.prepare(`SELECT ${exprs} FROM ${check.table} WHERE company_id = ?`).raw().get(companyId) as number[];
      rollupRows[check.table] = rows ?? 0;
      check.sums.forEach((s, i) => compare(check.table, s.expr, s.control, sums[i] ?? null));
      continue;
    }
    const { column, prefix, complete } = check.groupBy;
    const seen = new Set<string>();
    const groups = db
      .prepare(`SELECT ${column}, ${exprs} FROM ${check.table} WHERE company_id = ? GROUP BY ${column}`)
      .raw()
      .all(companyId) as [string | number, number, ...number[]][];
    let rows = 0;
    for (const [group, count, ...sums] of groups) {
      rows += count;
      check.sums.forEach((s, i) => {
        const key = `${prefix}${group}${s.control}`;
        seen.add(key);
        compare(check.table, `${column}=${group} ${s.expr}`, key, sums[i] ?? null);
      });
    }
    rollupRows[check.table] = rows;
    if (!complete) continue;
    // Groups the raw rows have that the rollup lacks entirely.
    for (const key of Object.keys(control)) {
      if (!key.startsWith(prefix) || seen.has(key)) continue;
      const s = check.sums.find((x) => key.endsWith(x.control));
      if (s) compare(check.table, `${key.slice(prefix.length, key.length - s.control.length)} ${s.expr}`, key, 0);
    }
  }
  return { mismatches, rollupRows };
}
