import type { Database } from 'better-sqlite3';
import type { Quote } from '../../core/domain.js';
import { NotFoundError } from '../../core/errors.js';
import { validateQuoteFilter, type Page } from '../../core/validate/list.js';
import { getCompany } from './companies.js';
import { linesOf } from './lines.js';
import { finish, pageOf } from './page.js';
import { Where } from './rows.js';

export type QuoteRow = Omit<Quote, 'lines'>;

const COLUMNS =
  'id, company_id, number, client_id, status, issue_date, valid_until, subtotal, tax_rate_bp, tax, total, converted_invoice_id';

function withLines(db: Database, rows: QuoteRow[]): Quote[] {
  const lines = linesOf(
    db,
    'quote_lines',
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, lines: lines.get(r.id) ?? [] }));
}

/** The stored quote row without its lines (for write rules), scoped to the company. */
export function quoteRow(db: Database, companyId: number, id: number): QuoteRow {
  const row = db.prepare(`SELECT ${COLUMNS} FROM quotes WHERE id = ? AND company_id = ?`).get(id, companyId) as QuoteRow | undefined;
  if (!row) throw new NotFoundError('quote', id);
  return row;
}

export function getQuote(db: Database, companyId: number, id: number): Quote {
  return withLines(db, [quoteRow(db, companyId, id)])[0]!;
}

/** Filters: `from`/`to` on the issue date, `status`, `client_id`; newest first, lines included. */
export function listQuotes(db: Database, companyId: number, input: unknown = {}): Page<Quote> {
  const f = validateQuoteFilter(input);
  getCompany(db, companyId);
  const where = new Where().add('company_id = :company', { company: companyId });
  if (f.from !== undefined) where.add('issue_date >= :from', { from: f.from });
  if (f.to !== undefined) where.add('issue_date <= :to', { to: f.to });
  if (f.status !== undefined) where.add('status = :status', { status: f.status });
  if (f.client_id !== undefined) where.add('client_id = :client', { client: f.client_id });
  return finish(pageOf<QuoteRow>(db, { columns: COLUMNS, from: 'quotes', where, order: 'issue_date DESC, id DESC' }, f), (rows) =>
    withLines(db, rows),
  );
}
