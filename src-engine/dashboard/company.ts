/** The company a request is scoped to: its id, name, currency and time zone. */
import type { Database } from 'better-sqlite3';
import { NotFoundError } from '../core/errors.js';
import { stmt } from './statements.js';
import type { CompanyRef } from './types.js';

export function loadCompany(db: Database, id: number): CompanyRef {
  const row = stmt(db, 'SELECT id, name, currency, time_zone FROM companies WHERE id = ?').get(id) as CompanyRef | undefined;
  if (!row) throw new NotFoundError('company', id);
  return row;
}

/** The default company: the first by id. */
export function firstCompanyId(db: Database): number {
  const id = stmt(db, 'SELECT id FROM companies ORDER BY id LIMIT 1').pluck().get() as number | undefined;
  if (id === undefined) throw new NotFoundError('company', 'default (the database has no company yet)');
  return id;
}
