import type { Database } from 'better-sqlite3';
import type { Page, Paging } from '../../core/validate/list.js';
import type { Where } from './rows.js';

/**
 * One page of `SELECT cols FROM from where ORDER BY order` plus the total row count. `order` must end with a
 * unique column (id) so pages never overlap or skip rows when values tie.
 */
export function pageOf<R>(db: Database, q: { columns: string; from: string; where: Where; order: string }, paging: Paging): Page<R> & { rows: R[] } {
  const total = db.prepare(`SELECT COUNT(*) FROM ${q.from} ${q.where.sql}`).pluck().get(q.where.params) as number;
  const rows = db
    .prepare(`SELECT ${q.columns} FROM ${q.from} ${q.where.sql} ORDER BY ${q.order} LIMIT :limit OFFSET :offset`)
    .all({ ...q.where.params, limit: paging.page_size, offset: (paging.page - 1) * paging.page_size }) as R[];
  return { items: [], rows, page: paging.page, page_size: paging.page_size, total };
}

export function finish<R, T>(p: Page<R> & { rows: R[] }, map: (rows: R[]) => T[]): Page<T> {
  return { items: map(p.rows), page: p.page, page_size: p.page_size, total: p.total };
}
