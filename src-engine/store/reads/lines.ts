import type { Database } from 'better-sqlite3';
import type { DocumentLine } from '../../core/domain.js';
import { toLine, type LineRow } from './rows.js';

type LineTable = 'invoice_lines' | 'quote_lines';
const PARENT: Record<LineTable, string> = { invoice_lines: 'invoice_id', quote_lines: 'quote_id' };

/** Lines of several documents in one query, grouped by document id, in position order. */
export function linesOf(db: Database, table: LineTable, ids: readonly number[]): Map<number, DocumentLine[]> {
  const out = new Map<number, DocumentLine[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = db
    .prepare(
      `SELECT id, ${PARENT[table]} AS parent_id, description, quantity_milli, unit_price, line_total FROM ${table}
       WHERE ${PARENT[table]} IN (SELECT value FROM json_each(?)) ORDER BY ${PARENT[table]}, position`,
    )
    .all(JSON.stringify(ids)) as LineRow[];
  for (const r of rows) out.get(r.parent_id)?.push(toLine(r));
  return out;
}
