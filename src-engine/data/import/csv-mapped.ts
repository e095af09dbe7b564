/**
 * A CSV from another program read through a mapping: title rows skipped, the header found, each record turned
 * into Kira's fields with the mapping's date format and number separators. Pure apart from csv-parse. Lines
 * are the file's (multi-line quoted fields counted), so errors name the line a user sees in an editor.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { parseBoolean, type RowError } from '../../core/csv-rows.js';
import { ValidationError } from '../../core/errors.js';
import { parseAmount } from './amounts.js';
import { compileDateFormat } from './dates.js';
import type { Mapping } from './mapping.js';
import type { ParsedStatement, StatementTxn } from './types.js';

export interface CsvRecord {
  line: number;
  cells: string[];
}

export interface CsvTable {
  header: string[];
  headerLine: number;
  records: CsvRecord[];
}

/** Split the file into records with their lines; the header is the first non-empty record after `skip_rows` lines. */
export function readCsvTable(source: string, delimiter: string, skipRows: number): CsvTable {
  let rows: string[][];
  try {
    rows = parse(source, {
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
      record_delimiter: ['\r\n', '\n'],
      from_line: skipRows + 1,
      max_record_size: 64 * 1024,
    });
  } catch (e) {
    if (e instanceof CsvError) {
      const line = typeof e.lines === 'number' ? e.lines : undefined;
      throw new ValidationError(
        `This is not a valid CSV file${line ? ` (line ${line})` : ''}: ${e.message}`,
        { line, code: e.code },
        'invalid_csv',
      );
    }
    throw e;
  }
  let next = skipRows + 1;
  let header: string[] | undefined;
  let headerLine = 0;
  const records: CsvRecord[] = [];
  for (const cells of rows) {
    const line = next;
    next += 1;
    for (const c of cells) if (c.includes('\n')) next += c.split('\n').length - 1;
    if (cells.every((c) => c.trim() === '')) continue;
    if (!header) {
      header = cells.map((c) => c.trim());
      headerLine = line;
    } else records.push({ line, cells });
  }
  if (!header)
    throw new ValidationError(`The file has no header line after skipping ${skipRows} line(s).`, { skip_rows: skipRows }, 'invalid_csv');
  return { header, headerLine, records };
}

/** Where each mapped column is; a header missing some of them is refused with a hint when a title block is longer than skip_rows. */
export function locateColumns(table: CsvTable, mapping: Mapping, source: string): Map<string, number> {
  const lower = table.header.map((h) => h.toLowerCase());
  const at = new Map<string, number>();
  const missing: string[] = [];
  for (const [field, name] of Object.entries(mapping.columns)) {
    const i = lower.indexOf(name.toLowerCase());
    if (i === -1) missing.push(`${field} → "${name}"`);
    else at.set(field, i);
  }
  if (missing.length === 0) return at;
  // Look for the real header further down: the usual cause is a title block longer than skip_rows.
  const wanted = Object.values(mapping.columns).map((n) => n.toLowerCase());
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/, 200);
  const real = lines.findIndex((l) => {
    const cells = l.split(mapping.delimiter).map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
    return wanted.every((w) => cells.includes(w));
  });
  const hint =
    real >= 0 && real + 1 !== table.headerLine ? ` The header the mapping expects is on line ${real + 1}: set skip_rows to ${real}.` : '';
  throw new ValidationError(
    `line ${table.headerLine}: the header has no column for ${missing.join(', ')} (found: ${table.header.join(', ')}).${hint}`,
    { line: table.headerLine, missing, header: table.header, ...(hint ? { skip_rows: real } : {}) },
    'mapping_mismatch',
  );
}

/** A bank-like CSV (one amount column or debit + credit) → signed transactions. */
export function parseMappedCsv(source: string, mapping: Mapping, digits: number): ParsedStatement & { header: string[] } {
  const table = readCsvTable(source, mapping.delimiter, mapping.skip_rows);
  const at = locateColumns(table, mapping, source);
  const readDate = compileDateFormat(mapping.date_format);
  const numbers = { decimal: mapping.decimal, thousands: mapping.thousands };
  const txns: StatementTxn[] = [];
  const errors: RowError[] = [];
  const cell = (r: CsvRecord, f: string) => {
    const i = at.get(f);
    return i === undefined ? undefined : (r.cells[i] ?? '').trim();
  };
  for (const r of table.records) {
    const err = (f: string, reason: string, value = '') => errors.push({ line: r.line, column: mapping.columns[f] ?? f, reason, value });
    if (r.cells.length < table.header.length && r.cells.length < Math.max(...at.values()) + 1) {
      errors.push({ line: r.line, column: '', reason: `expected ${table.header.length} fields, found ${r.cells.length}`, value: '' });
      continue;
    }
    const dateText = cell(r, 'date') ?? '';
    const date = readDate(dateText);
    if (!date.ok) err('date', dateText ? date.reason : 'missing date', dateText);
    let amount: number | undefined;
    if (at.has('amount')) {
      const a = parseAmount(cell(r, 'amount') ?? '', numbers, digits);
      if (a.ok) amount = a.value;
      else err('amount', a.reason, cell(r, 'amount'));
    } else {
      const d = cell(r, 'debit') ?? '';
      const c = cell(r, 'credit') ?? '';
      const debit = d === '' ? { ok: true as const, value: 0 } : parseAmount(d, numbers, digits);
      const credit = c === '' ? { ok: true as const, value: 0 } : parseAmount(c, numbers, digits);
      if (!debit.ok) err('debit', debit.reason, d);
      if (!credit.ok) err('credit', credit.reason, c);
      if (d === '' && c === '') err('debit', 'both debit and credit are empty');
      else if (debit.ok && credit.ok) amount = Math.abs(credit.value) - Math.abs(debit.value);
    }
    const reimb = cell(r, 'reimbursable');
    const reimbursable = reimb === undefined ? false : parseBoolean(reimb);
    if (reimbursable === undefined) err('reimbursable', 'expected true/false/yes/no/1/0', reimb);
    if (!date.ok || amount === undefined || reimbursable === undefined) continue;
    if (amount === 0) {
      err(at.has('amount') ? 'amount' : 'debit', 'the amount is zero');
      continue;
    }
    const category = cell(r, 'category');
    const client = cell(r, 'client');
    const reference = cell(r, 'reference');
    txns.push({
      line: r.line,
      account: '',
      date: date.value,
      amount,
      payee: '',
      description: cell(r, 'description') ?? '',
      bankId: null,
      reimbursable,
      ...(category ? { category } : {}),
      ...(client ? { client } : {}),
      ...(reference ? { reference } : {}),
    });
  }
  return { format: 'csv', account: '', currency: null, txns, errors, header: table.header };
}
