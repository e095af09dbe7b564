/**
 * Writes a dashboard ExportTable as CSV or JSON into a stream. The rows iterator may be a live SQLite cursor,
 * which must be drained before the connection runs anything else, so it is consumed in one synchronous pass
 * and handed to the stream in ~64 KiB chunks.
 */
import type { Writable } from 'node:stream';
import { csvWriter, type CsvValue } from '../../core/csv-writer.js';
import type { ExportTable } from '../../core/views/types.js';

const CHUNK = 64 * 1024;
/** Records handed to the CSV writer per call. */
const BATCH = 256;

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
      // Kira's one CSV writer: text cells are formula-guarded; numbers (negative amounts too) are data.
      const csv = csvWriter({ eol: '\r\n' });
      push(csv.row(table.columns));
      let batch: CsvValue[][] = [];
      for (const row of table.rows) {
        batch.push(table.columns.map((c) => row[c] ?? null));
        if (batch.length === BATCH) {
          push(csv.rows(batch));
          batch = [];
        }
      }
      push(csv.rows(batch));
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
