import type { Database } from 'better-sqlite3';
import { isOpen } from '../../core/categories.js';
import type { IsoDate } from '../../core/dates.js';
import type { Invoice } from '../../core/domain.js';
import { NotFoundError } from '../../core/errors.js';
import { validateInvoiceFilter, type Page } from '../../core/validate/list.js';
import { companyToday } from './companies.js';
import { linesOf } from './lines.js';
import { finish, pageOf } from './page.js';
import { Where } from './rows.js';

export type InvoiceRow = Omit<Invoice, 'lines' | 'overdue'>;

const COLUMNS = 'id, company_id, number, client_id, status, issue_date, due_date, paid_date, subtotal, tax_rate_bp, tax, total, quote_id';

/** Overdue is derived, never stored: still owed (sent/viewed) and due before the company's today. */
function isOverdue(row: Pick<InvoiceRow, 'status' | 'due_date'>, today: IsoDate): boolean {
  return isOpen(row.status) && row.due_date < today;
}

function complete(db: Database, rows: InvoiceRow[], today: IsoDate): Invoice[] {
  const lines = linesOf(
    db,
    'invoice_lines',
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, lines: lines.get(r.id) ?? [], overdue: isOverdue(r, today) }));
}

/** The stored invoice row without lines (for write rules), scoped to the company. */
export function invoiceRow(db: Database, companyId: number, id: number): InvoiceRow {
  const row = db.prepare(`SELECT ${COLUMNS} FROM invoices WHERE id = ? AND company_id = ?`).get(id, companyId) as InvoiceRow | undefined;
  if (!row) throw new NotFoundError('invoice', id);
  return row;
}

export function getInvoice(db: Database, companyId: number, id: number, now: Date = new Date()): Invoice {
  const today = companyToday(db, companyId, now);
  return complete(db, [invoiceRow(db, companyId, id)], today)[0]!;
}

/**
 * Filters: `status` (a stored status or the derived `overdue` / `open` / `revenue`; `open`/`overdue` with `as_of`:
 * as that day stood by the status history), `from`/`to` on the issue date or, with
 * `date_field=paid`, on the paid date (paid invoices only), `client_id`. Newest first by the chosen date.
 */
export function listInvoices(db: Database, companyId: number, input: unknown = {}, now: Date = new Date()): Page<Invoice> {
  const f = validateInvoiceFilter(input);
  const today = companyToday(db, companyId, now);
  const column = f.date_field === 'paid' ? 'paid_date' : 'issue_date';
  const where = new Where().add('company_id = :company', { company: companyId });
  if (f.date_field === 'paid') where.add('paid_date IS NOT NULL');
  if (f.from !== undefined) where.add(`${column} >= :from`, { from: f.from });
  if (f.to !== undefined) where.add(`${column} <= :to`, { to: f.to });
  if (f.as_of !== undefined) {
    // Owed on that day by the status history (invoice_open_span), the rule of every "as of" figure.
    where.add('id IN (SELECT invoice_id FROM invoice_open_span WHERE company_id = :company AND close_day > :asof AND open_day <= :asof)', {
      asof: f.as_of,
    });
    if (f.status === 'overdue') where.add('due_date < :asof');
  } else if (f.status === 'overdue') where.add(`status IN ('sent', 'viewed') AND due_date < :today`, { today });
  else if (f.status === 'open') where.add("status IN ('sent', 'viewed')");
  else if (f.status === 'revenue') where.add("status NOT IN ('draft', 'cancelled')");
  else if (f.status !== undefined) where.add('status = :status', { status: f.status });
  if (f.client_id !== undefined) where.add('client_id = :client', { client: f.client_id });
  return finish(
    pageOf<InvoiceRow>(db, { columns: COLUMNS, from: 'invoices', where, order: `${column} DESC, id DESC`, sum: 'total' }, f),
    (rows) => complete(db, rows, today),
  );
}
