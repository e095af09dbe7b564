/**
 * Streamed CSV import of expenses or invoices into one company.
 *
 * Two phases. Reading: bytes are checked (cap, UTF-8, no NUL) and parsed by csv-parse;
 * every row is validated and good rows (and the invoice numbers seen) are staged in a scratch database file beside
 * the books (staging.ts), so memory stays flat however large the file, and no lock on the books is held while the
 * file trickles in. A file whose size is known is refused before reading when it is over the limit. Writing: one
 * `store.write` transaction moves the staged rows into the real tables (creating unknown clients) in bulk mode — rollup triggers set aside, the
 * rollups updated by one grouped statement each (see bulk-rollups.ts) — and one ChangeEvent is published after
 * commit. Default mode is all-or-nothing: any bad row and nothing is written.
 */
import { CsvError, parse } from 'csv-parse';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  invoiceSequence,
  mapHeader,
  validateExpenseRow,
  validateInvoiceRow,
  type HeaderMap,
  type ImportKind,
  type RowError,
} from '../core/csv-rows.js';
import { csvWriter } from '../core/csv-writer.js';
import { ConflictError, isKiraError, PayloadTooLargeError, ValidationError } from '../core/errors.js';
import { minorDigits } from '../core/money.js';
import type { ChangedTable } from '../store/changes.js';
import { getCompany } from '../store/reads/companies.js';
import type { Store } from '../store/store.js';
import { setNumberSequence } from './batch-writer.js';
import { BulkRollups, ExpenseDailyDeltas } from './bulk-rollups.js';
import { STAGE_WIDTH, StagingTable } from './staging.js';
import type { ImportProgress, ImportResult } from '../core/import/types.js';

export interface ImportOptions {
  /** all-or-nothing (default): any bad row and nothing is written. good-rows: write the valid rows, report the rest. */
  mode?: 'all-or-nothing' | 'good-rows';
  /** Refuse files larger than this (bytes). Default 1 GiB (IMPORT_MAX_BYTES). */
  maxBytes?: number;
  /** The input's size when known (a file's): over maxBytes, refused before anything is read or staged. */
  sizeBytes?: number;
  /** Longest record accepted, in characters. Default 64 KiB. */
  maxRecordChars?: number;
  /** How many row errors the result lists (the count is always complete). Default 100. */
  maxListedErrors?: number;
  /** Receives every rejected field as CSV (`line,column,reason,value`), header first. */
  report?: { write(chunk: string): void };
  onProgress?: (p: ImportProgress) => void;
  /** Read, check and stage every row, report what would be imported and rejected, write nothing. */
  dryRun?: boolean;
}

/** The default import size limit (bytes). */
export const IMPORT_MAX_BYTES = 1024 ** 3;

/** Refuse an input whose known size is over the limit, before reading a byte of it. */
export function checkImportSize(sizeBytes: number, maxBytes = IMPORT_MAX_BYTES): void {
  if (sizeBytes > maxBytes) throw tooLarge(maxBytes, sizeBytes);
}

function tooLarge(maxBytes: number, sizeBytes?: number): PayloadTooLargeError {
  const size = sizeBytes === undefined ? '' : ` (${sizeBytes.toLocaleString('en')} bytes)`;
  return new PayloadTooLargeError(`the file${size} is larger than the import limit of ${maxBytes.toLocaleString('en')} bytes`, {
    limit: maxBytes,
    ...(sizeBytes === undefined ? {} : { size: sizeBytes }),
  });
}

/** Rows staged per scratch-table transaction (and per progress report). */
const STAGE_BATCH = 8_192;

/** Byte cap, UTF-8 check and NUL check in front of the parser: garbage is refused in the first chunk. */
class TextGuard extends Transform {
  bytes = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(private readonly maxBytes: number) {
    // Object mode on the readable side: the decoded strings reach the splitter as they are, not re-encoded.
    super({ decodeStrings: false, readableObjectMode: true });
  }

