/** Invoice writes; the rules themselves are pure (core/validate/invoice.ts), applied here in one transaction. */
import type { Database } from 'better-sqlite3';
import type { Invoice } from '../../core/domain.js';
import { ConflictError } from '../../core/errors.js';
import {
  planInvoiceUpdate,
  validateInvoicePatch,
  validateNewInvoice,
  validateStatusChange,
  type InvoiceFields,
} from '../../core/validate/invoice.js';
import { documentTotals, type DocumentTotals } from '../../core/validate/lines.js';
import { allocateNumber } from '../numbering.js';
import { companyToday } from '../reads/companies.js';
import { getInvoice, invoiceRow } from '../reads/invoices.js';
import { linesOf } from '../reads/lines.js';
import type { Store } from '../store.js';
import { changeOf } from './change.js';
import { recordInvoiceStatus } from './invoice-history.js';
import { replaceLines } from './lines.js';
import { requireClientOf } from './scope.js';

/** Insert a validated invoice with a fresh number (inside the caller's write transaction); returns its id. */
export function insertInvoice(db: Database, companyId: number, inv: InvoiceFields & DocumentTotals, quoteId: number | null = null): number {
  requireClientOf(db, companyId, inv.client_id);
  const number = allocateNumber(db, companyId, 'INV', Number(inv.issue_date.slice(0, 4)));
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO invoices (company_id, number, client_id, status, issue_date, due_date, paid_date, subtotal, tax_rate_bp, tax, total, quote_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      companyId,
      number,
      inv.client_id,
      inv.status,
      inv.issue_date,
      inv.due_date,
      inv.paid_date,
      inv.subtotal,
      inv.tax_rate_bp,
      inv.tax,
      inv.total,
      quoteId,
    );
  const id = Number(lastInsertRowid);
  replaceLines(db, 'invoice_lines', id, inv.lines);
  return id;
}

export function createInvoice(store: Store, companyId: number, input: unknown, now: Date = new Date()): Invoice {
  return store.write(() => {
    const inv = validateNewInvoice(input, companyToday(store.db, companyId, now));
    const id = insertInvoice(store.db, companyId, inv);
    return {
      result: getInvoice(store.db, companyId, id, now),
      change: changeOf(companyId, ['invoices'], [inv.issue_date, inv.due_date, inv.paid_date]),
    };
  });
}

/** PATCH: see core/validate/invoice.ts for what may change in which status. */
export function updateInvoice(store: Store, companyId: number, id: number, input: unknown, now: Date = new Date()): Invoice {
  const patch = validateInvoicePatch(input);
  return store.write(() => {
    const db = store.db;
    const old = invoiceRow(db, companyId, id);
    const today = companyToday(db, companyId, now);
    const next = planInvoiceUpdate(old, patch, today);
    if (patch.client_id !== undefined) requireClientOf(db, companyId, next.client_id);
    const statusDay = next.status === old.status ? null : next.status === 'paid' ? next.paid_date! : today;
    if (statusDay !== null) recordInvoiceStatus(db, companyId, id, next.status, statusDay);
    const lines =
      next.lines ??
      linesOf(db, 'invoice_lines', [id])
        .get(id)!
        .map((l) => ({ line_total: l.line_total }));
    const totals = documentTotals(lines, next.tax_rate_bp);
    db.prepare(
      `UPDATE invoices SET client_id = ?, status = ?, issue_date = ?, due_date = ?, paid_date = ?, subtotal = ?, tax_rate_bp = ?, tax = ?, total = ?
       WHERE id = ? AND company_id = ?`,
    ).run(
      next.client_id,
      next.status,
      next.issue_date,
      next.due_date,
      next.paid_date,
      totals.subtotal,
      next.tax_rate_bp,
      totals.tax,
      totals.total,
      id,
      companyId,
    );
    if (next.lines) replaceLines(db, 'invoice_lines', id, next.lines);
    const dates = [old.issue_date, old.due_date, old.paid_date, next.issue_date, next.due_date, next.paid_date, statusDay];
    return { result: getInvoice(db, companyId, id, now), change: changeOf(companyId, ['invoices'], dates) };
  });
}

/** `{ status, paid_date? }` along INVOICE_TRANSITIONS; `paid` defaults paid_date to the company's today. */
export function setInvoiceStatus(store: Store, companyId: number, id: number, input: unknown, now: Date = new Date()): Invoice {
  const change = validateStatusChange(input);
  return store.write(() => {
    const db = store.db;
    const old = invoiceRow(db, companyId, id);
    if (old.status === change.status) {
      throw new ConflictError(`Invoice ${id} is already ${old.status}`, { from: old.status, to: change.status }, 'illegal_transition');
    }
    const today = companyToday(db, companyId, now);
    const next = planInvoiceUpdate(old, change, today);
    // The history entry first (same transaction): it is what "as of" figures read; paid is dated by its paid date.
    const statusDay = next.status === 'paid' ? next.paid_date! : today;
    recordInvoiceStatus(db, companyId, id, next.status, statusDay);
    db.prepare('UPDATE invoices SET status = ?, paid_date = ? WHERE id = ? AND company_id = ?').run(
      next.status,
      next.paid_date,
      id,
      companyId,
    );
    const dates = [old.issue_date, old.due_date, old.paid_date, next.paid_date, statusDay];
    return { result: getInvoice(db, companyId, id, now), change: changeOf(companyId, ['invoices'], dates) };
  });
}

/**
 * Only drafts and cancelled invoices can be deleted: a sent or paid invoice is part of the books (cancel it
 * instead). Deleting an invoice made from a quote makes that quote convertible again.
 */
export function deleteInvoice(store: Store, companyId: number, id: number): void {
  store.write(() => {
    const db = store.db;
    const old = invoiceRow(db, companyId, id);
    if (old.status !== 'draft' && old.status !== 'cancelled') {
      throw new ConflictError(`A ${old.status} invoice cannot be deleted; cancel it instead`, { status: old.status }, 'invoice_locked');
    }
    const quote = db.prepare('SELECT issue_date FROM quotes WHERE converted_invoice_id = ? AND company_id = ?').get(id, companyId) as
      { issue_date: string } | undefined;
    if (quote)
      db.prepare('UPDATE quotes SET converted_invoice_id = NULL WHERE converted_invoice_id = ? AND company_id = ?').run(id, companyId);
    db.prepare('DELETE FROM invoices WHERE id = ? AND company_id = ?').run(id, companyId);
    const dates = [old.issue_date, old.due_date, old.paid_date, quote?.issue_date];
    return { result: undefined, change: changeOf(companyId, quote ? ['invoices', 'quotes'] : ['invoices'], dates, quote ? 2 : 1) };
  });
}
