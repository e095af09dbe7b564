import type { Database } from 'better-sqlite3';
import type { Page, Paging } from '../../core/validate/list.js';
import type { Where } from './rows.js';

/**
 * One page of `SELECT cols FROM from where ORDER BY order` plus the total row count. `order` must end with a
 * unique column (id) so pages never overlap or skip rows when values tie.
 */
export function pageOf<R>(
  db: Database,
  q: { columns: string; from: string; where: Where; order: string; sum?: string },
  paging: Paging,
): Page<R> & { rows: R[] } {
  // With `sum` (a money column): its total over every matching row, so a list can show it sums to its figure.
  const [total, sum] = db
    .prepare(`SELECT COUNT(*), ${q.sum ? `COALESCE(SUM(${q.sum}), 0)` : 'NULL'} FROM ${q.from} ${q.where.sql}`)
    .raw()
    .get(q.where.params) as [number, number | null];
  const rows = db
    .prepare(`SELECT ${q.columns} FROM ${q.from} ${q.where.sql} ORDER BY ${q.order} LIMIT :limit OFFSET :offset`)
    .all({ ...q.where.params, limit: paging.page_size, offset: (paging.page - 1) * paging.page_size }) as R[];
  return { items: [], rows, page: paging.page, page_size: paging.page_size, total, ...(sum !== null && { sum }) };
}

export function finish<R, T>(p: Page<R> & { rows: R[] }, map: (rows: R[]) => T[]): Page<T> {
  return { items: map(p.rows), page: p.page, page_size: p.page_size, total: p.total, ...(p.sum !== undefined && { sum: p.sum }) };
}