  override _transform(chunk: Buffer | string, _enc: BufferEncoding, done: TransformCallback): void {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.bytes += buf.length;
    if (this.bytes > this.maxBytes) {
      done(tooLarge(this.maxBytes));
      return;
    }
    let text: string;
    try {
      text = this.decoder.decode(buf, { stream: true });
    } catch {
      done(notText(`it is not UTF-8 text (invalid bytes within the first ${this.bytes.toLocaleString('en')} bytes)`));
      return;
    }
    if (text.includes('\0')) {
      done(notText('it contains NUL bytes (a binary file?)'));
      return;
    }
    done(null, text);
  }

  override _flush(done: TransformCallback): void {
    try {
      done(null, this.decoder.decode());
    } catch {
      done(notText('it ends in the middle of a UTF-8 character'));
    }
  }
}

function notText(why: string): ValidationError {
  return new ValidationError(`This is not a CSV text file: ${why}.`, {}, 'invalid_csv');
}

function companyDigits(store: Store, companyId: number): number {
  const row = getCompany(store.db, companyId);
  return minorDigits(row.currency);
}

export async function importCsv(
  store: Store,
  companyId: number,
  kind: ImportKind,
  input: Readable,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const started = performance.now();
  if (opts.sizeBytes !== undefined) checkImportSize(opts.sizeBytes, opts.maxBytes);
  const digits = companyDigits(store, companyId);
  const goodRows = opts.mode === 'good-rows';
  const maxListed = opts.maxListedErrors ?? 100;
  const result: ImportResult = { imported: 0, rejected: 0, errors: [], error_count: 0, created_clients: 0, duration_ms: 0 };
  // Kira's one CSV writer: a hostile value (`=HYPERLINK(…)`) comes out formula-guarded in the report too.
  // The value column holds what was written in any column: a rejected amount such as -1 is shown as it is.
  const reportCsv = csvWriter({ kinds: ['number', 'text', 'text', 'number'] });
  opts.report?.write(reportCsv.row(['line', 'column', 'reason', 'value']));
  const reject = (line: number, errs: readonly Omit<RowError, 'line'>[]) => {
    result.rejected++;
    for (const e of errs) {
      const err = { line, ...e };
      result.error_count++;
      if (result.errors.length < maxListed) result.errors.push(err);
      opts.report?.write(reportCsv.row([err.line, err.column, err.reason, err.value]));
    }
  };

  const stage = new StagingTable(store.db, kind);
  const guard = new TextGuard(opts.maxBytes ?? IMPORT_MAX_BYTES);
  const parser = parse({
    bom: true,
    relax_column_count: true,
    // Empty lines come through as [''] and are skipped in onRecord, so every line break outside quotes ends a
    // record and line numbers can be counted here (csv-parse's per-record info costs a fifth of the parse time).
    skip_empty_lines: false,
    record_delimiter: ['\r\n', '\n'],
    max_record_size: opts.maxRecordChars ?? 64 * 1024,
  });
  const existingNumber = store.db.prepare('SELECT 1 FROM invoices WHERE company_id = ? AND number = ?').pluck();
  const sequences = new Map<number, number>();
  const width = STAGE_WIDTH[kind];
  // expense_daily sums of exactly the staged rows, for the commit's rollup update and the event's dates.
  const expenseDaily = new ExpenseDailyDeltas();
  let header: HeaderMap | undefined;
  let rows = 0;
  // Staged values, `width` per row, in one reused flat array (no array per row).
  const pending: unknown[] = new Array<unknown>(STAGE_BATCH * width);
  let filled = 0;
  const flush = () => {
    stage.insert(pending, filled);
    filled = 0;
    opts.onProgress?.({ bytes: guard.bytes, rows });
  };
  const onRecord = (record: string[], line: number) => {
    if (record.every((f) => f.trim() === '')) return; // empty line (stops at the first non-blank field)
    if (!header) {
      header = mapHeader(kind, record);
      return;
    }
    rows++;
    if (record.length !== header.names.length) {
      reject(line, [{ column: '', reason: `expected ${header.names.length} fields, found ${record.length}`, value: '' }]);
    } else if (kind === 'expenses') {
      const { row, errors } = validateExpenseRow(header, record, digits);
      if (row) {
        const p = pending;
        let at = filled;
        p[at++] = row.date;
        p[at++] = row.category;
        p[at++] = row.description;
        p[at++] = row.amount;
        p[at++] = row.reimbursable ? 1 : 0;
        p[at++] = row.client?.toLowerCase() ?? null;
        p[at++] = row.client;
        filled = at;
        expenseDaily.add(companyId, row.date, row.category, row.amount, row.reimbursable);
      } else reject(line, errors);
    } else {
      const { row, errors } = validateInvoiceRow(header, record, digits);
      if (row && stage.hasNumber(row.number))
        errors.push({ column: 'number', reason: 'number appears earlier in this file', value: row.number });
      else if (row && existingNumber.get(companyId, row.number) !== undefined) {
        errors.push({ column: 'number', reason: 'the company already has an invoice with this number', value: row.number });
      }
      if (row && errors.length === 0) {
        stage.addNumber(row.number);
        const seq = invoiceSequence(row.number);
        if (seq) sequences.set(seq.year, Math.max(sequences.get(seq.year) ?? 0, seq.last));
        for (const v of [
          row.number,
          row.client.toLowerCase(),
          row.client,
          row.status,
          row.issue_date,
          row.due_date,
          row.paid_date,
          row.subtotal,
          row.tax_rate_bp,
          row.tax,
          row.total,
        ])
          pending[filled++] = v;
      } else reject(line, errors);
    }
    // All-or-nothing stops staging after the first bad row but keeps reading to report every error.
    if (!goodRows && result.rejected > 0) filled = 0;
    if (filled === pending.length || rows % STAGE_BATCH === 0) flush();
  };
  let refused: unknown;
  try {
    await pipeline(input, guard, parser, async (source: AsyncIterable<string[]>) => {
      try {
        let nextLine = 1;
        for await (const record of source) {
          // A quoted field with line breaks makes its record span several lines.
          const line = nextLine;
          nextLine += 1;
          for (const f of record) if (f.length > 0 && f.includes('\n')) nextLine += countNewlines(f);
          onRecord(record, line);
        }
        flush();
      } catch (e) {
        // Keep the real reason: destroying an HTTP request stream can make pipeline reject with an AbortError instead.
        refused = e;
        throw e;
      }
    });
    if (!header) throw new ValidationError('The file is empty: expected a header line.', {}, 'invalid_csv');
    if (result.rejected > 0 && !goodRows) return finish(result, started);
    if (opts.dryRun) {
      // What the commit would move into the books: the staged rows (new clients are not counted).
      result.imported = store.db.prepare(`SELECT COUNT(*) FROM ${stage.name}`).pluck().get() as number;
      result.dry_run = true;
      return finish(result, started);
    }
    const { imported, createdClients } = commitStaged(store, companyId, kind, stage, sequences, expenseDaily);
    result.imported = imported;
    result.created_clients = createdClients;
    return finish(result, started);
  } catch (e) {
    throw asImportError(refused ?? e);
  } finally {
    stage.drop();
  }
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function finish(result: ImportResult, started: number): ImportResult {
  result.duration_ms = Math.round(performance.now() - started);
  return result;
}

/** A number taken by another writer between reading and committing becomes a conflict; the rest pass through. */
/** csv-parse's own errors (bad quoting, an oversized record) become validation errors naming the line. */
function asImportError(e: unknown): unknown {
  if (isKiraError(e)) return e;
  if (e instanceof CsvError) {
    const line = typeof e.lines === 'number' ? e.lines : undefined;
    const what = e.code === 'CSV_MAX_RECORD_SIZE' ? 'a record is longer than the import limit' : e.message.replace(/^Invalid /, 'invalid ');
    return new ValidationError(
      `This is not a valid CSV file${line ? ` (line ${line})` : ''}: ${what}.`,
      { line, code: e.code },
      'invalid_csv',
    );
  }
  const err = e as { code?: unknown; message?: unknown };
  const aborted = abortedUpload(e);
  if (aborted) return aborted;
  if (err.code === 'SQLITE_CONSTRAINT_UNIQUE') {
    return new ConflictError(
      'An invoice number in the file was created by someone else during the import; nothing was imported.',
      {},
      'duplicate_number',
    );
  }
  return e;
}

/** Phase two: one transaction from the staging table into the books. */
function commitStaged(
  store: Store,
  companyId: number,
  kind: ImportKind,
  stage: StagingTable,
  sequences: ReadonlyMap<number, number>,
  expenseDaily: ExpenseDailyDeltas,
): { imported: number; createdClients: number } {
  return store.write(() => {
    const db = store.db;
    const createdClients = stage.resolveClients(companyId);
    let imported: number;
    const tables: ChangedTable[] = [kind];
    if (createdClients > 0) tables.push('clients');
    // Rollups in bulk: one grouped statement per rollup instead of the triggers' work per row. A throw rolls the
    // whole transaction back, triggers included.
    const bulk = BulkRollups.begin(db, [kind]);
    if (kind === 'expenses') {
      imported = db
        .prepare(
          `INSERT INTO expenses (company_id, date, category, description, amount, reimbursable, client_id)
           SELECT ?, s.date, s.category, s.description, s.amount, s.reimbursable, m.id
           FROM ${stage.name} s LEFT JOIN ${stage.clientMap} m ON m.key = s.client_key ORDER BY s.rowid`,
        )
        .run(companyId).changes;
    } else {
      imported = db
        .prepare(
          `INSERT INTO invoices (company_id, number, client_id, status, issue_date, due_date, paid_date, subtotal, tax_rate_bp, tax, total)
           SELECT ?, s.number, m.id, s.status, s.issue_date, s.due_date, s.paid_date, s.subtotal, s.tax_rate_bp, s.tax, s.total
           FROM ${stage.name} s JOIN ${stage.clientMap} m ON m.key = s.client_key ORDER BY s.rowid`,
        )
        .run(companyId).changes;
      // The file carries totals, not lines: one line per invoice keeps "lines add up to the subtotal" true.
      db.prepare(
        `INSERT INTO invoice_lines (invoice_id, position, description, quantity_milli, unit_price, line_total)
         SELECT i.id, 1, 'Imported from CSV', 1000, i.subtotal, i.subtotal
         FROM ${stage.name} s JOIN invoices i ON i.company_id = ? AND i.number = s.number ORDER BY s.rowid`,
      ).run(companyId);
      for (const [year, last] of sequences) setNumberSequence(db, companyId, 'INV', year, last);
    }
    bulk.finish(kind === 'expenses' ? expenseDaily : undefined);
    const dates = kind === 'expenses' ? expenseDaily.days() : stage.touchedDates();
    return {
      result: { imported, createdClients },
      change: imported > 0 ? { companyId, tables, dates, source: 'import', rows: imported } : null,
    };
  });
}

/**
 * The sender went away mid-body (Node's "aborted", a reset): nothing was written. A client's doing, answered as a
 * 400 instead of failing as a bug; undefined for any other error.
 */
export function abortedUpload(e: unknown): ValidationError | undefined {
  const err = e as { code?: unknown; message?: unknown } | null;
  if (err?.code === 'ECONNRESET' || err?.code === 'ERR_STREAM_PREMATURE_CLOSE' || err?.message === 'aborted') {
    return new ValidationError('The upload ended before the whole file arrived; nothing was imported.', {}, 'incomplete_upload');
  }
  return undefined;
}
