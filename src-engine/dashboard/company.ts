/**
 * The company a view is scoped to (its id, name, currency and time zone), read through the store's company
 * repository and remembered while the database's change feed says the companies are unchanged.
 */
import type { Database } from 'better-sqlite3';
import type { ChangeEvent } from '../store/changes.js';
import { defaultCompany, getCompany } from '../store/reads/companies.js';
import type { CompanyRef } from '../core/views/types.js';

interface CompanyMemo {
  byId: Map<number, CompanyRef>;
  first: number | undefined;
}

/**
 * Company rows of databases whose writes reach a change feed (the service's): every dashboard request resolves
 * its company twice, and two SQLite round trips per cached hit cost more than the hit itself. Only found rows
 * are kept (an unknown id or an empty database asks SQLite again); any change to `companies` clears the memo.
 */
const memos = new WeakMap<Database, CompanyMemo>();

/** Remember `db`'s company rows until `subscribe`'s feed reports a change to companies; returns the unsubscribe. */
export function memoizeCompanies(db: Database, subscribe: (listener: (e: ChangeEvent) => void) => () => void): () => void {
  if (memos.has(db)) return () => {}; // already kept up to date by an earlier subscription
  const memo: CompanyMemo = { byId: new Map(), first: undefined };
  memos.set(db, memo);
  const off = subscribe((e) => {
    // A restore or an event without tables may have replaced anything: forget it all.
    if (e.tables.length === 0 || e.tables.includes('companies') || e.source === 'restore') {
      memo.byId.clear();
      memo.first = undefined;
    }
  });
  return () => {
    off();
    if (memos.get(db) === memo) memos.delete(db);
  };
}

export function loadCompany(db: Database, id: number): CompanyRef {
  const memo = memos.get(db);
  const known = memo?.byId.get(id);
  if (known) return known;
  const { name, currency, time_zone } = getCompany(db, id);
  const ref: CompanyRef = { id, name, currency, time_zone };
  // Shared between requests: frozen so no caller can alter what the next one reads.
  memo?.byId.set(id, Object.freeze(ref));
  return ref;
}

/** The default company: the first by id. */
export function firstCompanyId(db: Database): number {
  const memo = memos.get(db);
  if (memo?.first !== undefined) return memo.first;
  const id = defaultCompany(db).id;
  if (memo) memo.first = id;
  return id;
}
