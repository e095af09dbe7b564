/**
 * A report's main table as CSV: the header row, one row per line of the report, the totals row. Money as
 * decimal text in the currency's minor digits; every text cell through the one CSV writer's formula guard.
 */
import { csvWriter, type CsvColumnKind } from '../core/csv-writer.js';
import { formatDecimal, minorDigits } from '../core/money.js';
import type { Cell, ReportDocument } from '../core/reports/tables.js';

export function reportCsv(doc: ReportDocument): string {
  const table = doc.tables[0];
  if (!table) return '';
  const digits = minorDigits(doc.currency);
  const kinds: CsvColumnKind[] = table.columns.map((c) =>
    c.kind === 'money' || c.kind === 'integer' ? 'number' : c.kind === 'date' ? 'date' : 'text',
  );
  const text = (cell: Cell, i: number): string | null => {
    if (cell === null) return null;
    return typeof cell === 'number' && table.columns[i]?.kind === 'money' ? formatDecimal(cell, digits) : String(cell);
  };
  const w = csvWriter({ kinds });
  const rows = [...table.rows, ...(table.totals ? [table.totals] : [])].map((r) => r.map(text));
  return w.row(table.columns.map((c) => c.label)) + w.rows(rows);
}
