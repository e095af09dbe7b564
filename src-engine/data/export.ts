/**
 * Export of a company's expenses or invoices as CSV or a JSON array, in exactly the columns import reads, with
 * amounts as decimal text in the company's currency. A generator of string chunks over `stmt.iterate()`: the
 * file is never built in memory. While it is being consumed the connection is busy with the iteration, so a
 * server should export from its own read-only connection.
 */
import type { Database } from 'better-sqlite3';
import { COLUMNS, type ImportKind } from '../core/csv-rows.js';
import { csvWriter, type CsvColumnKind } from '../core/csv-writer.js';
import { getCompany } from '../store/reads/companies.js';
import { formatDecimal, minorDigits } from '../core/money.js';

export type ExportFormat = 'csv' | 'json';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'json'];

const QUERIES: Record<ImportKind, string> = {
  expenses: `SELECT e.date, e.category, e.description, e.amount, e.reimbursable, c.name
    FROM expenses e LEFT JOIN clients c ON c.id = e.client_id WHERE e.company_id = ? ORDER BY e.date, e.id`,
  invoices: `SELECT i.number, c.name, i.status, i.issue_date, i.due_date, i.paid_date, i.subtotal, i.tax_rate_bp, i.tax, i.total
    FROM invoices i JOIN clients c ON c.id = i.client_id WHERE i.company_id = ? ORDER BY i.issue_date, i.id`,
};

type Value = string | boolean | null;

/** One raw row → values in COLUMNS order (money as decimal text). */
function converter(kind: ImportKind, digits: number): (r: unknown[]) => Value[] {
  const money = (v: unknown) => formatDecimal(v as number, digits);
  if (kind === 'expenses') {
    return (r) => [r[0] as string, r[1] as string, r[2] as string, money(r[3]), r[4] === 1, (r[5] as string | null) ?? null];
  }
  return (r) => [
    r[0] as string,
    r[1] as string,
    r[2] as string,
    r[3] as string,
    r[4] as string,
    (r[5] as string | null) ?? null,
    money(r[6]),
    formatDecimal(r[7] as number, 2),
    money(r[8]),
    money(r[9]),
  ];
}

/** Dates and amounts are data: `-1500` or `2026-03-15` there is not guarded as a formula (see core/csv-writer.ts). */
const KINDS: Record<ImportKind, readonly CsvColumnKind[]> = {
  expenses: ['date', 'text', 'text', 'number', 'text', 'text'],
  invoices: ['text', 'text', 'text', 'date', 'date', 'date', 'number', 'number', 'number', 'number'],
};

/** Rows are grouped `chunkRows` to a chunk so a consumer's per-chunk cost does not dominate. */
export function* exportRows(
  db: Database,
  companyId: number,
  kind: ImportKind,
  format: ExportFormat,
  chunkRows = 1000,
): Generator<string, void, undefined> {
  const company = getCompany(db, companyId);
  const convert = converter(kind, minorDigits(company.currency));
  const columns = COLUMNS[kind];
  const csv = csvWriter({ kinds: KINDS[kind] });
  // CSV rows are collected per chunk and written by one csv-stringify call.
  let pending: Value[][] = [];
  let chunk = format === 'csv' ? csv.row(columns) : '[';
  let n = 0;
  for (const raw of db.prepare(QUERIES[kind]).raw().iterate(companyId) as IterableIterator<unknown[]>) {
    const values = convert(raw);
    if (format === 'csv') {
      pending.push(values);
    } else {
      const obj: Record<string, Value> = {};
      columns.forEach((c, i) => (obj[c] = values[i] ?? null));
      chunk += `${n === 0 ? '\n' : ',\n'}${JSON.stringify(obj)}`;
    }
    if (++n % chunkRows === 0) {
      yield chunk + csv.rows(pending);
      chunk = '';
      pending = [];
    }
  }
  chunk += csv.rows(pending);
  if (format === 'json') chunk += n === 0 ? ']\n' : '\n]\n';
  if (chunk !== '') yield chunk;
}
