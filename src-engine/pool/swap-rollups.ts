/**
 * The swap: put the partitions' rollup rows in place of the company's stored ones (inside the caller's write
 * transaction). Rewriting ~130k rollup rows cost ~0.5 s of single-threaded B-tree work, while a
 * recalculation mostly finds most tables already right; so each table's computed rows, as JSON, are
 * compared with the stored rows serialised by SQLite the same way (key order, same number formatting), and
 * only a table that differs is rewritten: DELETE the company's rows, then one INSERT … FROM json_each per
 * partition, adding up rows whose key an earlier partition already inserted. Any formatting or ordering
 * difference just means a rewrite, never a wrong result; the control totals check the outcome either way.
 */
import type { Database } from 'better-sqlite3';
import { ROLLUPS, type RollupDefinition } from '../store/rollups.js';
import type { PartitionResult } from '../workers/task-types.js';

/**
 * Tables whose keys can straddle partitions (see partition-plan.ts): their partial rows are merged (summed)
 * in SQLite before the comparison. For these, `keyColumns` is the primary key order.
 */
const STRADDLING = new Set(['invoice_paid_daily', 'client_revenue_monthly', 'client_totals']);

function upsertSql(def: RollupDefinition): string {
  const values = def.columns.filter((c) => !def.keyColumns.includes(c));
  return `INSERT INTO ${def.table} (${def.columns.join(', ')})
    SELECT ${def.columns.map((_, i) => `value->>${i}`).join(', ')} FROM json_each(?) WHERE true
    ON CONFLICT DO UPDATE SET ${values.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`;
}

/** The partitions' JSON arrays of one table as one array (partitions are in key order: date slices ascending). */
function concatenated(parts: readonly string[]): string {
  return `[${parts.map((p) => p.slice(1, -1)).join(',')}]`;
}

function merged(db: Database, def: RollupDefinition, parts: readonly string[]): string {
  if (parts.length <= 1) return parts[0] ?? '[]';
  const keys = def.keyColumns.map((_, i) => `c${i}`);
  const cols = def.columns.map((_, i) => `c${i}`);
  const values = cols.slice(keys.length).map((c) => `SUM(${c})`);
  const unioned = parts.map(() => `SELECT ${cols.map((c, i) => `value->>${i} AS ${c}`).join(', ')} FROM json_each(?)`).join(' UNION ALL ');
  return db
    .prepare(
      `SELECT json_group_array(json_array(${[...keys, ...values.map((_, i) => `v${i}`)].join(', ')})) FROM (
        SELECT ${keys.join(', ')}, ${values.map((v, i) => `${v} AS v${i}`).join(', ')} FROM (${unioned})
        GROUP BY ${keys.join(', ')} ORDER BY ${keys.join(', ')})`,
    )
    .pluck()
    .get(...parts) as string;
}

/** Replace the company's rollup rows with the partitions'; returns the tables that were rewritten. */
export function swapRollups(db: Database, companyId: number, results: readonly PartitionResult[]): string[] {
  const rewritten: string[] = [];
  for (const def of ROLLUPS) {
    const parts = results.map((r) => r.rows[def.table]).filter((j): j is string => j !== undefined && j !== '[]');
    const computed = STRADDLING.has(def.table) ? merged(db, def, parts) : concatenated(parts);
    // Stored rows in primary-key order (the table's own order for a company's key range).
    const stored = db
      .prepare(`SELECT json_group_array(json_array(${def.columns.join(', ')})) FROM (SELECT * FROM ${def.table} WHERE company_id = ?)`)
      .pluck()
      .get(companyId) as string;
    if (stored === computed) continue;
    rewritten.push(def.table);
    db.prepare(`DELETE FROM ${def.table} WHERE company_id = ?`).run(companyId);
    const insert = db.prepare(upsertSql(def));
    if (STRADDLING.has(def.table)) insert.run(computed);
    else for (const rows of parts) insert.run(rows);
  }
  return rewritten;
}
