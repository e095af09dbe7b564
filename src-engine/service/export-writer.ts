/**
 * Writes a dashboard ExportTable as CSV or JSON into a stream. The rows iterator may be a live SQLite cursor,
 * which must be drained before the connection runs anything else, so it is consumed in one synchronous pass
 * and handed to the stream in ~64 KiB chunks.
 */
import type { Writable } from 'node:stream';
import type { ExportTable, ExportValue } from '../dashboard/index.js';

const CHUNK = 64 * 1024;

export function csvCell(v: ExportValue): string {
  if (v === null) return '';
  if (typeof v !== 'string') return String(v);
  // A leading = + - @ makes spreadsheets evaluate the cell as a formula: neutralise it.
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function writeExport(table: ExportTable, out: Writable): void {
  let buf = '';
  const push = (s: string) => {
    buf += s;
    if (buf.length >= CHUNK) {
      out.write(buf);
      buf = '';
    }
  };
  try {
    if (table.format === 'csv') {
      push(table.columns.map((c) => csvCell(c)).join(',') + '\r\n');
      for (const row of table.rows) push(table.columns.map((c) => csvCell(row[c] ?? null)).join(',') + '\r\n');
    } else {
      push('[');
      let first = true;
      for (const row of table.rows) {
        push((first ? '' : ',') + JSON.stringify(row));
        first = false;
      }
      push(']\n');
    }
    out.end(buf);
  } catch (e) {
    out.destroy(e as Error);
  }
}
