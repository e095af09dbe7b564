/**
 * Which company a request is about: the `company` parameter, else the first company. Every handler scopes by
 * the id this returns, so no request can reach another company's rows by omission.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { Company } from '../../core/domain.js';
import { NotFoundError } from '../../core/errors.js';

const statements = new WeakMap<Database, { byId: Statement; first: Statement; all: Statement }>();

function stmts(db: Database) {
  let s = statements.get(db);
  if (!s) {
    s = {
      byId: db.prepare('SELECT id, name, currency, time_zone, created_at FROM companies WHERE id = ?'),
      first: db.prepare('SELECT id, name, currency, time_zone, created_at FROM companies ORDER BY id LIMIT 1'),
      all: db.prepare('SELECT id, name, currency, time_zone, created_at FROM companies ORDER BY id'),
    };
    statements.set(db, s);
  }
  return s;
}

export function resolveCompany(db: Database, id: number | undefined): Company {
  const row = (id === undefined ? stmts(db).first.get() : stmts(db).byId.get(id)) as Company | undefined;
  if (!row) throw new NotFoundError('company', id ?? '(none: the database has no company)');
  return row;
}

export function listCompanies(db: Database): Company[] {
  return stmts(db).all.all() as Company[];
}
