import type { Database } from 'better-sqlite3';
import type { ValidLine } from '../../core/validate/lines.js';

type LineTable = 'invoice_lines' | 'quote_lines';
const PARENT: Record<LineTable, string> = { invoice_lines: 'invoice_id', quote_lines: 'quote_id' };

/** Replace a document's lines as a whole (positions 1..n). */
export function replaceLines(db: Database, table: LineTable, parentId: number, lines: readonly ValidLine[]): void {
  const parent = PARENT[table];
  db.prepare(`DELETE FROM ${table} WHERE ${parent} = ?`).run(parentId);
  const insert = db.prepare(
    `INSERT INTO ${table} (${parent}, position, description, quantity_milli, unit_price, line_total) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  lines.forEach((l, i) => insert.run(parentId, i + 1, l.description, l.quantity_milli, l.unit_price, l.line_total));
}
