/**
 * How one company's recalculation is cut into worker tasks. Expenses and invoices (the big tables) are split
 * into date ranges of about equal row counts; clients and quotes (small) go in one task.
 *
 * A rollup keyed by the partition date (expense_daily by expense date; invoice_issued_daily, open_invoice_daily,
 * client_revenue_daily by issue date) gets disjoint keys from different partitions. Two can straddle:
 * invoice_paid_daily (keyed by paid date), client_revenue_monthly (a month can hold a cut) and client_totals
 * (keyed by client). Every non-key rollup column is a
 * sum or a count, so the main thread merges partial rows by adding them (`merge-rows.ts`).
 */
import type { Database } from 'better-sqlite3';
import type { PartitionTask, SourceScope, SourceTable } from './task-types.js';

export interface PlannedPartition {
  task: PartitionTask;
  /** The source table split by date, and the range, for matching concurrent writes to partitions. */
  source: SourceTable | null;
  from: string | null;
  to: string | null;
}

const EXPENSE_TABLES = ['expense_daily'];
const INVOICE_TABLES = ['invoice_issued_daily', 'invoice_paid_daily', 'open_invoice_daily', 'client_revenue_daily', 'client_revenue_monthly', 'client_totals'];
// client_totals here only contributes each client's row and quote count (invoice scope is none).
const PEOPLE_TABLES = ['client_totals', 'client_created_daily', 'quote_daily'];

/** Fewer rows than this per partition and the thread hand-off costs more than it saves. */
export const MIN_ROWS_PER_PARTITION = 20_000;

/** Date boundaries cutting the company's rows of `table` into `parts` slices of about equal size. */
function boundaries(db: Database, table: 'expenses' | 'invoices', companyId: number, parts: number, minRows: number): string[] {
  const col = table === 'expenses' ? 'date' : 'issue_date';
  // Both reads walk the (company_id, date) index only: cheap next to the aggregation itself.
  const count = db.prepare(`SELECT COUNT(*) FROM ${table} WHERE company_id = ?`).pluck().get(companyId) as number;
  const n = Math.max(1, Math.min(parts, Math.floor(count / Math.max(1, minRows))));
  const at = db.prepare(`SELECT ${col} FROM ${table} WHERE company_id = ? ORDER BY ${col} LIMIT 1 OFFSET ?`).pluck();
  const cuts: string[] = [];
  for (let i = 1; i < n; i++) {
    const d = at.get(companyId, Math.floor((count * i) / n)) as string | undefined;
    if (d !== undefined && d !== cuts[cuts.length - 1]) cuts.push(d);
  }
  return cuts;
}

function ranges(cuts: string[]): { from: string | null; to: string | null }[] {
  const edges = [null, ...cuts, null];
  return edges.slice(0, -1).map((from, i) => ({ from, to: edges[i + 1] ?? null }));
}

const NONE: SourceScope = { kind: 'none' };
const ALL: SourceScope = { kind: 'all' };

export function planPartitions(
  db: Database,
  dbPath: string,
  companyId: number,
  threads: number,
  minRows = MIN_ROWS_PER_PARTITION,
): PlannedPartition[] {
  const plan: PlannedPartition[] = [];
  const task = (tables: string[], scopes: Record<SourceTable, SourceScope>): PartitionTask => ({ dbPath, companyId, tables, scopes });
  // Twice as many expense slices as threads: the slices finish unevenly, and small last tasks fill the gaps.
  for (const r of ranges(boundaries(db, 'expenses', companyId, threads * 2, minRows))) {
    const scopes = { expenses: { kind: 'range', ...r } as const, invoices: NONE, clients: NONE, quotes: NONE };
    plan.push({ task: task(EXPENSE_TABLES, scopes), source: 'expenses', ...r });
  }
  for (const r of ranges(boundaries(db, 'invoices', companyId, threads, minRows))) {
    const scopes = { expenses: NONE, invoices: { kind: 'range', ...r } as const, clients: ALL, quotes: NONE };
    plan.push({ task: task(INVOICE_TABLES, scopes), source: 'invoices', ...r });
  }
  plan.push({ task: task(PEOPLE_TABLES, { expenses: NONE, invoices: NONE, clients: ALL, quotes: ALL }), source: null, from: null, to: null });
  return plan;
}
