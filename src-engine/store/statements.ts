/**
 * Prepared statements cached per connection: the one statement cache of the engine. Dashboard views and company
 * lookups are hot paths (every dashboard paint, every live push, every request's company); preparing SQL costs
 * more than running their index scans, so each SQL text is prepared once per database.
 */
import type { Database, Statement } from 'better-sqlite3';

const cache = new WeakMap<Database, Map<string, Statement>>();

export function prepared(db: Database, sql: string): Statement {
  let byDb = cache.get(db);
  if (!byDb) {
    byDb = new Map();
    cache.set(db, byDb);
  }
  let s = byDb.get(sql);
  if (!s) {
    s = db.prepare(sql);
    byDb.set(sql, s);
  }
  return s;
}
