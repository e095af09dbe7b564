/**
 * Bulk inserts for the demo generator: prepared statements inside transactions of BATCH rows. Batches keep
 * the write-ahead log short and memory flat however many rows are written; the triggers update rollups row by
 * row inside each batch, so every committed batch is consistent.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { ExpenseCategory, InvoiceStatus, QuoteStatus } from '../core/categories.js';
import type { IsoDate } from '../core/dates.js';
import type { DemoCompanySpec } from './demo-vocabulary.js';

const BATCH = 25_000;

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

export class BatchWriter {
  private readonly company: Statement;
  private readonly client: Statement;
  private readonly invoice: Statement;
  private readonly invoiceLine: Statement;
  private readonly quote: Statement;
  private readonly quoteLine: Statement;
  private readonly linkQuote: Statement;
  private readonly expense: Statement;
  private inBatch = 0;
  /** Expense and invoice rows written (what progress counts). */
  private counted = 0;

  constructor(
    readonly db: Database,
    private readonly onBatch: (counted: number) => void = () => {},
  ) {
    this.company = db.prepare('INSERT INTO companies (name, currency, time_zone, created_at) VALUES (?, ?, ?, ?)');
    this.client = db.prepare('INSERT INTO clients (company_id, name, email, phone, active, created_date) VALUES (?, ?, ?, ?, ?, ?)');
    this.invoice = db.prepare(
      `INSERT INTO invoices (company_id, number, client_id, status, issue_date, due_date, paid_date, subtotal, tax_rate_bp, tax, total)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.invoiceLine = db.prepare(
      'INSERT INTO invoice_lines (invoice_id, position, description, quantity_milli, unit_price, line_total) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.quote = db.prepare(
      `INSERT INTO quotes (company_id, number, client_id, status, issue_date, valid_until, subtotal, tax_rate_bp, tax, total, converted_invoice_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.quoteLine = db.prepare(
      'INSERT INTO quote_lines (quote_id, position, description, quantity_milli, unit_price, line_total) VALUES (?, ?, ?, ?, ?, ?)',
    );
    // invoices.quote_id is not a rollup input, so this update fires no trigger.
    this.linkQuote = db.prepare('UPDATE invoices SET quote_id = ? WHERE id = ?');
    this.expense = db.prepare(
      'INSERT INTO expenses (company_id, date, category, description, amount, reimbursable, client_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
  }

  private tick(counts: boolean): void {
    if (!this.db.inTransaction) this.db.exec('BEGIN IMMEDIATE');
    if (counts) this.counted++;
    if (++this.inBatch >= BATCH) {
      this.db.exec('COMMIT');
      this.inBatch = 0;
      this.onBatch(this.counted);
    }
  }

  insertCompany(spec: DemoCompanySpec, createdAt: string): number {
    this.tick(false);
    return Number(this.company.run(spec.name, spec.currency, spec.time_zone, createdAt).lastInsertRowid);
  }

  insertClient(companyId: number, name: string, email: string | null, phone: string, active: boolean, created: IsoDate): number {
    this.tick(false);
    return Number(this.client.run(companyId, name, email, phone, active ? 1 : 0, created).lastInsertRowid);
  }

  insertInvoice(
    companyId: number, number: string, clientId: number, status: InvoiceStatus, issue: IsoDate, due: IsoDate, paid: IsoDate | null,
    subtotal: number, rateBp: number, tax: number, lines: readonly LineRow[],
  ): number {
    this.tick(true);
    const id = Number(
      this.invoice.run(companyId, number, clientId, status, issue, due, paid, subtotal, rateBp, tax, subtotal + tax).lastInsertRowid,
    );
    lines.forEach((l, i) => this.invoiceLine.run(id, i + 1, l.description, l.quantityMilli, l.unitPrice, l.total));
    return id;
  }

  insertQuote(
    companyId: number, number: string, clientId: number, status: QuoteStatus, issue: IsoDate, validUntil: IsoDate,
    subtotal: number, rateBp: number, tax: number, lines: readonly LineRow[], convertedInvoiceId: number | null,
  ): number {
    this.tick(false);
    const id = Number(
      this.quote.run(companyId, number, clientId, status, issue, validUntil, subtotal, rateBp, tax, subtotal + tax, convertedInvoiceId)
        .lastInsertRowid,
    );
    lines.forEach((l, i) => this.quoteLine.run(id, i + 1, l.description, l.quantityMilli, l.unitPrice, l.total));
    if (convertedInvoiceId !== null) this.linkQuote.run(id, convertedInvoiceId);
    return id;
  }

  insertExpense(
    companyId: number, date: IsoDate, category: ExpenseCategory, description: string, amount: number, reimbursable: boolean,
    clientId: number | null,
  ): void {
    this.tick(true);
    this.expense.run(companyId, date, category, description, amount, reimbursable ? 1 : 0, clientId);
  }

  finish(): void {
    if (this.db.inTransaction) this.db.exec('COMMIT');
    this.inBatch = 0;
    this.onBatch(this.counted);
  }

  abort(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }
}
