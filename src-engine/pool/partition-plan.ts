/**
 * How one company's recalculation is cut into worker tasks. Expenses and invoices (the big tables) are split
 * into date ranges of about equal row counts; clients and quotes (small) go in one task (`people`).
 *
 * A rollup keyed by the partition date (expense_daily by expense date; invoice_issued_daily, open_invoice_daily,
 * client_revenue_daily by issue date) gets disjoint keys from different partitions. Three can straddle:
 * invoice_paid_daily (keyed by paid date), client_revenue_monthly (a month can hold a cut) and client_totals
 * (keyed by client; the people task gives every client its row, invoice slices add theirs). Every non-key
 * rollup column is a sum or a count, so the swap merges partial rows by adding them (an upsert).
 */
import type { Database } from 'better-sqlite3';
import type { PartitionTask, SourceTable } from '../workers/task-types.js';

export interface PlannedPartition {
  task: PartitionTask;
  /** The source table split by date, and the range, for matching concurrent writes to partitions. */
  source: SourceTable | null;
  from: string | null;
  to: string | null;
}

/** Fewer rows than this per partition and the thread hand-off costs more than it saves. */
const MIN_ROWS_PER_PARTITION = 20_000;

/**
 * Rows per day, from the rollup that counts them (~1% of the raw rows, read in key order): only sizes the
 * slices, so a wrong rollup (the reason to recalculate) can make them uneven but never wrong. Falls back to
 * the raw table's (company_id, date) index when the rollup has nothing.
 */
function dayCounts(db: Database, table: 'expenses' | 'invoices', companyId: number): [string, number][] {
  const rollup = table === 'expenses' ? 'expense_daily' : 'invoice_issued_daily';
  const fromRollup = db
    .prepare(`SELECT day, SUM(count) FROM ${rollup} WHERE company_id = ? GROUP BY day ORDER BY day`)
    .raw()
    .all(companyId) as [string, number][];
  if (fromRollup.some(([, n]) => n > 0)) return fromRollup;
  const col = table === 'expenses' ? 'date' : 'issue_date';
  return db.prepare(`SELECT ${col}, COUNT(*) FROM ${table} WHERE company_id = ? GROUP BY ${col} ORDER BY ${col}`).raw().all(companyId) as [
    string,
    number,
  ][];
}

/** Date boundaries cutting the company's rows of `table` into up to `parts` slices of about equal size. */
function boundaries(db: Database, table: 'expenses' | 'invoices', companyId: number, parts: number, minRows: number): string[] {
  const days = dayCounts(db, table, companyId);
  const count = days.reduce((a, [, n]) => a + n, 0);
  const n = Math.max(1, Math.min(parts, Math.floor(count / Math.max(1, minRows))));
  const cuts: string[] = [];
  let seen = 0;
  for (const [day, rows] of days) {
    // Cut before `day` once the rows before it reach the next share.
    if (cuts.length < n - 1 && seen >= (count * (cuts.length + 1)) / n && seen > 0) cuts.push(day);
    seen += rows;
  }
  return cuts;
}

function ranges(cuts: string[]): { from: string | null; to: string | null }[] {
  const edges = [null, ...cuts, null];
  return edges.slice(0, -1).map((from, i) => ({ from, to: edges[i + 1] ?? null }));
}

export function planPartitions(
  db: Database,
  dbPath: string,
  companyId: number,
  threads: number,
  minRows = MIN_ROWS_PER_PARTITION,
): PlannedPartition[] {
  const plan: PlannedPartition[] = [];
  const task = (kind: PartitionTask['kind'], from: string | null, to: string | null): PartitionTask => ({
    dbPath,
    companyId,
    kind,
    from,
    to,
  });
  // Slices finish unevenly, so there are about twice as many tasks as threads, and piscina hands them out in
  // order: the costlier invoice slices (~4× an expense row per row) first, small tasks last to fill the gaps.
  for (const r of ranges(boundaries(db, 'invoices', companyId, threads, minRows))) {
    plan.push({ task: task('invoices', r.from, r.to), source: 'invoices', ...r });
  }
  for (const r of ranges(boundaries(db, 'expenses', companyId, threads * 2, minRows))) {
    plan.push({ task: task('expenses', r.from, r.to), source: 'expenses', ...r });
  }
  plan.push({ task: task('people', null, null), source: null, from: null, to: null });
  return plan;
}
