/**
 * Money in that the import could not match, matched by the user to an invoice (the page's "match"): the invoice
 * is marked paid on the transaction's date and the transaction's key is remembered, so a re-import of the same
 * statement counts it as a duplicate instead of listing it again. One transaction.
 */
import { ConflictError } from '../../core/errors.js';
import { FieldReader } from '../../core/validate/fields.js';
import { LIMITS } from '../../core/validate/limits.js';
import type { Store } from '../../store/store.js';
import { changeOf } from '../../store/writes/change.js';
import { markPaid } from './statement-import.js';

export function matchMoneyIn(store: Store, companyId: number, input: unknown, now = new Date()): { invoice_id: number; paid_date: string } {
  const f = new FieldReader(input, ['invoice_id', 'date', 'amount', 'key']);
  const invoiceId = f.id('invoice_id', { required: true })!;
  const date = f.date('date', { required: true })!;
  const amount = f.amount('amount', { required: true })!;
  const key = f.text('key', LIMITS.importKeyLength, { required: true })!;
  return store.write(() => {
    const db = store.db;
    const inv = db.prepare('SELECT status, total, issue_date FROM invoices WHERE id = ? AND company_id = ?').get(invoiceId, companyId) as
      { status: string; total: number; issue_date: string } | undefined;
    if (!inv) throw new ConflictError(`Invoice ${invoiceId} does not exist in this company`, { invoice_id: invoiceId }, 'not_found');
    if (inv.status !== 'sent' && inv.status !== 'viewed')
      throw new ConflictError(`Invoice ${invoiceId} is ${inv.status}, not open`, { status: inv.status }, 'invoice_not_open');
    if (inv.total !== amount)
      throw new ConflictError(
        `Invoice ${invoiceId} is for ${inv.total}, the payment for ${amount}`,
        { total: inv.total, amount },
        'amount_mismatch',
      );
    if (inv.issue_date > date)
      throw new ConflictError(
        `Invoice ${invoiceId} was issued on ${inv.issue_date}, after the payment`,
        { issue_date: inv.issue_date },
        'paid_before_issue',
      );
    if (db.prepare('SELECT 1 FROM import_fingerprints WHERE company_id = ? AND key = ?').get(companyId, key) !== undefined) {
      throw new ConflictError('This transaction was already imported', { key }, 'duplicate');
    }
    const dates = markPaid(db, companyId, invoiceId, date);
    db.prepare(
      'INSERT INTO import_fingerprints (company_id, key, kind, ref_id, date, amount, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(companyId, key, 'payment', invoiceId, date, amount, now.toISOString());
    return {
      result: { invoice_id: invoiceId, paid_date: date },
      change: { ...changeOf(companyId, ['invoices'], dates), source: 'import' },
    };
  });
}
