import type { Database } from 'better-sqlite3';
import type { Company } from '../../core/domain.js';
import { NotFoundError } from '../../core/errors.js';
import { todayIn, type IsoDate } from '../../core/dates.js';

export interface CompanyWithCounts extends Company {
  counts: { clients: number; invoices: number; expenses: number; quotes: number };
}

export function getCompany(db: Database, id: number): Company {
  const row = db.prepare('SELECT id, name, currency, time_zone, created_at FROM companies WHERE id = ?').get(id) as Company | undefined;
  if (!row) throw new NotFoundError('company', id);
  return row;
}

/** The company's today (its own time zone), at instant `now`. */
export function companyToday(db: Database, companyId: number, now: Date = new Date()): IsoDate {
  return todayIn(getCompany(db, companyId).time_zone, now);
}

export function listCompanies(db: Database): CompanyWithCounts[] {
  // Correlated counts use each table's company index; fine for the handful of companies a database holds.
  const rows = db
    .prepare(
      `SELECT c.id, c.name, c.currency, c.time_zone, c.created_at,
        (SELECT COUNT(*) FROM clients WHERE company_id = c.id) AS clients,
        (SELECT COUNT(*) FROM invoices WHERE company_id = c.id) AS invoices,
        (SELECT COUNT(*) FROM expenses WHERE company_id = c.id) AS expenses,
        (SELECT COUNT(*) FROM quotes WHERE company_id = c.id) AS quotes
      FROM companies c ORDER BY c.id`,
    )
    .all() as (Company & CompanyWithCounts['counts'])[];
  return rows.map(({ clients, invoices, expenses, quotes, ...company }) => ({
    ...company,
    counts: { clients, invoices, expenses, quotes },
  }));
}
