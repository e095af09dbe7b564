/**
 * Bulk inserts for the demo generator: transactions of BATCH rows, each in bulk mode (see bulk-rollups.ts: the
 * rollup INSERT triggers are set aside and every rollup is updated by one grouped statement before the batch
 * commits, so every committed batch is consistent). Rows are buffered and written by multi-row INSERTs, one call
 * into SQLite per block of rows instead of one per row. Batches keep the write-ahead log short and memory flat
 * however many rows are written.
 *
 * Invoice and quote ids are assigned here (MAX(id) + 1 onwards, read when each batch's transaction begins, which
 * holds the write lock) because callers need them before the buffered row reaches SQLite; they are the ids
 * SQLite would have chosen, so the same seed gives the same rows as writing one row at a time.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { ExpenseCategory, InvoiceStatus, QuoteStatus } from '../core/categories.js';
import type { IsoDate } from '../core/dates.js';
import { BulkRollups, ExpenseDailyDeltas, maxId } from './bulk-rollups.js';
import type { DemoCompanySpec } from './demo-vocabulary.js';

// 100k rows: a WAL of some tens of MB per commit; fewer commits and per-batch rollup passes than 25k (measured ~10% less CPU).
const BATCH = 100_000;

interface LineRow {
  description: string;
  quantityMilli: number;
  unitPrice: number;
  total: number;
}

/** Raise a company's number sequence to at least `last` (never lowers it). */
export function setNumberSequence(db: Database, companyId: number, kind: 'INV' | 'QT', year: number, last: number): void {
  db.prepare(
    `INSERT INTO number_sequences (company_id, kind, year, last) VALUES (?, ?, ?, ?)
     ON CONFLICT (company_id, kind, year) DO UPDATE SET last = MAX(last, excluded.last)`,
  ).run(companyId, kind, year, last);
}

/**
 * Rows for one table, kept in a flat array and written with multi-row INSERTs: a flush of n rows takes one
 * statement per block (the largest power of two ≤ what is left, at most `capacity`), each prepared once.
 */
class RowBuffer {
  private values: unknown[] = [];
  private readonly statements = new Map<number, Statement>();

  constructor(
    private readonly db: Database,
    private readonly insert: string,
    private readonly width: number,
    /** Rows per statement at most; a power of two. */
    private readonly capacity = 128,
  ) {}

  /** Whether `rows` more rows would go past one full block. */
  wouldOverflow(rows = 1): boolean {
    return this.values.length + rows * this.width > this.capacity * this.width;
  }

  /** Append one row's values (exactly `width` of them). */
  add(...row: unknown[]): void {
    for (let i = 0; i < row.length; i++) this.values.push(row[i]);
  }

  flush(): void {
    const values = this.values;
    let rows = values.length / this.width;
    let at = 0;
    while (rows > 0) {
      let block = this.capacity;
      while (block > rows) block >>= 1;
      const n = block * this.width;
      this.statement(block).run(at === 0 && n === values.length ? values : values.slice(at, at + n));
      at += n;
      rows -= block;
    }
    this.values = [];
  }

  private statement(rows: number): Statement {
    let s = this.statements.get(rows);
    if (!s) {
      const tuple = `(${Array(this.width).fill('?').join(', ')})`;
      s = this.db.prepare(`${this.insert} VALUES ${Array(rows).fill(tuple).join(', ')}`);
      this.statements.set(rows, s);
    }
    return s;
  }
}

export class BatchWriter {
  private readonly company: Statement;
  private readonly client: Statement;
  private readonly linkQuote: Statement;
  private readonly invoices: RowBuffer;
  private readonly invoiceLines: RowBuffer;
  private readonly quotes: RowBuffer;
  private readonly quoteLines: RowBuffer;
  private readonly expenses: RowBuffer;
  /** Converted quotes to link to their invoice once both are written: [quote id, invoice id]. */
  private links: [number, number][] = [];
  private bulk: BulkRollups | undefined;
  private readonly expenseDaily = new ExpenseDailyDeltas();
  private nextInvoiceId = 0;
  private nextQuoteId = 0;
  private inBatch = 0;
  /** Expense and invoice rows written (what progress counts). */
  private counted = 0;

  constructor(
    readonly db: Database,
    private readonly onBatch: (counted: number) => void = () => {},
  ) {
    this.company = db.prepare('INSERT INTO companies (name, currency, time_zone, created_at) VALUES (?, ?, ?, ?)');
    this.client = db.prepare('INSERT INTO clients (company_id, name, email, phone, active, created_date) VALUES (?, ?, ?, ?, ?, ?)');
    // invoices.quote_id is not a rollup input, so this update fires no trigger.
    this.linkQuote = db.prepare('UPDATE invoices SET quote_id = ? WHERE id = ?');
    this.invoices = new RowBuffer(
      db,
      `INSERT INTO invoices (id, company_id, number, client_id, status, issue_date, due_date, paid_date, subtotal, tax_rate_bp, tax, total)`,
      12,
    );
    this.invoiceLines = new RowBuffer(
      db,
      'INSERT INTO invoice_lines (invoice_id, position, description, quantity_milli, unit_price, line_total)',
      6,
      512,
    );
    this.quotes = new RowBuffer(
      db,
      `INSERT INTO quotes (id, company_id, number, client_id, status, issue_date, valid_until, subtotal, tax_rate_bp, tax, total, converted_invoice_id)`,
      12,
    );
    this.quoteLines = new RowBuffer(
      db,
      'INSERT INTO quote_lines (quote_id, position, description, quantity_milli, unit_price, line_total)',
      6,
      512,
    );
    this.expenses = new RowBuffer(
      db,
      'INSERT INTO expenses (company_id, date, category, description, amount, reimbursable, client_id)',
      7,
      256,
    );
  }

