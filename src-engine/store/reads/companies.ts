/**
 * The company repository: every lookup of a company row goes through here (handlers, dashboard views, the CLI,
 * writes), with one "company not found" error.
 */
import type { Database } from 'better-sqlite3';
import type { Company } from '../../core/domain.js';
import { todayIn, type IsoDate } from '../../core/dates.js';
import { NotFoundError } from '../../core/errors.js';
import { prepared } from '../statements.js';

export interface CompanyWithCounts extends Company {
  counts: { clients: number; invoices: number; expenses: number; quotes: number };
}

const COLUMNS = 'id, name, currency, time_zone, created_at';

/** The one "company not found" error; with no id, the database has no company at all. */
function companyNotFound(id?: number): NotFoundError {
  return new NotFoundError('company', id ?? 'default (the database has no company yet)');
}

export function getCompany(db: Database, id: number): Company {
  const row = prepared(db, `SELECT ${COLUMNS} FROM companies WHERE id = ?`).get(id) as Company | undefined;
  if (!row) throw companyNotFound(id);
  return row;
}

/** The default company: the first by id. */
export function defaultCompany(db: Database): Company {
  const row = prepared(db, `SELECT ${COLUMNS} FROM companies ORDER BY id LIMIT 1`).get() as Company | undefined;
  if (!row) throw companyNotFound();
  return row;
}

/** The company a request is scoped to: `id` when given, else the default. */
export function companyOrDefault(db: Database, id: number | undefined): Company {
  return id === undefined ? defaultCompany(db) : getCompany(db, id);
}

/** The company's today (its own time zone), at instant `now`. */
export function companyToday(db: Database, companyId: number, now: Date = new Date()): IsoDate {
  return todayIn(getCompany(db, companyId).time_zone, now);
}

export function listCompanies(db: Database): Company[] {
  return prepared(db, `SELECT ${COLUMNS} FROM companies ORDER BY id`).all() as Company[];
}

export function listCompaniesWithCounts(db: Database): CompanyWithCounts[] {
  // Correlated counts use each table's company index; fine for the handful of companies a database holds.
  const rows = prepared(
    db,
    `SELECT c.id, c.name, c.currency, c.time_zone, c.created_at,
      (SELECT COUNT(*) FROM clients WHERE company_id = c.id) AS clients,
      (SELECT COUNT(*) FROM invoices WHERE company_id = c.id) AS invoices,
      (SELECT COUNT(*) FROM expenses WHERE company_id = c.id) AS expenses,
      (SELECT COUNT(*) FROM quotes WHERE company_id = c.id) AS quotes
    FROM companies c ORDER BY c.id`,
  ).all() as (Company & CompanyWithCounts['counts'])[];
  return rows.map(({ clients, invoices, expenses, quotes, ...company }) => ({
    ...company,
    counts: { clients, invoices, expenses, quotes },
  }));
}
