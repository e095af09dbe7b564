import type { Database } from 'better-sqlite3';
import type { Client } from '../../core/domain.js';
import { NotFoundError } from '../../core/errors.js';
import { validateClientFilter, type Page } from '../../core/validate/list.js';
import { getCompany } from './companies.js';
import { finish, pageOf } from './page.js';
import { toClient, Where, type ClientRow } from './rows.js';

const COLUMNS = 'id, company_id, name, email, phone, active, created_date';

export function getClient(db: Database, companyId: number, id: number): Client {
  const row = db.prepare(`SELECT ${COLUMNS} FROM clients WHERE id = ? AND company_id = ?`).get(id, companyId) as ClientRow | undefined;
  if (!row) throw new NotFoundError('client', id);
  return toClient(row);
}

/** Filters: `active`, `q` (name contains, case-insensitive); ordered by name, then id. */
export function listClients(db: Database, companyId: number, input: unknown = {}): Page<Client> {
  const filter = validateClientFilter(input);
  getCompany(db, companyId);
  const where = new Where().add('company_id = :company', { company: companyId });
  if (filter.active !== undefined) where.add('active = :active', { active: filter.active ? 1 : 0 });
  // instr on lower(): a plain substring match with no LIKE wildcards to escape.
  if (filter.created_to !== undefined) where.add('created_date <= :created_to', { created_to: filter.created_to });
  if (filter.q !== undefined) where.add('instr(lower(name), lower(:q)) > 0', { q: filter.q });
  return finish(pageOf<ClientRow>(db, { columns: COLUMNS, from: 'clients', where, order: 'name COLLATE NOCASE, id' }, filter), (rows) =>
    rows.map(toClient),
  );
}