  /** Count a row into the batch, opening the batch's transaction (and bulk section) on its first row. */
  private tick(counts: boolean): void {
    if (!this.db.inTransaction) {
      this.db.exec('BEGIN IMMEDIATE');
      this.bulk = BulkRollups.begin(this.db, ['expenses', 'invoices', 'quotes']);
      this.nextInvoiceId = maxId(this.db, 'invoices') + 1;
      this.nextQuoteId = maxId(this.db, 'quotes') + 1;
    }
    if (counts) this.counted++;
    this.inBatch++;
  }

  /** After a complete row (with its lines): commit once the batch is full. */
  private endRow(): void {
    if (this.inBatch >= BATCH) this.commit();
  }

  /** Invoices before their lines and before the quote links (foreign keys are checked per statement). */
  private flushDocuments(): void {
    this.invoices.flush();
    this.invoiceLines.flush();
    this.quotes.flush();
    this.quoteLines.flush();
    for (const [quoteId, invoiceId] of this.links) this.linkQuote.run(quoteId, invoiceId);
    this.links = [];
  }

  private commit(): void {
    if (!this.db.inTransaction) return;
    this.flushDocuments();
    this.expenses.flush();
    this.bulk?.finish(this.expenseDaily);
    this.bulk = undefined;
    this.expenseDaily.clear();
    this.db.exec('COMMIT');
    this.inBatch = 0;
    this.onBatch(this.counted);
  }

  insertCompany(spec: DemoCompanySpec, createdAt: string): number {
    this.tick(false);
    const id = Number(this.company.run(spec.name, spec.currency, spec.time_zone, createdAt).lastInsertRowid);
    this.endRow();
    return id;
  }

  insertClient(companyId: number, name: string, email: string | null, phone: string, active: boolean, created: IsoDate): number {
    this.tick(false);
    const id = Number(this.client.run(companyId, name, email, phone, active ? 1 : 0, created).lastInsertRowid);
    this.endRow();
    return id;
  }

  insertInvoice(
    companyId: number,
    number: string,
    clientId: number,
    status: InvoiceStatus,
    issue: IsoDate,
    due: IsoDate,
    paid: IsoDate | null,
    subtotal: number,
    rateBp: number,
    tax: number,
    lines: readonly LineRow[],
  ): number {
    this.tick(true);
    const id = this.nextInvoiceId++;
    this.invoices.add(id, companyId, number, clientId, status, issue, due, paid, subtotal, rateBp, tax, subtotal + tax);
    lines.forEach((l, i) => this.invoiceLines.add(id, i + 1, l.description, l.quantityMilli, l.unitPrice, l.total));
    this.documentAdded();
    return id;
  }

  insertQuote(
    companyId: number,
    number: string,
    clientId: number,
    status: QuoteStatus,
    issue: IsoDate,
    validUntil: IsoDate,
    subtotal: number,
    rateBp: number,
    tax: number,
    lines: readonly LineRow[],
    convertedInvoiceId: number | null,
  ): number {
    this.tick(false);
    const id = this.nextQuoteId++;
    this.quotes.add(id, companyId, number, clientId, status, issue, validUntil, subtotal, rateBp, tax, subtotal + tax, convertedInvoiceId);
    lines.forEach((l, i) => this.quoteLines.add(id, i + 1, l.description, l.quantityMilli, l.unitPrice, l.total));
    if (convertedInvoiceId !== null) this.links.push([id, convertedInvoiceId]);
    this.documentAdded();
    return id;
  }

  /** Documents and their lines are flushed together (parents first) once any buffer would pass a full block. */
  private documentAdded(): void {
    if (
      this.invoices.wouldOverflow() ||
      this.quotes.wouldOverflow() ||
      this.invoiceLines.wouldOverflow(4) ||
      this.quoteLines.wouldOverflow(4)
    ) {
      this.flushDocuments();
    }
    this.endRow();
  }

  insertExpense(
    companyId: number,
    date: IsoDate,
    category: ExpenseCategory,
    description: string,
    amount: number,
    reimbursable: boolean,
    clientId: number | null,
  ): void {
    this.tick(true);
    this.expenses.add(companyId, date, category, description, amount, reimbursable ? 1 : 0, clientId);
    this.expenseDaily.add(companyId, date, category, amount, reimbursable);
    if (this.expenses.wouldOverflow()) this.expenses.flush();
    this.endRow();
  }

  finish(): void {
    if (this.db.inTransaction) this.commit();
    else this.onBatch(this.counted);
  }

  abort(): void {
    this.bulk = undefined;
    this.expenseDaily.clear();
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }
}
