/**
 * An invoice export from accounting software, read through a mapping and written by Kira's own CSV import
 * (same rules, same bulk write). Each mapped row is normalised (dates, separators, status words) into Kira's
 * invoice columns; errors keep the source file's lines. An invoice number the company already has is counted
 * as a duplicate (the number is the export's own id), so re-importing the export imports nothing twice.
 */
import { Readable } from 'node:stream';
import { COLUMNS, mapHeader, validateInvoiceRow, type RowError } from '../../core/csv-rows.js';
import { csvWriter } from '../../core/csv-writer.js';
import { formatDecimal } from '../../core/money.js';
import type { Store } from '../../store/store.js';
import { importCsv } from '../csv-import.js';
import type { MappedInvoicesResult } from '../../core/import/types.js';
import { parseAmount } from './amounts.js';
import { readCsvTable, locateColumns } from './csv-mapped.js';
import { compileDateFormat } from './dates.js';
import type { Mapping } from './mapping.js';

const STATUS_WORDS: Record<string, string> = {
  paid: 'paid',
  closed: 'paid',
  settled: 'paid',
  sent: 'sent',
  open: 'sent',
  unpaid: 'sent',
  outstanding: 'sent',
  overdue: 'sent',
  due: 'sent',
  awaiting_payment: 'sent',
  'awaiting payment': 'sent',
  authorised: 'sent',
  approved: 'sent',
  viewed: 'viewed',
  draft: 'draft',
  void: 'cancelled',
  voided: 'cancelled',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  deleted: 'cancelled',
};

export async function importMappedInvoices(
  store: Store,
  companyId: number,
  source: string,
  mapping: Mapping,
  digits: number,
  opts: { dryRun?: boolean; mode?: 'all-or-nothing' | 'good-rows'; maxListedErrors?: number } = {},
): Promise<MappedInvoicesResult> {
  const started = performance.now();
  const table = readCsvTable(source, mapping.delimiter, mapping.skip_rows);
  const at = locateColumns(table, mapping, source);
  const readDate = compileDateFormat(mapping.date_format);
  const numbers = { decimal: mapping.decimal, thousands: mapping.thousands };
  const kiraHeader = mapHeader('invoices', [...COLUMNS.invoices]);
  const existing = store.db.prepare('SELECT 1 FROM invoices WHERE company_id = ? AND number = ?').pluck();
  const csv = csvWriter({ kinds: ['text', 'text', 'text', 'date', 'date', 'date', 'number', 'number', 'number', 'number'] });
  const out: string[] = [csv.row(COLUMNS.invoices)];
  const lineOf: number[] = [0, table.headerLine];
  const errors: RowError[] = [];
  const rejectedLines = new Set<number>();
  let duplicates = 0;
  const cell = (cells: string[], f: string) => {
    const i = at.get(f);
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  for (const r of table.records) {
    const fail = (f: string, reason: string, value = cell(r.cells, f)) => {
      errors.push({ line: r.line, column: mapping.columns[f] ?? f, reason, value });
      rejectedLines.add(r.line);
    };
    const date = (f: string) => {
      const t = cell(r.cells, f);
      if (t === '') return '';
      const d = readDate(t);
      if (!d.ok) fail(f, d.reason);
      return d.ok ? d.value : '';
    };
    const money = (f: string) => {
      const t = cell(r.cells, f);
      if (t === '') return undefined;
      const a = parseAmount(t, numbers, digits);
      if (!a.ok) fail(f, a.reason);
      return a.ok ? a.value : undefined;
    };
    const number = cell(r.cells, 'number');
    if (number !== '' && existing.get(companyId, number) !== undefined) {
      duplicates++;
      continue;
    }
    const issue = date('issue_date');
    const due = date('due_date');
    let paid = date('paid_date');
    const total = money('total');
    const tax = money('tax') ?? 0;
    const subtotal = money('subtotal') ?? (total === undefined ? undefined : total - tax);
    const amountPaid = money('amount_paid');
    const word = cell(r.cells, 'status').toLowerCase();
    let status = word === '' ? '' : STATUS_WORDS[word];
    if (status === undefined) fail('status', `unknown status "${word}" (paid, sent/open/unpaid/overdue, viewed, draft, void/cancelled)`);
    if (status === '') status = paid !== '' || (amountPaid !== undefined && total !== undefined && amountPaid >= total) ? 'paid' : 'sent';
    if (status === 'paid' && paid === '' && amountPaid !== undefined) paid = due; // paid in full without a date: the export knows no better
    if (rejectedLines.has(r.line)) continue;
    const record = [
      number,
      cell(r.cells, 'client'),
      status ?? '',
      issue,
      due,
      paid,
      formatDecimal(subtotal ?? 0, digits),
      '',
      formatDecimal(tax, digits),
      total === undefined ? '' : formatDecimal(total, digits),
    ];
    // Kira's own rules (paid date iff paid, total = subtotal + tax, due ≥ issue…) decide, with this file's line.
    const check = validateInvoiceRow(kiraHeader, record, digits);
    if (check.errors.length > 0) {
      for (const e of check.errors)
        errors.push({ line: r.line, column: mapping.columns[e.column] ?? e.column, reason: e.reason, value: e.value });
      rejectedLines.add(r.line);
      continue;
    }
    out.push(csv.row(record));
    lineOf.push(r.line);
  }
  const result: MappedInvoicesResult = {
    format: 'csv',
    kind: 'invoices',
    dry_run: opts.dryRun === true,
    duplicates,
    imported: 0,
    rejected: rejectedLines.size,
    errors: errors.slice(0, opts.maxListedErrors ?? 100),
    error_count: errors.length,
    created_clients: 0,
    duration_ms: 0,
  };
  const refuse = rejectedLines.size > 0 && opts.mode !== 'good-rows';
  if (opts.dryRun || refuse) {
    if (!refuse) result.imported = out.length - 1;
  } else if (out.length > 1) {
    const r = await importCsv(store, companyId, 'invoices', Readable.from([out.join('')]), { mode: 'all-or-nothing' });
    // Rows that passed the checks above can still clash (a number twice in this file): name the source line.
    for (const e of r.errors) errors.push({ ...e, line: lineOf[e.line] ?? e.line });
    result.imported = r.imported;
    result.created_clients = r.created_clients;
    if (r.rejected > 0) {
      result.rejected += r.rejected;
      result.errors = errors.slice(0, opts.maxListedErrors ?? 100);
      result.error_count = errors.length;
    }
  }
  result.duration_ms = Math.round(performance.now() - started);
  return result;
}
