/**
 * Status history entries written by the write API (migration 006 explains the table). The entry goes in before
 * the invoice's status UPDATE, inside the same transaction, dated with the company's today; the UPDATE's
 * fallback trigger then finds it and adds nothing.
 */
import type { Database } from 'better-sqlite3';
import type { InvoiceStatus } from '../../core/categories.js';
import type { IsoDate } from '../../core/dates.js';

/** Record that invoice `id` moved to `status` on `day` (clamped: never before its issue date or its last entry). */
export function recordInvoiceStatus(db: Database, companyId: number, id: number, status: InvoiceStatus, day: IsoDate): void {
  db.prepare(
    `INSERT INTO invoice_status_history (company_id, invoice_id, status, day)
     SELECT ?, ?, ?, MAX(?, (SELECT issue_date FROM invoices WHERE id = ?),
       COALESCE((SELECT MAX(day) FROM invoice_status_history WHERE invoice_id = ?), ''))`,
  ).run(companyId, id, status, day, id, id);
}
