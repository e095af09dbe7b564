import type { Database } from 'better-sqlite3';
import type { Expense } from '../../core/domain.js';
import { NotFoundError } from '../../core/errors.js';
import { validateExpenseFilter, type Page } from '../../core/validate/list.js';
import { getCompany } from './companies.js';
import { finish, pageOf } from './page.js';
import { toExpense, Where, type ExpenseRow } from './rows.js';

const COLUMNS = 'id, company_id, date, category, description, amount, reimbursable, client_id';

export function getExpense(db: Database, companyId: number, id: number): Expense {
  const row = db.prepare(`SELECT ${COLUMNS} FROM expenses WHERE id = ? AND company_id = ?`).get(id, companyId) as ExpenseRow | undefined;
  if (!row) throw new NotFoundError('expense', id);
  return toExpense(row);
}

/** Filters: `from`/`to` (inclusive), `category`, `client_id`, `reimbursable`; newest first. */
export function listExpenses(db: Database, companyId: number, input: unknown = {}): Page<Expense> {
  const f = validateExpenseFilter(input);
  getCompany(db, companyId);
  const where = new Where().add('company_id = :company', { company: companyId });
  if (f.from !== undefined) where.add('date >= :from', { from: f.from });
  if (f.to !== undefined) where.add('date <= :to', { to: f.to });
  if (f.category !== undefined) where.add('category = :category', { category: f.category });
  if (f.client_id !== undefined) where.add('client_id = :client', { client: f.client_id });
  if (f.reimbursable !== undefined) where.add('reimbursable = :reimbursable', { reimbursable: f.reimbursable ? 1 : 0 });
  return finish(
    pageOf<ExpenseRow>(db, { columns: COLUMNS, from: 'expenses', where, order: 'date DESC, id DESC', sum: 'amount' }, f),
    (rows) => rows.map(toExpense),
  );
}
