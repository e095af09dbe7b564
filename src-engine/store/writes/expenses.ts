import type { Expense } from '../../core/domain.js';
import { validateExpensePatch, validateNewExpense } from '../../core/validate/expense.js';
import { getCompany } from '../reads/companies.js';
import { getExpense } from '../reads/expenses.js';
import type { Store } from '../store.js';
import { changeOf } from './change.js';
import { requireClientOf } from './scope.js';

export function createExpense(store: Store, companyId: number, input: unknown): Expense {
  const e = validateNewExpense(input);
  return store.write(() => {
    getCompany(store.db, companyId);
    if (e.client_id !== null) requireClientOf(store.db, companyId, e.client_id);
    const { lastInsertRowid } = store.db
      .prepare(
        'INSERT INTO expenses (company_id, date, category, description, amount, reimbursable, client_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(companyId, e.date, e.category, e.description, e.amount, e.reimbursable ? 1 : 0, e.client_id);
    return { result: getExpense(store.db, companyId, Number(lastInsertRowid)), change: changeOf(companyId, ['expenses'], [e.date]) };
  });
}

export function updateExpense(store: Store, companyId: number, id: number, input: unknown): Expense {
  const patch = validateExpensePatch(input);
  return store.write(() => {
    const old = getExpense(store.db, companyId, id);
    const next = { ...old, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    if (patch.client_id != null) requireClientOf(store.db, companyId, patch.client_id);
    store.db
      .prepare(
        'UPDATE expenses SET date = ?, category = ?, description = ?, amount = ?, reimbursable = ?, client_id = ? WHERE id = ? AND company_id = ?',
      )
      .run(next.date, next.category, next.description, next.amount, next.reimbursable ? 1 : 0, next.client_id, id, companyId);
    return { result: getExpense(store.db, companyId, id), change: changeOf(companyId, ['expenses'], [old.date, next.date]) };
  });
}

export function deleteExpense(store: Store, companyId: number, id: number): void {
  store.write(() => {
    const old = getExpense(store.db, companyId, id);
    store.db.prepare('DELETE FROM expenses WHERE id = ? AND company_id = ?').run(id, companyId);
    return { result: undefined, change: changeOf(companyId, ['expenses'], [old.date]) };
  });
}
