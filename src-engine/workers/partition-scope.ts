/**
 * Runs the rollup recompute queries of `store/rollups.ts` unchanged over a slice of the raw rows: TEMP views
 * named like the raw tables shadow them (SQLite resolves unqualified names in `temp` before `main`), each
 * filtered to one company and a date range. One definition of every rollup, whatever the partitioning.
 * Only ever done on a dedicated read-only connection, never on the writer.
 */
import type { Database } from 'better-sqlite3';
import { ROLLUPS } from '../store/rollups.js';
import type { PartitionResult, PartitionTask, SourceScope, SourceTable } from './task-types.js';

/** The date column each source table is partitioned on. */
export const PARTITION_COLUMN: Record<SourceTable, string> = {
  expenses: 'date',
  invoices: 'issue_date',
  clients: 'created_date',
  quotes: 'issue_date',
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function dateLiteral(d: string): string {
  // Views cannot take bound parameters; dates are validated so the literal cannot carry SQL.
  if (!ISO_DATE.test(d)) throw new Error(`Invalid partition boundary: ${d}`);
  return `'${d}'`;
}

function scopeFilter(table: SourceTable, companyId: number, scope: SourceScope): string {
  if (scope.kind === 'none') return '0';
  const parts = [`company_id = ${Math.trunc(companyId)}`];
  if (scope.kind === 'range') {
    const col = PARTITION_COLUMN[table];
    if (scope.from !== null) parts.push(`${col} >= ${dateLiteral(scope.from)}`);
    if (scope.to !== null) parts.push(`${col} < ${dateLiteral(scope.to)}`);
  }
  return parts.join(' AND ');
}

/** Compute the task's rollup tables from its slice, in one read transaction (one snapshot for all tables). */
export function computePartition(db: Database, task: PartitionTask): PartitionResult {
  const tables = Object.keys(PARTITION_COLUMN) as SourceTable[];
  const result: PartitionResult = {};
  const companies = JSON.stringify([task.companyId]);
  db.exec('BEGIN');
  try {
    for (const t of tables) {
      db.exec(`CREATE TEMP VIEW ${t} AS SELECT * FROM main.${t} WHERE ${scopeFilter(t, task.companyId, task.scopes[t])}`);
    }
    for (const name of task.tables) {
      const def = ROLLUPS.find((r) => r.table === name);
      if (!def) throw new Error(`Unknown rollup table: ${name}`);
      result[name] = db.prepare(def.recompute).raw().all({ companies }) as unknown[][];
    }
  } finally {
    for (const t of tables) db.exec(`DROP VIEW IF EXISTS temp.${t}`);
    db.exec('COMMIT');
  }
  return result;
}
