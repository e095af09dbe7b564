/** Quote writes and conversion; the rules are pure (core/validate/quote.ts), applied here in one transaction. */
import type { Invoice, Quote } from '../../core/domain.js';
import { ConflictError } from '../../core/errors.js';
import { addDays } from '../../core/dates.js';
import { FieldReader, invalid } from '../../core/validate/fields.js';
import { LIMITS } from '../../core/validate/limits.js';
import { documentTotals } from '../../core/validate/lines.js';
import { QUANTITY_SCALE } from '../../core/money.js';
import { planQuoteUpdate, validateNewQuote, validateQuotePatch } from '../../core/validate/quote.js';
import { QUOTE_STATUSES } from '../../core/categories.js';
import { allocateNumber } from '../numbering.js';
import { companyToday, getCompany } from '../reads/companies.js';
import { getInvoice } from '../reads/invoices.js';
import { linesOf } from '../reads/lines.js';
import { getQuote, quoteRow } from '../reads/quotes.js';
import type { Store } from '../store.js';
import { changeOf } from './change.js';
import { insertInvoice } from './invoices.js';
import { replaceLines } from './lines.js';
import { requireClientOf } from './scope.js';

export function createQuote(store: Store, companyId: number, input: unknown): Quote {
  const q = validateNewQuote(input);
  return store.write(() => {
    const db = store.db;
    getCompany(db, companyId);
    requireClientOf(db, companyId, q.client_id);
    const number = allocateNumber(db, companyId, 'QT', Number(q.issue_date.slice(0, 4)));
    const { lastInsertRowid } = db
      .prepare(
        `INSERT INTO quotes (company_id, number, client_id, status, issue_date, valid_until, subtotal, tax_rate_bp, tax, total)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(companyId, number, q.client_id, q.status, q.issue_date, q.valid_until, q.subtotal, q.tax_rate_bp, q.tax, q.total);
    const id = Number(lastInsertRowid);
    replaceLines(db, 'quote_lines', id, q.lines);
    return { result: getQuote(db, companyId, id), change: changeOf(companyId, ['quotes'], [q.issue_date, q.valid_until]) };
  });
}

/** PATCH, including `status` moves along QUOTE_TRANSITIONS. */
export function updateQuote(store: Store, companyId: number, id: number, input: unknown): Quote {
  const patch = validateQuotePatch(input);
  return store.write(() => {
    const db = store.db;
    const old = quoteRow(db, companyId, id);
    const next = planQuoteUpdate(old, patch);
    if (patch.client_id !== undefined) requireClientOf(db, companyId, next.client_id);
    const lines = next.lines ?? linesOf(db, 'quote_lines', [id]).get(id)!;
    const totals = documentTotals(lines, next.tax_rate_bp);
    db.prepare(
      `UPDATE quotes SET client_id = ?, status = ?, issue_date = ?, valid_until = ?, subtotal = ?, tax_rate_bp = ?, tax = ?, total = ?
       WHERE id = ? AND company_id = ?`,
    ).run(
      next.client_id,
      next.status,
      next.issue_date,
      next.valid_until,
      totals.subtotal,
      next.tax_rate_bp,
      totals.tax,
      totals.total,
      id,
      companyId,
    );
    if (next.lines) replaceLines(db, 'quote_lines', id, next.lines);
    const dates = [old.issue_date, old.valid_until, next.issue_date, next.valid_until];
    return { result: getQuote(db, companyId, id), change: changeOf(companyId, ['quotes'], dates) };
  });
}

/** `{ status }` along QUOTE_TRANSITIONS (the same rule as a PATCH carrying only a status). */
export function setQuoteStatus(store: Store, companyId: number, id: number, input: unknown): Quote {
  const status = new FieldReader(input, ['status']).oneOf('status', QUOTE_STATUSES, { required: true })!;
  const current = quoteRow(store.db, companyId, id);
  if (current.status === status) {
    throw new ConflictError(`Quote ${id} is already ${status}`, { from: status, to: status }, 'illegal_transition');
  }
  return updateQuote(store, companyId, id, { status });
}

/** A converted quote cannot be deleted while its invoice exists (delete the draft invoice first). */
export function deleteQuote(store: Store, companyId: number, id: number): void {
  store.write(() => {
    const db = store.db;
    const old = quoteRow(db, companyId, id);
    if (old.converted_invoice_id !== null) {
      throw new ConflictError(
        `Quote ${id} was converted to invoice ${old.converted_invoice_id} and cannot be deleted`,
        {
          converted_invoice_id: old.converted_invoice_id,
        },
        'quote_converted',
      );
    }
    db.prepare('DELETE FROM quotes WHERE id = ? AND company_id = ?').run(id, companyId);
    return { result: undefined, change: changeOf(companyId, ['quotes'], [old.issue_date, old.valid_until]) };
  });
}

/**
 * Turn an approved quote into a draft invoice with the same client, tax rate and lines, once. Optional input
 * `{ issue_date, due_date }`; the issue date defaults to the company's today, the due date to 30 days later.
 */
export function convertQuote(store: Store, companyId: number, id: number, input: unknown = {}, now: Date = new Date()): Invoice {
  const f = new FieldReader(input ?? {}, ['issue_date', 'due_date']);
  const issueIn = f.date('issue_date');
  const dueIn = f.date('due_date');
  return store.write(() => {
    const db = store.db;
    const quote = getQuote(db, companyId, id);
    if (quote.converted_invoice_id !== null) {
      throw new ConflictError(
        `Quote ${id} was already converted to invoice ${quote.converted_invoice_id}`,
        {
          converted_invoice_id: quote.converted_invoice_id,
        },
        'quote_converted',
      );
    }
    if (quote.status !== 'approved') {
      throw new ConflictError(
        `Only an approved quote can be converted (quote ${id} is ${quote.status})`,
        { status: quote.status },
        'quote_not_approved',
      );
    }
    const issue_date = issueIn ?? companyToday(db, companyId, now);
    const due_date = dueIn ?? addDays(issue_date, LIMITS.defaultTermDays);
    if (due_date < issue_date) throw invalid('due_date', `must not be before issue_date (${issue_date})`, due_date);
    const lines = quote.lines.map((l) => ({
      description: l.description,
      quantity_milli: Math.round(l.quantity * QUANTITY_SCALE),
      unit_price: l.unit_price,
      line_total: l.line_total,
    }));
    const invoiceId = insertInvoice(
      db,
      companyId,
      {
        client_id: quote.client_id,
        status: 'draft',
        issue_date,
        due_date,
        paid_date: null,
        tax_rate_bp: quote.tax_rate_bp,
        lines,
        ...documentTotals(lines, quote.tax_rate_bp),
      },
      id,
    );
    db.prepare('UPDATE quotes SET converted_invoice_id = ? WHERE id = ? AND company_id = ?').run(invoiceId, id, companyId);
    return {
      result: getInvoice(db, companyId, invoiceId, now),
      change: changeOf(companyId, ['quotes', 'invoices'], [quote.issue_date, issue_date, due_date], 2),
    };
  });
}
